package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The outbox table of the SQLite trail (V3__incidents_and_outbox.sql, V4 for groups). */
final class SqliteOutboxStore implements OutboxStore {
    /** The alerts' chained columns: set by their events, compared with the table by verification. Leases and attempt counts are not. */
    static final ReplayedTable ALERTS = new ReplayedTable("outbox",
            Set.of(RecordKind.ALERT_QUEUED, RecordKind.ALERT_DELIVERED, RecordKind.ALERT_FAILED, RecordKind.ALERT_ADOPTED),
            List.of(ReplayedTable.Column.integer("incident", "incident_id"), ReplayedTable.Column.text("kind", "kind"),
                    ReplayedTable.Column.text("contract", "contract"), ReplayedTable.Column.text("environment", "environment"),
                    ReplayedTable.Column.text("check", "check_name"), ReplayedTable.Column.text("route", "route"),
                    ReplayedTable.Column.text("payload", "payload"), ReplayedTable.Column.text("plainText", "plain_text"),
                    ReplayedTable.Column.integer("usePlain", "use_plain"), ReplayedTable.Column.text("createdAt", "created_at"),
                    ReplayedTable.Column.text("nextAttemptAt", "next_attempt_at"), ReplayedTable.Column.text("deliveredAt", "delivered_at"),
                    ReplayedTable.Column.integer("slackOk", "slack_ok"), ReplayedTable.Column.text("slackTs", "slack_ts"),
                    ReplayedTable.Column.text("slackAnswer", "slack_answer"), ReplayedTable.Column.text("lastError", "last_error"),
                    ReplayedTable.Column.text("groupKey", "group_key"), ReplayedTable.Column.text("holdUntil", "hold_until")));
    private static final String COLUMNS = "o.id, o.incident_id, o.kind, o.contract, o.environment, o.check_name, o.route, o.payload,"
            + " o.plain_text, o.use_plain, o.attempts, o.created_at, o.next_attempt_at, o.delivered_at, o.slack_answer, o.last_error,"
            + " o.group_key, o.hold_until, i.slack_channel, i.slack_ts";
    private static final String FROM = " FROM outbox o LEFT JOIN incidents i ON i.id = o.incident_id";
    /** The oldest undelivered row of its check: only such a row may be sent. */
    private static final String HEAD = "o.delivered_at IS NULL AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.contract = o.contract"
            + " AND p.environment = o.environment AND p.check_name = o.check_name AND p.id < o.id AND p.delivered_at IS NULL)";
    private final Transactions db;
    private final Clock clock;

    SqliteOutboxStore(Transactions db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public List<OutboxRow> claimNextGroup(String worker, Instant now, Duration lease, boolean windowsClosed) {
        String at = dev.driftwatch.check.VerdictJson.timestamp(now);
        // Row locks, not the chain's lock: two replicas draining at once take different heads, and neither waits for
        // the other's claim nor for a verdict being chained. The lease then covers the send, which no lock should.
        return db.claim("claim alerts from the outbox", tx -> {
            Connection c = tx.connection();
            Optional<OutboxRow> head;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + FROM + " WHERE " + HEAD
                    + " AND o.next_attempt_at <= ? AND (o.hold_until IS NULL OR o.hold_until <= ? OR ?)"
                    + " AND (o.claimed_until IS NULL OR o.claimed_until <= ?) ORDER BY o.id LIMIT 1" + db.lockRows("o"))) {
                ps.setString(1, at);
                ps.setString(2, at);
                ps.setBoolean(3, windowsClosed);
                ps.setString(4, at);
                head = rows(ps).stream().findFirst();
            }
            if (head.isEmpty()) {
                return List.of();
            }
            List<OutboxRow> batch = head.get().groupKey() == null ? List.of(head.get()) : companions(c, head.get(), at, db.lockRows(""));
            for (OutboxRow r : batch) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE outbox SET claimed_by = ?, claimed_until = ?, attempts = attempts + 1 WHERE id = ?")) {
                    ps.setString(1, worker);
                    Rows.setInstant(ps, 2, now.plus(lease));
                    ps.setLong(3, r.id());
                    ps.executeUpdate();
                }
            }
            return batch.stream().map(OutboxRow::claimed).toList();
        });
    }

    /**
     * The head and the alerts that join its message (see {@link #claimNextGroup}); each is locked as it joins, and one
     * another claim holds stays out, as do the later alerts of its check.
     */
    private static List<OutboxRow> companions(Connection c, OutboxRow head, String now, String lockRows) throws SQLException {
        List<OutboxRow> pending;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + FROM + " WHERE o.delivered_at IS NULL AND o.contract = ?"
                + " ORDER BY o.id")) {
            ps.setString(1, head.key().contract());
            pending = rows(ps);
        }
        Set<Long> leased = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM outbox WHERE delivered_at IS NULL AND contract = ? AND claimed_until > ?")) {
            ps.setString(1, head.key().contract());
            ps.setString(2, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    leased.add(rs.getLong(1));
                }
            }
        }
        List<OutboxRow> batch = new ArrayList<>(List.of(head));
        Set<Long> taken = new HashSet<>(Set.of(head.id()));
        String environment = AlertDraft.groupEnvironment(head.groupKey());
        for (OutboxRow r : pending) {
            if (r.id() <= head.id() || r.groupKey() == null || leased.contains(r.id()) || !r.route().equals(head.route())
                    || r.createdAt().isAfter(head.holdUntil()) || !Objects.equals(r.replyThread(), head.replyThread())) {
                continue;
            }
            String theirs = AlertDraft.groupEnvironment(r.groupKey());
            if (!environment.equals(theirs) && !AlertDraft.ANY_ENVIRONMENT.equals(theirs) && !AlertDraft.ANY_ENVIRONMENT.equals(environment)) {
                continue;
            }
            boolean overtakes = pending.stream().anyMatch(p -> p.id() < r.id() && p.key().equals(r.key()) && !taken.contains(p.id()));
            if (overtakes) {
                continue;
            }
            if (!lock(c, r.id(), now, lockRows)) {
                continue;
            }
            if (AlertDraft.ANY_ENVIRONMENT.equals(environment)) {
                environment = theirs; // a contract-wide head joins the first environment that comes, and that one only
            }
            batch.add(r);
            taken.add(r.id());
        }
        return batch;
    }

    /** Locks alert {@code id} for this claim if it is still undelivered, unleased and not held by another claim. */
    private static boolean lock(Connection c, long id, String now, String lockRows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM outbox WHERE id = ? AND delivered_at IS NULL"
                + " AND (claimed_until IS NULL OR claimed_until <= ?)" + lockRows)) {
            ps.setLong(1, id);
            ps.setString(2, now);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }


    @Override
    public void delivered(List<Long> ids, String worker, Instant at, String answer, String channel, String ts) {
        db.write("mark alert(s) " + ids + " delivered", tx -> {
            Connection c = tx.connection();
            for (long id : ids) {
                int changed;
                try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET delivered_at = ?, slack_ok = 1, slack_answer = ?,"
                        + " slack_ts = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?")) {
                    Rows.setInstant(ps, 1, at);
                    ps.setString(2, answer);
                    ps.setString(3, ts);
                    ps.setLong(4, id);
                    ps.setString(5, worker);
                    changed = ps.executeUpdate();
                }
                if (changed != 1) {
                    continue;
                }
                tx.chainEvent(RecordKind.ALERT_DELIVERED, id, at, ALERTS.body("deliveredAt", Rows.text(at), "slackOk", 1L,
                        "slackAnswer", answer, "slackTs", ts));
                Long threadOf = ts == null ? null : incidentThreadOpenedBy(c, id);
                if (threadOf != null) {
                    SqliteIncidentStore.thread(tx, threadOf, channel, ts, at);
                }
            }
            return null;
        });
    }

    @Override
    public void release(List<Long> ids, String worker) {
        db.write("give back alert(s) " + ids, tx -> {
            Connection c = tx.connection();
            for (long id : ids) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET claimed_by = NULL, claimed_until = NULL,"
                        + " attempts = attempts - 1 WHERE id = ? AND claimed_by = ?")) {
                    ps.setLong(1, id);
                    ps.setString(2, worker);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }


    @Override
    public void failed(List<Long> ids, String worker, String answer, String error, Instant nextAttemptAt, boolean usePlain) {
        Instant now = clock.instant();
        db.write("record a failed delivery of alert(s) " + ids, tx -> {
            Connection c = tx.connection();
            for (long id : ids) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET slack_ok = 0, slack_answer = ?, last_error = ?,"
                        + " next_attempt_at = ?, use_plain = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?")) {
                    ps.setString(1, answer);
                    ps.setString(2, error);
                    Rows.setInstant(ps, 3, nextAttemptAt);
                    ps.setInt(4, usePlain ? 1 : 0);
                    ps.setLong(5, id);
                    ps.setString(6, worker);
                    if (ps.executeUpdate() == 1) {
                        tx.chainEvent(RecordKind.ALERT_FAILED, id, now, ALERTS.body("nextAttemptAt", Rows.text(nextAttemptAt),
                                "usePlain", usePlain ? 1L : 0L, "slackOk", 0L, "slackAnswer", answer, "lastError", error));
                    }
                }
            }
            return null;
        });
    }

    @Override
    public int pending() {
        return db.read("count the pending alerts", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM outbox WHERE delivered_at IS NULL")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Override
    public Optional<Instant> nextDueAt(boolean windowsClosed) {
        String hold = windowsClosed ? "" : " coalesce(o.hold_until, ''),";
        return db.read("find the next due alert", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT min(max(o.next_attempt_at," + hold
                    + " coalesce(o.claimed_until, ''))) AS due FROM outbox o WHERE " + HEAD)) {
                rs.next();
                return Optional.ofNullable(Rows.instant(rs, "due"));
            }
        });
    }

    @Override
    public Map<Long, Integer> reminders(Collection<Long> incidentIds) {
        if (incidentIds.isEmpty()) {
            return Map.of();
        }
        String marks = String.join(", ", Collections.nCopies(incidentIds.size(), "?"));
        return db.read("count the reminders of incidents", c -> {
            Map<Long, Integer> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT incident_id, count(*) FROM outbox WHERE incident_id IN (" + marks
                    + ") AND kind = 'REMINDER' GROUP BY incident_id")) {
                int i = 1;
                for (long id : incidentIds) {
                    ps.setLong(i++, id);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getLong(1), rs.getInt(2));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<OutboxRow> rowsOf(CheckKey key) {
        return db.read("list the alerts of " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + FROM
                    + " WHERE o.contract = ? AND o.environment = ? AND o.check_name = ? ORDER BY o.id")) {
                Rows.bindKey(ps, key);
                return rows(ps);
            }
        });
    }

    @Override
    public List<OutboxRow> all() {
        return db.read("list the alerts", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + FROM + " ORDER BY o.id")) {
                return rows(ps);
            }
        });
    }

    /** Puts an alert in the outbox inside {@code tx} (the incident step's), due at once, chained. */
    long enqueue(Transaction tx, AlertDraft d) {
        try (PreparedStatement ps = tx.connection().prepareStatement("INSERT INTO outbox (incident_id, kind, contract, environment, check_name,"
                + " route, payload, plain_text, created_at, next_attempt_at, group_key, hold_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            if (d.incidentId() == null) {
                ps.setNull(1, Types.INTEGER);
            } else {
                ps.setLong(1, d.incidentId());
            }
            ps.setString(2, d.kind().name());
            Rows.bindKey(ps, 3, d.key());
            ps.setString(6, d.route());
            ps.setString(7, d.payload());
            ps.setString(8, d.plainText());
            Rows.setInstant(ps, 9, d.createdAt());
            Rows.setInstant(ps, 10, d.createdAt());
            ps.setString(11, d.groupKey());
            Rows.setInstant(ps, 12, d.holdUntil());
            ps.executeUpdate();
            long id = Rows.generatedId(ps);
            tx.chainEvent(RecordKind.ALERT_QUEUED, id, d.createdAt(), ALERTS.body("incident", d.incidentId(), "kind", d.kind().name(),
                    "contract", d.key().contract(), "environment", d.key().environment(), "check", d.key().check(), "route", d.route(),
                    "payload", d.payload(), "plainText", d.plainText(), "usePlain", 0L, "createdAt", Rows.text(d.createdAt()),
                    "nextAttemptAt", Rows.text(d.createdAt()), "groupKey", d.groupKey(), "holdUntil", Rows.text(d.holdUntil())));
            return id;
        } catch (SQLException e) {
            throw new AuditException("cannot queue an alert about " + d.key() + ": " + e.getMessage(), e);
        }
    }

    /** The incident whose thread an alert opens (an OPENED or STALE message), or null. */
    private static Long incidentThreadOpenedBy(Connection c, long alertId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT incident_id FROM outbox WHERE id = ? AND kind IN ('OPENED', 'STALE')")) {
            ps.setLong(1, alertId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Rows.nullableLong(rs, "incident_id") : null;
            }
        }
    }

    private static List<OutboxRow> rows(PreparedStatement ps) throws SQLException {
        List<OutboxRow> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long incident = rs.getLong("incident_id");
                Long incidentId = rs.wasNull() ? null : incident;
                out.add(new OutboxRow(rs.getLong("id"), incidentId, AlertKind.valueOf(rs.getString("kind")), Rows.keyOf(rs),
                        rs.getString("route"), rs.getString("payload"), rs.getString("plain_text"), rs.getInt("use_plain") == 1,
                        rs.getInt("attempts"), Rows.instant(rs, "created_at"), Rows.instant(rs, "next_attempt_at"),
                        Rows.instant(rs, "delivered_at"), rs.getString("slack_answer"), rs.getString("last_error"),
                        rs.getString("slack_channel"), rs.getString("slack_ts"), rs.getString("group_key"), Rows.instant(rs, "hold_until")));
            }
        }
        return out;
    }
}
