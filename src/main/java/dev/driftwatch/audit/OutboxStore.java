package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The alerts waiting for Slack. A worker claims one row at a time with a lease, in one transaction,
 * so two workers (two threads, two processes on one file) never hold the same row; a row becomes
 * due only when every earlier row of the same check is delivered, so alerts keep their order.
 */
public final class OutboxStore {
    private static final String COLUMNS = "o.id, o.incident_id, o.kind, o.contract, o.environment, o.check_name, o.route, o.payload,"
            + " o.plain_text, o.use_plain, o.attempts, o.created_at, o.next_attempt_at, o.delivered_at, o.slack_answer, o.last_error,"
            + " i.slack_channel, i.slack_ts";
    private static final String FROM = " FROM outbox o LEFT JOIN incidents i ON i.id = o.incident_id";
    /** The oldest undelivered row of its check: only such a row may be sent. */
    private static final String HEAD = "o.delivered_at IS NULL AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.contract = o.contract"
            + " AND p.environment = o.environment AND p.check_name = o.check_name AND p.id < o.id AND p.delivered_at IS NULL)";
    private final Transactions db;

    OutboxStore(Transactions db) {
        this.db = db;
    }

    /**
     * Claims the oldest due row for {@code worker} until {@code now + lease}: due, not leased by anyone
     * else, first of its check. Counts the attempt now, so a crash mid-send still counts.
     */
    public Optional<OutboxRow> claimNext(String worker, Instant now, Duration lease) {
        String at = dev.driftwatch.check.VerdictJson.timestamp(now);
        return db.write("claim an alert from the outbox", c -> {
            Optional<OutboxRow> row;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + FROM + " WHERE " + HEAD
                    + " AND o.next_attempt_at <= ? AND (o.claimed_until IS NULL OR o.claimed_until <= ?) ORDER BY o.id LIMIT 1")) {
                ps.setString(1, at);
                ps.setString(2, at);
                row = rows(ps).stream().findFirst();
            }
            if (row.isEmpty()) {
                return row;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE outbox SET claimed_by = ?, claimed_until = ?, attempts = attempts + 1 WHERE id = ?")) {
                ps.setString(1, worker);
                IncidentStore.setInstant(ps, 2, now.plus(lease));
                ps.setLong(3, row.get().id());
                ps.executeUpdate();
            }
            OutboxRow r = row.get();
            return Optional.of(new OutboxRow(r.id(), r.incidentId(), r.kind(), r.key(), r.route(), r.payload(), r.plainText(),
                    r.usePlain(), r.attempts() + 1, r.createdAt(), r.nextAttemptAt(), null, r.slackAnswer(), r.lastError(),
                    r.threadChannel(), r.threadTs()));
        });
    }

    /**
     * Marks a claimed row delivered with Slack's answer; an opening message's channel and ts become its
     * incident's thread. Only the worker holding the lease can mark it.
     */
    public void delivered(long id, String worker, Instant at, String answer, String channel, String ts) {
        db.write("mark alert " + id + " delivered", c -> {
            int changed;
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET delivered_at = ?, slack_ok = 1, slack_answer = ?,"
                    + " slack_ts = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?")) {
                IncidentStore.setInstant(ps, 1, at);
                ps.setString(2, answer);
                ps.setString(3, ts);
                ps.setLong(4, id);
                ps.setString(5, worker);
                changed = ps.executeUpdate();
            }
            if (changed == 1 && ts != null) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE incidents SET slack_channel = ?, slack_ts = ?"
                        + " WHERE id = (SELECT incident_id FROM outbox WHERE id = ? AND kind IN ('OPENED', 'STALE')) AND slack_ts IS NULL")) {
                    ps.setString(1, channel);
                    ps.setString(2, ts);
                    ps.setLong(3, id);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Releases a claimed row after a failed attempt: Slack's answer, the error, when to try again, whether with plain text. */
    public void failed(long id, String worker, String answer, String error, Instant nextAttemptAt, boolean usePlain) {
        db.write("record a failed delivery of alert " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET slack_ok = 0, slack_answer = ?, last_error = ?,"
                    + " next_attempt_at = ?, use_plain = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?")) {
                ps.setString(1, answer);
                ps.setString(2, error);
                IncidentStore.setInstant(ps, 3, nextAttemptAt);
                ps.setInt(4, usePlain ? 1 : 0);
                ps.setLong(5, id);
                ps.setString(6, worker);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** How many alerts are not delivered yet. */
    public int pending() {
        return db.read("count the pending alerts", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM outbox WHERE delivered_at IS NULL")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** When the next pending alert may be sent (its retry time, or the end of another worker's lease); empty when none is pending. */
    public Optional<Instant> nextDueAt() {
        return db.read("find the next due alert", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT min(max(o.next_attempt_at,"
                    + " coalesce(o.claimed_until, ''))) AS due FROM outbox o WHERE " + HEAD)) {
                rs.next();
                return Optional.ofNullable(IncidentStore.instant(rs, "due"));
            }
        });
    }

    /** Every alert of one check, oldest first. */
    public List<OutboxRow> rowsOf(CheckKey key) {
        return db.read("list the alerts of " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + FROM
                    + " WHERE o.contract = ? AND o.environment = ? AND o.check_name = ? ORDER BY o.id")) {
                AuditTrail.bindKey(ps, key);
                return rows(ps);
            }
        });
    }

    /** Every alert, oldest first. */
    public List<OutboxRow> all() {
        return db.read("list the alerts", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + FROM + " ORDER BY o.id")) {
                return rows(ps);
            }
        });
    }

    private static List<OutboxRow> rows(PreparedStatement ps) throws SQLException {
        List<OutboxRow> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long incident = rs.getLong("incident_id");
                Long incidentId = rs.wasNull() ? null : incident;
                out.add(new OutboxRow(rs.getLong("id"), incidentId, AlertKind.valueOf(rs.getString("kind")), AuditTrail.keyOf(rs),
                        rs.getString("route"), rs.getString("payload"), rs.getString("plain_text"), rs.getInt("use_plain") == 1,
                        rs.getInt("attempts"), IncidentStore.instant(rs, "created_at"), IncidentStore.instant(rs, "next_attempt_at"),
                        IncidentStore.instant(rs, "delivered_at"), rs.getString("slack_answer"), rs.getString("last_error"),
                        rs.getString("slack_channel"), rs.getString("slack_ts")));
            }
        }
        return out;
    }
}
