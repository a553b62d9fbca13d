package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.VerdictJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The SQLite trail's answers to {@link AuditQueries}. Verdicts are read per check through
 * {@code verdicts_by_check_time}; their journal records through {@code journal_verdict_refs}; incident, alert and
 * acceptance records through {@code journal_event_refs} (V8). The alerting tables and acceptances are small (rows
 * per incident or alert, not per verdict) and are read whole.
 */
final class SqliteAuditQueries implements AuditQueries {
    /** The WHERE terms of the partial index journal_event_refs, repeated exactly so SQLite uses it. */
    static final String EVENT_KINDS = "kind >= 'acceptance' AND kind < 'incident.'";
    private static final String VERDICT_KIND = "kind = 'verdict'";
    private static final String INCIDENT_EVENTS = "'incident-opened', 'incident-adopted', 'incident-reminded', 'incident-resolved', 'incident-acknowledged'";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Transactions db;

    SqliteAuditQueries(Transactions db) {
        this.db = db;
    }

    @Override
    public List<CheckKey> recordedChecks() {
        return db.read("list the checks with verdicts", SqliteAuditQueries::recordedChecks);
    }

    private static List<CheckKey> recordedChecks(Connection c) throws SQLException {
        List<CheckKey> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(DistinctChecks.ofVerdicts()
                + "SELECT c AS contract, e AS environment, n AS check_name FROM k")) {
            while (rs.next()) {
                out.add(Rows.keyOf(rs));
            }
        }
        return out;
    }

    @Override
    public List<HistoryEntry> history(HistoryQuery q) {
        return db.read("read the history", c -> {
            Transactions.execute(c, "BEGIN"); // one moment for every table read
            try {
                return history(c, q);
            } finally {
                Transactions.execute(c, "ROLLBACK");
            }
        });
    }

    private static List<HistoryEntry> history(Connection c, HistoryQuery q) throws SQLException {
        List<HistoryEntry> verdicts = new ArrayList<>();
        boolean passesAsked = q.rule() == null && (q.outcomes().isEmpty() || q.outcomes().contains(Outcome.PASS));
        for (CheckKey key : q.checks()) {
            verdicts.addAll(verdictsOf(c, key, q));
            if (passesAsked) {
                verdicts.addAll(foldedDaysOf(c, key, q));
            }
        }
        Comparator<HistoryEntry> newestFirst = Comparator.comparing(HistoryEntry::at).thenComparing(HistoryEntry::seq).reversed();
        verdicts.sort(newestFirst);
        boolean cut = q.limit() > 0 && verdicts.size() > q.limit();
        if (cut) {
            verdicts = new ArrayList<>(verdicts.subList(0, q.limit()));
        }
        verdicts = withSeqs(c, verdicts);
        // The other records cover the period the verdicts shown cover: all of it unless the limit cut older verdicts off.
        Instant from = cut ? verdicts.get(verdicts.size() - 1).at() : q.since();
        Set<CheckKey> keys = new HashSet<>(q.checks());
        List<HistoryEntry> out = new ArrayList<>(verdicts);
        out.addAll(incidentEvents(c, keys, from, q.until()));
        out.addAll(alerts(c, keys, from, q.until()));
        out.addAll(acceptances(c, keys, from, q.until()));
        out.sort(newestFirst);
        return out;
    }

    private static List<HistoryEntry> verdictsOf(Connection c, CheckKey key, HistoryQuery q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT id, outcome, summary, started_at FROM verdicts WHERE " + Rows.BY_KEY);
        List<String> args = new ArrayList<>();
        period(sql, args, "started_at", q, Rows::text);
        if (!q.outcomes().isEmpty()) {
            sql.append(" AND outcome IN (").append(q.outcomes().stream().map(o -> "?").collect(Collectors.joining(", "))).append(')');
            q.outcomes().stream().map(Outcome::name).sorted().forEach(args::add);
        }
        if (q.rule() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM json_each(findings) f WHERE json_extract(f.value, '$.rule') = ?)");
            args.add(q.rule());
        }
        sql.append(" ORDER BY started_at DESC, id DESC");
        List<HistoryEntry> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, sql, key, args, q.limit())) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // The verdict's row id stands in the seq's place until withSeqs looks its record up.
                    out.add(new HistoryEntry(rs.getLong("id"), Rows.instant(rs, "started_at"), key, RecordKind.VERDICT,
                            Outcome.valueOf(rs.getString("outcome")), null, null, null, rs.getString("summary")));
                }
            }
        }
        return out;
    }

    /**
     * The days of {@code key} whose PASS verdicts retention folded (V10), one entry each at its last run, so a history
     * reaches as far back as before: kind {@link RecordKind#COMPACTION}, outcome PASS, the text starting with how many.
     */
    private static List<HistoryEntry> foldedDaysOf(Connection c, CheckKey key, HistoryQuery q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT day, sum(passes) AS passes, min(first_at) AS first_at, max(last_at) AS last_at"
                + " FROM verdict_days WHERE " + Rows.BY_KEY);
        List<String> args = new ArrayList<>();
        period(sql, args, "day", q, at -> Rows.text(at).substring(0, 10));
        sql.append(" GROUP BY day ORDER BY day DESC");
        List<HistoryEntry> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, sql, key, args, q.limit())) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant first = Rows.instant(rs, "first_at");
                    Instant last = Rows.instant(rs, "last_at");
                    if (within(last, q.since(), q.until())) {
                        out.add(new HistoryEntry(0, last, key, RecordKind.COMPACTION, Outcome.PASS, null, null, null, rs.getLong("passes")
                                + " PASS verdict(s) folded by retention on " + rs.getString("day") + " from " + Rows.text(first).substring(11, 19)
                                + "Z to " + Rows.text(last).substring(11, 19) + "Z"));
                    }
                }
            }
        }
        return out;
    }

    /** Narrows {@code sql} to the query's period on {@code column}, whose text form of an instant is {@code text}. */
    private static void period(StringBuilder sql, List<String> args, String column, HistoryQuery q,
                               java.util.function.Function<Instant, String> text) {
        if (q.since() != null) {
            sql.append(" AND ").append(column).append(" >= ?");
            args.add(text.apply(q.since()));
        }
        if (q.until() != null) {
            sql.append(" AND ").append(column).append(" <= ?");
            args.add(text.apply(q.until()));
        }
    }

    /** {@code sql} over one check ({@link Rows#BY_KEY} first, then {@code args}), one row past {@code limit} to tell it was cut. */
    private static PreparedStatement prepare(Connection c, StringBuilder sql, CheckKey key, List<String> args, int limit) throws SQLException {
        if (limit > 0) {
            sql.append(" LIMIT ").append(limit + 1);
        }
        PreparedStatement ps = c.prepareStatement(sql.toString());
        Rows.bindKey(ps, key);
        for (int i = 0; i < args.size(); i++) {
            ps.setString(4 + i, args.get(i));
        }
        return ps;
    }

    /** Replaces each verdict's row id by its journal record's seq. */
    private static List<HistoryEntry> withSeqs(Connection c, List<HistoryEntry> verdicts) throws SQLException {
        Map<Long, Long> seqOf = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM journal WHERE ref = ? AND " + VERDICT_KIND)) {
            for (HistoryEntry v : verdicts) {
                if (v.kind() != RecordKind.VERDICT) {
                    continue; // a folded day: no record of its own
                }
                ps.setLong(1, v.seq());
                try (ResultSet rs = ps.executeQuery()) {
                    seqOf.put(v.seq(), rs.next() ? rs.getLong(1) : 0L);
                }
            }
        }
        return verdicts.stream().map(v -> new HistoryEntry(seqOf.getOrDefault(v.seq(), 0L), v.at(), v.key(), v.kind(), v.outcome(), null, null, null,
                v.text())).collect(Collectors.toCollection(ArrayList::new));
    }

    private static List<HistoryEntry> incidentEvents(Connection c, Set<CheckKey> keys, Instant from, Instant until) throws SQLException {
        Map<Long, CheckKey> incidents = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, contract, environment, check_name FROM incidents")) {
            while (rs.next()) {
                CheckKey k = Rows.keyOf(rs);
                if (keys.contains(k)) {
                    incidents.put(rs.getLong("id"), k);
                }
            }
        }
        List<HistoryEntry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, kind, ref, at, body FROM journal WHERE ref = ? AND " + EVENT_KINDS
                + " AND kind IN (" + INCIDENT_EVENTS + ") ORDER BY seq")) {
            for (Map.Entry<Long, CheckKey> incident : incidents.entrySet()) {
                ps.setLong(1, incident.getKey());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant at = VerdictJson.parseTimestamp(rs.getString("at"));
                        if (within(at, from, until)) {
                            out.add(incidentEvent(rs, incident.getValue(), at));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static HistoryEntry incidentEvent(ResultSet rs, CheckKey key, Instant at) throws SQLException {
        RecordKind kind = RecordKind.ofWire(rs.getString("kind"));
        JsonNode body = parse(rs.getString("body"));
        String by = null;
        String text = null;
        if (kind == RecordKind.INCIDENT_OPENED || kind == RecordKind.INCIDENT_ADOPTED) {
            text = body.path("trigger").asString("") + " since " + body.path("firstSeenAt").asString("?");
        } else if (kind == RecordKind.INCIDENT_ACKNOWLEDGED) {
            by = body.path("acknowledgedBy").asString(null);
            text = body.path("acknowledgedNote").isNull() ? null : body.path("acknowledgedNote").asString(null);
        }
        return new HistoryEntry(rs.getLong("seq"), at, key, kind, null, rs.getLong("ref"), null, by, text);
    }

    private static List<HistoryEntry> alerts(Connection c, Set<CheckKey> keys, Instant from, Instant until) throws SQLException {
        List<HistoryEntry> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT o.id, o.incident_id, o.kind, o.contract, o.environment,"
                + " o.check_name, o.route, o.attempts, o.created_at, o.delivered_at, o.slack_answer, o.last_error,"
                + " (SELECT j.seq FROM journal j WHERE j.ref = o.id AND " + EVENT_KINDS.replace("kind", "j.kind")
                + " AND j.kind IN ('alert-queued', 'alert-adopted')) AS seq FROM outbox o ORDER BY o.id")) {
            while (rs.next()) {
                CheckKey k = Rows.keyOf(rs);
                Instant at = Rows.instant(rs, "created_at");
                if (!keys.contains(k) || !within(at, from, until)) {
                    continue;
                }
                String state = rs.getString("delivered_at") != null
                        ? "delivered via " + rs.getString("route") + " (" + rs.getString("slack_answer") + ")"
                        : "PENDING after " + rs.getInt("attempts") + " attempt(s) via " + rs.getString("route")
                                + (rs.getString("last_error") == null ? "" : ", last error: " + rs.getString("last_error"));
                Long seq = Rows.nullableLong(rs, "seq");
                out.add(new HistoryEntry(seq == null ? 0 : seq, at, k, RecordKind.ALERT_QUEUED, null, Rows.nullableLong(rs, "incident_id"),
                        rs.getLong("id"), null, rs.getString("kind") + " " + state));
            }
        }
        return out;
    }

    private static List<HistoryEntry> acceptances(Connection c, Set<CheckKey> keys, Instant from, Instant until) throws SQLException {
        List<HistoryEntry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.id, a.contract, a.environment, a.check_name, a.accepted_by, a.reason, a.accepted_at,"
                + " a.verdict_id, a.findings, (SELECT j.seq FROM journal j WHERE j.ref = a.id AND " + EVENT_KINDS.replace("kind", "j.kind")
                + " AND j.kind = 'acceptance') AS seq FROM acceptances a ORDER BY a.id")) {
            for (Acceptance a : SqliteAcceptanceStore.acceptances(ps)) {
                if (keys.contains(a.key()) && within(a.at(), from, until)) {
                    out.add(new HistoryEntry(a.seq(), a.at(), a.key(), RecordKind.ACCEPTANCE, null, null, null, a.by(), a.reason()));
                }
            }
        }
        return out;
    }

    private static boolean within(Instant at, Instant from, Instant until) {
        return at != null && (from == null || !at.isBefore(from)) && (until == null || !at.isAfter(until));
    }

    @Override
    public List<IncidentEntry> incidents(List<CheckKey> checks, boolean openOnly) {
        Set<CheckKey> keys = new HashSet<>(checks);
        return db.read("list the incidents", c -> {
            List<IncidentEntry> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT i.*, (SELECT j.seq FROM journal j WHERE j.ref = i.id AND "
                    + EVENT_KINDS.replace("kind", "j.kind") + " AND j.kind IN ('incident-opened', 'incident-adopted')) AS seq FROM incidents i"
                    + (openOnly ? " WHERE i.resolved_at IS NULL" : "") + " ORDER BY i.id DESC")) {
                while (rs.next()) {
                    Incident incident = SqliteIncidentStore.incidentOf(rs);
                    if (keys.isEmpty() || keys.contains(incident.key())) {
                        Long seq = Rows.nullableLong(rs, "seq");
                        out.add(new IncidentEntry(incident, seq == null ? 0 : seq));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public long[] seqRange() {
        return db.read("read the journal's range", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(min(seq), 0), coalesce(max(seq), 0) FROM journal")) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        });
    }

    @Override
    public Optional<RecordView> show(long seq) {
        return db.read("read record " + seq, c -> {
            Optional<JournalRecord> found;
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, kind, ref, at, body, digest, keyed, hash FROM journal WHERE seq = ?")) {
                ps.setLong(1, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    found = rs.next() ? Optional.of(new JournalRecord(rs.getLong("seq"), rs.getString("kind"), Rows.nullableLong(rs, "ref"),
                            rs.getString("at"), rs.getString("body"), rs.getString("digest"), rs.getInt("keyed") == 1, rs.getString("hash")))
                            : Optional.empty();
                }
            }
            if (found.isEmpty()) {
                return Optional.empty();
            }
            JournalRecord r = found.get();
            return Optional.of(new RecordView(r, content(c, r)));
        });
    }

    private static JsonNode content(Connection c, JournalRecord r) throws SQLException {
        RecordKind kind = r.kind();
        if (kind == null || r.ref() == null || !(kind == RecordKind.VERDICT || kind == RecordKind.ACCEPTANCE || kind == RecordKind.SNAPSHOT
                || kind == RecordKind.PAID_CALL)) {
            return r.body() == null ? null : parse(r.body());
        }
        String sql = switch (kind) {
            case VERDICT -> "SELECT id, " + SqliteVerdictStore.COLUMNS + ", recorded_at FROM verdicts WHERE id = ?";
            case ACCEPTANCE -> "SELECT id, contract, environment, check_name, accepted_by, reason, accepted_at, verdict_id, findings, NULL AS seq"
                    + " FROM acceptances WHERE id = ?";
            case SNAPSHOT -> "SELECT id, contract, environment, check_name, fetched_at, hash, size, etag, last_modified, text_gz IS NOT NULL AS has_text"
                    + " FROM snapshots WHERE id = ?";
            default -> "SELECT id, contract, environment, check_name, day, reserved_at FROM paid_calls WHERE id = ?";
        };
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, r.ref());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return switch (kind) {
                    case VERDICT -> {
                        ObjectNode o = VerdictJson.toJson(SqliteVerdictStore.verdictOf(rs));
                        o.put("recordedAt", rs.getString("recorded_at"));
                        yield o;
                    }
                    case ACCEPTANCE -> {
                        ObjectNode o = JSON.createObjectNode();
                        o.put("contract", rs.getString("contract")).put("environment", rs.getString("environment"))
                                .put("check", rs.getString("check_name")).put("acceptedBy", rs.getString("accepted_by"))
                                .put("reason", rs.getString("reason")).put("acceptedAt", rs.getString("accepted_at"));
                        Long verdict = Rows.nullableLong(rs, "verdict_id");
                        if (verdict == null) {
                            o.putNull("verdictRow");
                        } else {
                            o.put("verdictRow", verdict);
                        }
                        o.set("findings", parse(rs.getString("findings")));
                        yield o;
                    }
                    case SNAPSHOT -> {
                        ObjectNode o = JSON.createObjectNode();
                        o.put("contract", rs.getString("contract")).put("environment", rs.getString("environment"))
                                .put("check", rs.getString("check_name")).put("fetchedAt", rs.getString("fetched_at"))
                                .put("sha256", rs.getString("hash")).put("size", rs.getLong("size")).put("etag", rs.getString("etag"))
                                .put("lastModified", rs.getString("last_modified")).put("textStoredInThisRow", rs.getInt("has_text") == 1);
                        yield o;
                    }
                    default -> {
                        ObjectNode o = JSON.createObjectNode();
                        o.put("contract", rs.getString("contract")).put("environment", rs.getString("environment"))
                                .put("check", rs.getString("check_name")).put("day", rs.getString("day")).put("reservedAt", rs.getString("reserved_at"));
                        yield o;
                    }
                };
            }
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            return JSON.getNodeFactory().textNode(text); // an edited body: shown as stored
        }
    }
}
