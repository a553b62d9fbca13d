package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Verdict;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The alert_checks, incidents and announced_changes tables of the SQLite trail (V3__incidents_and_outbox.sql). */
final class SqliteIncidentStore implements IncidentStore {
    private static final String BY_KEY = Rows.BY_KEY;
    private static final String INCIDENT_COLUMNS = "id, contract, environment, check_name, slot, trigger, first_seen_at,"
            + " opened_at, last_reminded_at, resolved_at, slack_channel, slack_ts, acknowledged_at, acknowledged_by, acknowledged_note";
    /** The incidents' chained columns: set by their events, compared with the table by verification. */
    static final ReplayedTable INCIDENTS = new ReplayedTable("incidents",
            Set.of(RecordKind.INCIDENT_OPENED, RecordKind.INCIDENT_REMINDED, RecordKind.INCIDENT_RESOLVED, RecordKind.INCIDENT_THREADED,
                    RecordKind.INCIDENT_ADOPTED, RecordKind.INCIDENT_ACKNOWLEDGED),
            List.of(ReplayedTable.Column.text("contract", "contract"), ReplayedTable.Column.text("environment", "environment"),
                    ReplayedTable.Column.text("check", "check_name"), ReplayedTable.Column.text("slot", "slot"),
                    ReplayedTable.Column.text("trigger", "trigger"), ReplayedTable.Column.text("firstSeenAt", "first_seen_at"),
                    ReplayedTable.Column.text("openedAt", "opened_at"), ReplayedTable.Column.text("lastRemindedAt", "last_reminded_at"),
                    ReplayedTable.Column.text("resolvedAt", "resolved_at"), ReplayedTable.Column.text("slackChannel", "slack_channel"),
                    ReplayedTable.Column.text("slackTs", "slack_ts"), ReplayedTable.Column.text("acknowledgedAt", "acknowledged_at"),
                    ReplayedTable.Column.text("acknowledgedBy", "acknowledged_by"),
                    ReplayedTable.Column.text("acknowledgedNote", "acknowledged_note")));

    /** The check's part of its seal: its alerting counters and the changes already announced. */
    static final SealedState SEALED = new SealedState() {
        @Override
        public Object stateOf(Connection c, CheckKey key) throws SQLException {
            Object counters = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT broken_streak, trouble_streak, hold_streak, trouble_since,"
                    + " first_verdict_at, last_ok_at, updated_at FROM alert_checks WHERE " + BY_KEY)) {
                Rows.bindKey(ps, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        counters = Arrays.asList(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6),
                                rs.getString(7));
                    }
                }
            }
            List<Object> announced = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT fingerprint, rule, announced_at FROM announced_changes WHERE " + BY_KEY
                    + " ORDER BY fingerprint")) {
                Rows.bindKey(ps, key);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        announced.add(Arrays.asList(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                }
            }
            return CanonicalJson.object("alerting", counters, "announced", announced);
        }

        @Override
        public Set<CheckKey> keysWithState(Connection c) throws SQLException {
            Set<CheckKey> out = new LinkedHashSet<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT contract, environment, check_name FROM alert_checks"
                    + " UNION SELECT contract, environment, check_name FROM announced_changes")) {
                while (rs.next()) {
                    out.add(Rows.keyOf(rs));
                }
            }
            return out;
        }
    };

    private final Transactions db;
    private final VerdictStore verdicts;
    private final SqliteOutboxStore outbox;

    SqliteIncidentStore(Transactions db, VerdictStore verdicts, SqliteOutboxStore outbox) {
        this.db = db;
        this.verdicts = verdicts;
        this.outbox = outbox;
    }

    @Override
    public <T> T transact(CheckKey key, Function<Tx, T> work) {
        return db.write("change the incidents of " + key, tx -> within(tx, key, work));
    }

    /**
     * Runs {@code work} on the alert state of {@code key} in a transaction already open (the one that records the
     * verdict), so the verdict and its incident step commit together.
     */
    <T> T within(Transaction tx, CheckKey key, Function<Tx, T> work) {
        return work.apply(new SqliteTx(tx, key));
    }

    @Override
    public List<CheckKey> keys() {
        return db.read("list the checks with alert state", c -> {
            List<CheckKey> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT contract, environment, check_name FROM alert_checks ORDER BY contract, environment, check_name")) {
                while (rs.next()) {
                    out.add(Rows.keyOf(rs));
                }
            }
            return out;
        });
    }

    @Override
    public List<Incident> incidentsOf(CheckKey key) {
        return db.read("list the incidents of " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + INCIDENT_COLUMNS + " FROM incidents WHERE " + BY_KEY + " ORDER BY id DESC")) {
                Rows.bindKey(ps, key);
                return incidents(ps);
            }
        });
    }

    @Override
    public List<Incident> incidentsOf(CheckKey key, int limit) {
        return db.read("list the incidents of " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + INCIDENT_COLUMNS + " FROM incidents WHERE " + BY_KEY
                    + " ORDER BY id DESC LIMIT ?")) {
                Rows.bindKey(ps, key);
                ps.setInt(4, Math.max(0, limit));
                return incidents(ps);
            }
        });
    }

    @Override
    public List<Incident> open() {
        return db.read("list the open incidents", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + INCIDENT_COLUMNS + " FROM incidents WHERE resolved_at IS NULL ORDER BY id")) {
                return incidents(ps);
            }
        });
    }

    /** Records that an opening message went to Slack as {@code channel}/{@code ts}: reminders and the resolution go in its thread. */
    static void thread(Transaction tx, long incidentId, String channel, String ts, Instant at) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("UPDATE incidents SET slack_channel = ?, slack_ts = ?"
                + " WHERE id = ? AND slack_ts IS NULL")) {
            ps.setString(1, channel);
            ps.setString(2, ts);
            ps.setLong(3, incidentId);
            if (ps.executeUpdate() == 1) {
                tx.chainEvent(RecordKind.INCIDENT_THREADED, incidentId, at, INCIDENTS.body("slackChannel", channel, "slackTs", ts));
            }
        }
    }

    private static List<Incident> incidents(PreparedStatement ps) throws SQLException {
        List<Incident> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(incidentOf(rs));
            }
        }
        return out;
    }

    /** The incident row {@code rs} is on. */
    static Incident incidentOf(ResultSet rs) throws SQLException {
        return new Incident(rs.getLong("id"), Rows.keyOf(rs), IncidentSlot.valueOf(rs.getString("slot")),
                rs.getString("trigger"), Rows.instant(rs, "first_seen_at"), Rows.instant(rs, "opened_at"),
                Rows.instant(rs, "last_reminded_at"), Rows.instant(rs, "resolved_at"), rs.getString("slack_channel"), rs.getString("slack_ts"),
                Rows.instant(rs, "acknowledged_at"), rs.getString("acknowledged_by"), rs.getString("acknowledged_note"));
    }

    /** One check's alerting inside a write transaction. */
    private final class SqliteTx implements Tx {
        private final Transaction tx;
        private final Connection c;
        private final CheckKey key;

        SqliteTx(Transaction tx, CheckKey key) {
            this.tx = tx;
            this.c = tx.connection();
            this.key = key;
        }

        @Override
        public AlertState state() {
            return sql("read the alert state of " + key, () -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT broken_streak, trouble_streak, hold_streak, trouble_since,"
                        + " first_verdict_at, last_ok_at FROM alert_checks WHERE " + BY_KEY)) {
                    Rows.bindKey(ps, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return new AlertState(key, rs.getInt(1), rs.getInt(2), rs.getInt(3), Rows.instant(rs, "trouble_since"),
                                    Rows.instant(rs, "first_verdict_at"), Rows.instant(rs, "last_ok_at"));
                        }
                    }
                }
                VerdictStore.Span span = verdicts.span(tx, key);
                return new AlertState(key, 0, 0, 0, null, span.firstAt(), span.lastHeldAt());
            });
        }

        @Override
        public void save(AlertState s, Instant now) {
            sql("save the alert state of " + key, () -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_checks (contract, environment, check_name,"
                        + " broken_streak, trouble_streak, hold_streak, trouble_since, first_verdict_at, last_ok_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (contract, environment, check_name) DO UPDATE SET"
                        + " broken_streak = excluded.broken_streak, trouble_streak = excluded.trouble_streak,"
                        + " hold_streak = excluded.hold_streak, trouble_since = excluded.trouble_since,"
                        + " first_verdict_at = excluded.first_verdict_at, last_ok_at = excluded.last_ok_at, updated_at = excluded.updated_at")) {
                    Rows.bindKey(ps, key);
                    ps.setInt(4, s.brokenStreak());
                    ps.setInt(5, s.troubleStreak());
                    ps.setInt(6, s.holdStreak());
                    Rows.setInstant(ps, 7, s.troubleSince());
                    Rows.setInstant(ps, 8, s.firstVerdictAt());
                    Rows.setInstant(ps, 9, s.lastOkAt());
                    Rows.setInstant(ps, 10, now);
                    ps.executeUpdate();
                }
                tx.stateChanged(key);
                return null;
            });
        }

        @Override
        public Optional<Incident> open(IncidentSlot slot) {
            return sql("read the open incident of " + key, () -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + INCIDENT_COLUMNS + " FROM incidents WHERE " + BY_KEY
                        + " AND slot = ? AND resolved_at IS NULL")) {
                    Rows.bindKey(ps, key);
                    ps.setString(4, slot.name());
                    return incidents(ps).stream().findFirst();
                }
            });
        }

        @Override
        public Incident openIncident(IncidentSlot slot, String trigger, Instant firstSeenAt, Instant openedAt) {
            return sql("open an incident of " + key, () -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO incidents (contract, environment, check_name, slot,"
                        + " trigger, first_seen_at, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                    Rows.bindKey(ps, key);
                    ps.setString(4, slot.name());
                    ps.setString(5, trigger);
                    Rows.setInstant(ps, 6, firstSeenAt);
                    Rows.setInstant(ps, 7, openedAt);
                    ps.executeUpdate();
                    long id = Rows.generatedId(ps);
                    tx.chainEvent(RecordKind.INCIDENT_OPENED, id, openedAt, INCIDENTS.body("contract", key.contract(),
                            "environment", key.environment(), "check", key.check(), "slot", slot.name(), "trigger", trigger,
                            "firstSeenAt", Rows.text(firstSeenAt), "openedAt", Rows.text(openedAt)));
                    return new Incident(id, key, slot, trigger, firstSeenAt, openedAt, null, null, null, null);
                }
            });
        }

        @Override
        public void reminded(Incident incident, Instant at) {
            update("UPDATE incidents SET last_reminded_at = ? WHERE id = ?", at, incident.id());
            tx.chainEvent(RecordKind.INCIDENT_REMINDED, incident.id(), at, INCIDENTS.body("lastRemindedAt", Rows.text(at)));
        }

        @Override
        public void resolve(Incident incident, Instant at) {
            update("UPDATE incidents SET resolved_at = ? WHERE id = ?", at, incident.id());
            tx.chainEvent(RecordKind.INCIDENT_RESOLVED, incident.id(), at, INCIDENTS.body("resolvedAt", Rows.text(at)));
        }

        @Override
        public Incident acknowledge(Incident incident, String by, String note, Instant at) {
            return sql("acknowledge incident #" + incident.id(), () -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE incidents SET acknowledged_at = ?, acknowledged_by = ?, acknowledged_note = ?"
                        + " WHERE id = ?")) {
                    Rows.setInstant(ps, 1, at);
                    ps.setString(2, by);
                    ps.setString(3, note);
                    ps.setLong(4, incident.id());
                    ps.executeUpdate();
                }
                tx.chainEvent(RecordKind.INCIDENT_ACKNOWLEDGED, incident.id(), at, INCIDENTS.body("acknowledgedAt", Rows.text(at),
                        "acknowledgedBy", by, "acknowledgedNote", note));
                return new Incident(incident.id(), incident.key(), incident.slot(), incident.trigger(), incident.firstSeenAt(), incident.openedAt(),
                        incident.lastRemindedAt(), incident.resolvedAt(), incident.slackChannel(), incident.slackTs(), at, by, note);
            });
        }

        @Override
        public Optional<Verdict> lastFailingVerdict() {
            return verdicts.lastFailing(tx, key);
        }

        @Override
        public boolean announce(String fingerprint, String rule, Instant at) {
            return sql("record an announced change of " + key, () -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO announced_changes"
                        + " (contract, environment, check_name, fingerprint, rule, announced_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                    Rows.bindKey(ps, key);
                    ps.setString(4, fingerprint);
                    ps.setString(5, rule);
                    Rows.setInstant(ps, 6, at);
                    boolean added = ps.executeUpdate() == 1;
                    if (added) {
                        tx.stateChanged(key);
                    }
                    return added;
                }
            });
        }

        @Override
        public long enqueue(AlertDraft d) {
            return outbox.enqueue(tx, d);
        }

        private void update(String sql, Instant at, long id) {
            sql("update incident #" + id, () -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    Rows.setInstant(ps, 1, at);
                    ps.setLong(2, id);
                    ps.executeUpdate();
                }
                return null;
            });
        }
    }

    private static <T> T sql(String what, SqlCall<T> work) {
        try {
            return work.call();
        } catch (SQLException e) {
            throw new AuditException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface SqlCall<T> {
        T call() throws SQLException;
    }
}
