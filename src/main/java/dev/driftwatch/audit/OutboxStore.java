package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The alerts waiting for Slack. A worker claims one row at a time with a lease, in one transaction,
 * so two workers (two threads, two processes on one file) never hold the same row; a row becomes
 * due only when every earlier row of the same check is delivered, so alerts keep their order.
 */
public final class OutboxStore {
    private static final String COLUMNS = "o.id, o.incident_id, o.kind, o.contract, o.environment, o.check_name, o.route, o.payload,"
            + " o.plain_text, o.use_plain, o.attempts, o.created_at, o.next_attempt_at, o.delivered_at, o.slack_answer, o.last_error,"
            + " o.group_key, o.hold_until, i.slack_channel, i.slack_ts";
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
     * else, first of its check. Counts the attempt now, so a crash mid-send still counts. (With the rows
     * that share its message: {@link #claimNextGroup}.)
     */
    public Optional<OutboxRow> claimNext(String worker, Instant now, Duration lease) {
        return claimNextGroup(worker, now, lease, false).stream().findFirst();
    }

    /**
     * Claims the oldest due row and the alerts that share its message, all for {@code worker} until
     * {@code now + lease}, the head first. A row is due when its retry time has come and, if it waits for its
     * group, its hold is over ({@code windowsClosed}: nobody waits, the process is about to stop or the run is
     * over). Its companions are the undelivered alerts of its group made before its hold ended, on the same
     * route and in the same Slack thread, each the first undelivered alert of its check (or following one
     * already in the batch), so no alert overtakes an earlier one of its check. Empty when nothing is due.
     */
    public List<OutboxRow> claimNextGroup(String worker, Instant now, Duration lease, boolean windowsClosed) {
        String at = dev.driftwatch.check.VerdictJson.timestamp(now);
        return db.write("claim alerts from the outbox", c -> {
            Optional<OutboxRow> head;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + FROM + " WHERE " + HEAD
                    + " AND o.next_attempt_at <= ? AND (o.hold_until IS NULL OR o.hold_until <= ? OR ?)"
                    + " AND (o.claimed_until IS NULL OR o.claimed_until <= ?) ORDER BY o.id LIMIT 1")) {
                ps.setString(1, at);
                ps.setString(2, at);
                ps.setBoolean(3, windowsClosed);
                ps.setString(4, at);
                head = rows(ps).stream().findFirst();
            }
            if (head.isEmpty()) {
                return List.of();
            }
            List<OutboxRow> batch = head.get().groupKey() == null ? List.of(head.get()) : companions(c, head.get(), at);
            for (OutboxRow r : batch) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE outbox SET claimed_by = ?, claimed_until = ?, attempts = attempts + 1 WHERE id = ?")) {
                    ps.setString(1, worker);
                    IncidentStore.setInstant(ps, 2, now.plus(lease));
                    ps.setLong(3, r.id());
                    ps.executeUpdate();
                }
            }
            return batch.stream().map(OutboxRow::claimed).toList();
        });
    }

    /** The head and the alerts that join its message (see {@link #claimNextGroup}). */
    private static List<OutboxRow> companions(Connection c, OutboxRow head, String now) throws SQLException {
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
            if (AlertDraft.ANY_ENVIRONMENT.equals(environment)) {
                environment = theirs; // a contract-wide head joins the first environment that comes, and that one only
            }
            batch.add(r);
            taken.add(r.id());
        }
        return batch;
    }

    /**
     * Marks a claimed row delivered with Slack's answer; an opening message's channel and ts become its
     * incident's thread. Only the worker holding the lease can mark it.
     */
    public void delivered(long id, String worker, Instant at, String answer, String channel, String ts) {
        delivered(List.of(id), worker, at, answer, channel, ts);
    }

    /** Marks the claimed rows that shared one message delivered, with the message's answer, channel and ts. */
    public void delivered(List<Long> ids, String worker, Instant at, String answer, String channel, String ts) {
        db.write("mark alert(s) " + ids + " delivered", c -> {
            for (long id : ids) {
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
            }
            return null;
        });
    }

    /** Gives back rows claimed but not attempted (no time was left to send them): they stay due, their attempt uncounted. */
    public void release(List<Long> ids, String worker) {
        db.write("give back alert(s) " + ids, c -> {
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

    /** Releases a claimed row after a failed attempt: Slack's answer, the error, when to try again, whether with plain text. */
    public void failed(long id, String worker, String answer, String error, Instant nextAttemptAt, boolean usePlain) {
        failed(List.of(id), worker, answer, error, nextAttemptAt, usePlain);
    }

    /** Releases the claimed rows of one message after a failed attempt; they are tried again together. */
    public void failed(List<Long> ids, String worker, String answer, String error, Instant nextAttemptAt, boolean usePlain) {
        db.write("record a failed delivery of alert(s) " + ids, c -> {
            for (long id : ids) {
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

    /**
     * When the next pending alert may be sent (its retry time, the end of its group's hold unless
     * {@code windowsClosed}, or the end of another worker's lease); empty when none is pending.
     */
    public Optional<Instant> nextDueAt(boolean windowsClosed) {
        String hold = windowsClosed ? "" : " coalesce(o.hold_until, ''),";
        return db.read("find the next due alert", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT min(max(o.next_attempt_at," + hold
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
                        rs.getString("slack_channel"), rs.getString("slack_ts"), rs.getString("group_key"), IncidentStore.instant(rs, "hold_until")));
            }
        }
        return out;
    }
}
