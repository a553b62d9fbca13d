package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.check.VerdictJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The incidents of every check and what the state machine counts for them. Every change happens in
 * {@link #transact}: one BEGIN IMMEDIATE transaction in which the state, the incidents and the outbox
 * rows they cause commit together, or not at all.
 */
public final class IncidentStore {
    private static final String BY_KEY = "contract = ? AND environment = ? AND check_name = ?";
    private static final String INCIDENT_COLUMNS = "id, contract, environment, check_name, slot, trigger, first_seen_at,"
            + " opened_at, last_reminded_at, resolved_at, slack_channel, slack_ts";
    private final Transactions db;

    IncidentStore(Transactions db) {
        this.db = db;
    }

    /**
     * Runs {@code work} on the alert state of {@code key} inside one write transaction. A second process
     * sharing the file waits for it, then sees what it committed.
     */
    public <T> T transact(CheckKey key, Function<Tx, T> work) {
        return db.write("change the incidents of " + key, c -> {
            Tx tx = new Tx(c, key);
            try {
                return work.apply(tx);
            } catch (SqlFailure f) {
                throw f.cause;
            }
        });
    }

    /**
     * Runs {@code work} on the alert state of {@code key} on a connection already inside a write transaction
     * (the one that records the verdict), so the verdict and its incident step commit together.
     */
    static <T> T within(Connection c, CheckKey key, Function<Tx, T> work) throws SQLException {
        try {
            return work.apply(new Tx(c, key));
        } catch (SqlFailure f) {
            throw f.cause;
        }
    }

    /** Every check the state machine has seen. */
    public List<CheckKey> keys() {
        return db.read("list the checks with alert state", c -> {
            List<CheckKey> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT contract, environment, check_name FROM alert_checks ORDER BY contract, environment, check_name")) {
                while (rs.next()) {
                    out.add(AuditTrail.keyOf(rs));
                }
            }
            return out;
        });
    }

    /** The incidents of one check, newest first. */
    public List<Incident> incidentsOf(CheckKey key) {
        return db.read("list the incidents of " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + INCIDENT_COLUMNS + " FROM incidents WHERE " + BY_KEY + " ORDER BY id DESC")) {
                AuditTrail.bindKey(ps, key);
                return incidents(ps);
            }
        });
    }

    /** Every incident not resolved yet, of every check, oldest first. */
    public List<Incident> open() {
        return db.read("list the open incidents", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + INCIDENT_COLUMNS + " FROM incidents WHERE resolved_at IS NULL ORDER BY id")) {
                return incidents(ps);
            }
        });
    }

    private static List<Incident> incidents(PreparedStatement ps) throws SQLException {
        List<Incident> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Incident(rs.getLong("id"), AuditTrail.keyOf(rs), IncidentSlot.valueOf(rs.getString("slot")),
                        rs.getString("trigger"), instant(rs, "first_seen_at"), instant(rs, "opened_at"),
                        instant(rs, "last_reminded_at"), instant(rs, "resolved_at"), rs.getString("slack_channel"), rs.getString("slack_ts")));
            }
        }
        return out;
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        String v = rs.getString(column);
        return v == null ? null : Instant.parse(v);
    }

    static void setInstant(PreparedStatement ps, int index, Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, VerdictJson.timestamp(at));
        }
    }

    /** The view of one check's alerting inside a {@link #transact} call; not to be kept after it. */
    public static final class Tx {
        private final Connection c;
        private final CheckKey key;

        private Tx(Connection c, CheckKey key) {
            this.c = c;
            this.key = key;
        }

        /**
         * The counters of the check. The first time, they start from the verdicts already in the trail
         * (recorded before alerting existed, or by runs without alerting): first run and last hold.
         */
        public AlertState state() {
            return sql(() -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT broken_streak, trouble_streak, hold_streak, trouble_since,"
                        + " first_verdict_at, last_ok_at FROM alert_checks WHERE " + BY_KEY)) {
                    AuditTrail.bindKey(ps, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return new AlertState(key, rs.getInt(1), rs.getInt(2), rs.getInt(3), instant(rs, "trouble_since"),
                                    instant(rs, "first_verdict_at"), instant(rs, "last_ok_at"));
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT min(started_at) AS first_verdict_at,"
                        + " max(CASE WHEN outcome IN ('PASS', 'CHANGED') THEN started_at END) AS last_ok_at FROM verdicts WHERE " + BY_KEY)) {
                    AuditTrail.bindKey(ps, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return new AlertState(key, 0, 0, 0, null, instant(rs, "first_verdict_at"), instant(rs, "last_ok_at"));
                    }
                }
            });
        }

        public void save(AlertState s, Instant now) {
            sql(() -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_checks (contract, environment, check_name,"
                        + " broken_streak, trouble_streak, hold_streak, trouble_since, first_verdict_at, last_ok_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (contract, environment, check_name) DO UPDATE SET"
                        + " broken_streak = excluded.broken_streak, trouble_streak = excluded.trouble_streak,"
                        + " hold_streak = excluded.hold_streak, trouble_since = excluded.trouble_since,"
                        + " first_verdict_at = excluded.first_verdict_at, last_ok_at = excluded.last_ok_at, updated_at = excluded.updated_at")) {
                    AuditTrail.bindKey(ps, key);
                    ps.setInt(4, s.brokenStreak());
                    ps.setInt(5, s.troubleStreak());
                    ps.setInt(6, s.holdStreak());
                    setInstant(ps, 7, s.troubleSince());
                    setInstant(ps, 8, s.firstVerdictAt());
                    setInstant(ps, 9, s.lastOkAt());
                    setInstant(ps, 10, now);
                    ps.executeUpdate();
                }
                return null;
            });
        }

        /** The open incident of the check in {@code slot}, if any. */
        public Optional<Incident> open(IncidentSlot slot) {
            return sql(() -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + INCIDENT_COLUMNS + " FROM incidents WHERE " + BY_KEY
                        + " AND slot = ? AND resolved_at IS NULL")) {
                    AuditTrail.bindKey(ps, key);
                    ps.setString(4, slot.name());
                    return incidents(ps).stream().findFirst();
                }
            });
        }

        public Incident openIncident(IncidentSlot slot, String trigger, Instant firstSeenAt, Instant openedAt) {
            return sql(() -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO incidents (contract, environment, check_name, slot,"
                        + " trigger, first_seen_at, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                    AuditTrail.bindKey(ps, key);
                    ps.setString(4, slot.name());
                    ps.setString(5, trigger);
                    setInstant(ps, 6, firstSeenAt);
                    setInstant(ps, 7, openedAt);
                    ps.executeUpdate();
                    long id = generatedId(ps);
                    return new Incident(id, key, slot, trigger, firstSeenAt, openedAt, null, null, null, null);
                }
            });
        }

        public void reminded(Incident incident, Instant at) {
            update("UPDATE incidents SET last_reminded_at = ? WHERE id = ?", at, incident.id());
        }

        public void resolve(Incident incident, Instant at) {
            update("UPDATE incidents SET resolved_at = ? WHERE id = ?", at, incident.id());
        }

        /** The check's latest BROKEN or UNVERIFIED verdict: what an incident that resolves recovered from. */
        public Optional<Verdict> lastFailingVerdict() {
            return sql(() -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + AuditTrail.VERDICT_COLUMNS + " FROM verdicts WHERE " + BY_KEY
                        + " AND outcome IN ('BROKEN', 'UNVERIFIED') ORDER BY id DESC LIMIT 1")) {
                    AuditTrail.bindKey(ps, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? Optional.of(AuditTrail.verdictOf(rs)) : Optional.empty();
                    }
                }
            });
        }

        /** Records a CHANGED finding's fingerprint; true when it was not announced before. */
        public boolean announce(String fingerprint, String rule, Instant at) {
            return sql(() -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO announced_changes"
                        + " (contract, environment, check_name, fingerprint, rule, announced_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                    AuditTrail.bindKey(ps, key);
                    ps.setString(4, fingerprint);
                    ps.setString(5, rule);
                    setInstant(ps, 6, at);
                    return ps.executeUpdate() == 1;
                }
            });
        }

        /** Puts an alert in the outbox, due at once; its id orders it after every earlier alert. */
        public long enqueue(AlertDraft d) {
            return sql(() -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (incident_id, kind, contract, environment, check_name,"
                        + " route, payload, plain_text, created_at, next_attempt_at, group_key, hold_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    if (d.incidentId() == null) {
                        ps.setNull(1, Types.INTEGER);
                    } else {
                        ps.setLong(1, d.incidentId());
                    }
                    ps.setString(2, d.kind().name());
                    ps.setString(3, d.key().contract());
                    ps.setString(4, d.key().environment());
                    ps.setString(5, d.key().check());
                    ps.setString(6, d.route());
                    ps.setString(7, d.payload());
                    ps.setString(8, d.plainText());
                    setInstant(ps, 9, d.createdAt());
                    setInstant(ps, 10, d.createdAt());
                    ps.setString(11, d.groupKey());
                    setInstant(ps, 12, d.holdUntil());
                    ps.executeUpdate();
                    return generatedId(ps);
                }
            });
        }

        private void update(String sql, Instant at, long id) {
            sql(() -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    setInstant(ps, 1, at);
                    ps.setLong(2, id);
                    ps.executeUpdate();
                }
                return null;
            });
        }

        private <T> T sql(SqlCall<T> work) {
            try {
                return work.call();
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
        }
    }

    static long generatedId(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    @FunctionalInterface
    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    /** Carries an SQLException out of the caller's lambda, to be rethrown inside the transaction. */
    private static final class SqlFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient SQLException cause;

        SqlFailure(SQLException cause) {
            super(cause);
            this.cause = cause;
        }
    }
}
