package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.check.VerdictJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The verdicts table of the SQLite trail (V1__audit_trail.sql and after), and the PASS verdicts compaction folded
 * into verdict_days (V10, written by {@link SqliteRetention}): what held when is read from both.
 */
final class SqliteVerdictStore implements VerdictStore, ChainedRows {
    static final String COLUMNS = "contract, environment, check_name, outcome, summary, findings, evidence, started_at, duration_ms";
    /**
     * One check's runs per day and outcome over a range of days, read from indexes alone: V12's verdicts_by_check_time
     * covers started_at, outcome and duration_ms (a range of one check's entries, not a scan), and the PASS verdicts
     * compaction folded (V10's verdict_days) join as one more SELECT of the same columns. {@link #days} adds up
     * whatever rows a day and outcome get.
     */
    static final String DAYS = "SELECT substr(started_at, 1, 10) AS day, outcome, count(*) AS runs, count(duration_ms) AS timed,"
            + " min(duration_ms) AS min_ms, sum(duration_ms) AS sum_ms, max(duration_ms) AS max_ms"
            + " FROM verdicts WHERE " + Rows.BY_KEY + " AND started_at >= ? AND started_at < ? GROUP BY day, outcome"
            + " UNION ALL SELECT day, 'PASS' AS outcome, sum(passes) AS runs, sum(passes) AS timed, min(duration_min_ms) AS min_ms,"
            + " sum(duration_sum_ms) AS sum_ms, max(duration_max_ms) AS max_ms"
            + " FROM verdict_days WHERE " + Rows.BY_KEY + " AND day >= ? AND day < ? GROUP BY day";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * When a check last held: the newest entry of the partial index verdicts_last_held. Written as ORDER BY … LIMIT 1
     * because SQLite reads every entry of the check for max() under an IN condition.
     *
     * @param sameCheck the condition that picks the check's rows: {@link Rows#BY_KEY} or {@link DistinctChecks#SAME_CHECK}
     */
    private static String lastHeld(String sameCheck) {
        return "SELECT started_at FROM verdicts INDEXED BY verdicts_last_held WHERE " + sameCheck + " AND outcome IN ('PASS', 'CHANGED') ORDER BY started_at DESC LIMIT 1";
    }

    /** When one check last held: one step down verdicts_last_held (named: the planner might take V12's covering index). */
    static final String LAST_HELD = lastHeld(Rows.BY_KEY);
    /**
     * The verdicts table read through verdicts_by_check, for a check's rows newest (or oldest) first by id. Named,
     * because the planner may otherwise take verdicts_by_check_time, read all of the check's rows and sort them.
     */
    private static final String IN_ID_ORDER = "verdicts INDEXED BY verdicts_by_check";
    private final Transactions db;

    SqliteVerdictStore(Transactions db) {
        this.db = db;
    }

    @Override
    public long append(Transaction tx, Verdict v, Instant recordedAt) {
        // Store what the JSON form reads back as, so the row alone gives back the verdict.
        JsonNode json = VerdictJson.toStoredJson(VerdictJson.fromJson(VerdictJson.toStoredJson(v)));
        String findings = JSON.writeValueAsString(json.get("findings"));
        String evidence = JSON.writeValueAsString(json.get("evidence"));
        String startedAt = json.get("startedAt").asString();
        String recorded = VerdictJson.timestamp(recordedAt);
        try (PreparedStatement ps = tx.connection().prepareStatement("INSERT INTO verdicts (" + COLUMNS
                + ", recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            Rows.bindKey(ps, v.key());
            ps.setString(4, v.outcome().name());
            ps.setString(5, v.summary());
            ps.setString(6, findings);
            ps.setString(7, evidence);
            ps.setString(8, startedAt);
            ps.setLong(9, v.durationMs());
            ps.setString(10, recorded);
            ps.executeUpdate();
            long id = Rows.generatedId(ps);
            tx.chainRow(RecordKind.VERDICT, id, recordedAt, canonical(v.key().contract(), v.key().environment(), v.key().check(),
                    v.outcome().name(), v.summary(), findings, evidence, startedAt, v.durationMs(), recorded), v.key());
            return id;
        } catch (SQLException e) {
            throw new AuditException("cannot record the verdict of " + v.key() + ": " + e.getMessage(), e);
        }
    }

    /** The canonical text of a verdict row (v1). The JSON columns are chained as the exact text stored. */
    static String canonical(String contract, String environment, String check, String outcome, String summary, String findings,
            String evidence, String startedAt, long durationMs, String recordedAt) {
        return CanonicalJson.of(CanonicalJson.object("contract", contract, "environment", environment, "check", check, "outcome", outcome,
                "summary", summary, "findings", findings, "evidence", evidence, "startedAt", startedAt, "durationMs", durationMs,
                "recordedAt", recordedAt));
    }

    /** The canonical text of the verdict row {@code rs} is on. */
    static String canonicalOf(ResultSet rs) throws SQLException {
        return canonical(rs.getString("contract"), rs.getString("environment"), rs.getString("check_name"), rs.getString("outcome"),
                rs.getString("summary"), rs.getString("findings"), rs.getString("evidence"), rs.getString("started_at"),
                rs.getLong("duration_ms"), rs.getString("recorded_at"));
    }

    @Override
    public Optional<Verdict> last(CheckKey key) {
        return latest(key, 1).stream().findFirst();
    }

    @Override
    public List<Verdict> latest(CheckKey key, int limit) {
        return db.read("read the history of " + key, c -> {
            List<Verdict> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM " + IN_ID_ORDER + " WHERE " + Rows.BY_KEY + " ORDER BY id DESC LIMIT ?")) {
                Rows.bindKey(ps, key);
                ps.setInt(4, Math.max(0, limit));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(verdictOf(rs));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<VerdictDay> days(CheckKey key, LocalDate from, LocalDate to) {
        return db.read("read the days of " + key, c -> {
            Map<LocalDate, DayTotals> days = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(DAYS)) {
                Rows.bindKey(ps, key);
                Rows.setInstant(ps, 4, from.atStartOfDay(ZoneOffset.UTC).toInstant());
                Rows.setInstant(ps, 5, to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
                Rows.bindKey(ps, 6, key);
                ps.setString(9, from.toString());
                ps.setString(10, to.plusDays(1).toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        days.computeIfAbsent(LocalDate.parse(rs.getString("day")), d -> new DayTotals()).add(rs);
                    }
                }
            }
            List<VerdictDay> out = new ArrayList<>(days.size());
            days.forEach((day, t) -> out.add(t.of(day)));
            return out;
        });
    }

    /** What the rows of one day add up to. */
    private static final class DayTotals {
        private final Map<Outcome, Integer> runs = new EnumMap<>(Outcome.class);
        private long timed;
        private long sumMs;
        private Long minMs;
        private Long maxMs;

        void add(ResultSet rs) throws SQLException {
            runs.merge(Outcome.valueOf(rs.getString("outcome")), rs.getInt("runs"), Integer::sum);
            long n = rs.getLong("timed");
            if (n > 0) {
                timed += n;
                sumMs += rs.getLong("sum_ms");
                long min = rs.getLong("min_ms");
                long max = rs.getLong("max_ms");
                minMs = minMs == null ? min : Math.min(minMs, min);
                maxMs = maxMs == null ? max : Math.max(maxMs, max);
            }
        }

        VerdictDay of(LocalDate day) {
            return new VerdictDay(day, runs, minMs, timed == 0 ? null : Math.round((double) sumMs / timed), maxMs);
        }
    }

    @Override
    public Optional<Instant> lastHeld(CheckKey key) {
        return db.read("read when " + key + " last held", c -> {
            try (PreparedStatement ps = c.prepareStatement(LAST_HELD)) {
                Rows.bindKey(ps, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(Rows.instant(rs, "started_at")) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<LastVerified> lastVerified() {
        // The verdicts alone say when a check last held: compaction keeps each check's newest PASS, so a folded PASS is
        // never the last one.
        String sql = DistinctChecks.ofVerdicts()
                + "SELECT k.c AS contract, k.e AS environment, k.n AS check_name, l.outcome, l.started_at, l.summary,"
                + " (" + lastHeld(DistinctChecks.SAME_CHECK) + ") AS last_held"
                + " FROM k JOIN verdicts l ON l.id = (SELECT id FROM " + IN_ID_ORDER + " WHERE " + DistinctChecks.SAME_CHECK + " ORDER BY id DESC LIMIT 1)";
        return db.read("list the last verified checks", c -> {
            List<LastVerified> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    out.add(new LastVerified(Rows.keyOf(rs), Rows.instant(rs, "last_held"),
                            Outcome.valueOf(rs.getString("outcome")),
                            VerdictJson.parseTimestamp(rs.getString("started_at")), rs.getString("summary")));
                }
            }
            return out;
        });
    }

    @Override
    public Map<CheckKey, Outcome> latestDecided() {
        String sql = DistinctChecks.ofVerdicts()
                + "SELECT k.c AS contract, k.e AS environment, k.n AS check_name, (SELECT outcome FROM " + IN_ID_ORDER
                + "  WHERE " + DistinctChecks.SAME_CHECK + " AND outcome <> 'SKIPPED' ORDER BY id DESC LIMIT 1)"
                + " AS outcome FROM k";
        return db.read("read the latest verdicts", c -> {
            Map<CheckKey, Outcome> out = new LinkedHashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    if (rs.getString("outcome") != null) {
                        out.put(Rows.keyOf(rs), Outcome.valueOf(rs.getString("outcome")));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Optional<Verdict> lastFailing(Transaction tx, CheckKey key) {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT " + COLUMNS + " FROM " + IN_ID_ORDER + " WHERE " + Rows.BY_KEY
                + " AND outcome IN ('BROKEN', 'UNVERIFIED') ORDER BY id DESC LIMIT 1")) {
            Rows.bindKey(ps, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(verdictOf(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new AuditException("cannot read the last failing verdict of " + key + ": " + e.getMessage(), e);
        }
    }

    /** The check's latest verdict that saw the provider (PASS, CHANGED or BROKEN) with its row id, read inside {@code tx}: what an acceptance adopts. */
    Optional<Map.Entry<Long, Verdict>> lastObserved(Transaction tx, CheckKey key) {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT id, " + COLUMNS + " FROM " + IN_ID_ORDER + " WHERE " + Rows.BY_KEY
                + " AND outcome IN ('PASS', 'CHANGED', 'BROKEN') ORDER BY id DESC LIMIT 1")) {
            Rows.bindKey(ps, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Map.entry(rs.getLong("id"), verdictOf(rs))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new AuditException("cannot read the last verdict of " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Span span(Transaction tx, CheckKey key) {
        // Its first verdict may have been folded by compaction (V10): the earlier of the first kept and the first folded.
        try (PreparedStatement first = tx.connection().prepareStatement("SELECT started_at FROM " + IN_ID_ORDER + " WHERE " + Rows.BY_KEY
                + " ORDER BY id LIMIT 1"); PreparedStatement firstFolded = tx.connection().prepareStatement("SELECT first_at AS started_at"
                + " FROM verdict_days WHERE " + Rows.BY_KEY + " ORDER BY day, first_at LIMIT 1");
                PreparedStatement held = tx.connection().prepareStatement(lastHeld(Rows.BY_KEY))) {
            Rows.bindKey(first, key);
            Rows.bindKey(firstFolded, key);
            Rows.bindKey(held, key);
            try (ResultSet f = first.executeQuery(); ResultSet ff = firstFolded.executeQuery(); ResultSet h = held.executeQuery()) {
                Instant kept = f.next() ? Rows.instant(f, "started_at") : null;
                Instant folded = ff.next() ? Rows.instant(ff, "started_at") : null;
                return new Span(kept == null || (folded != null && folded.isBefore(kept)) ? folded : kept,
                        h.next() ? Rows.instant(h, "started_at") : null);
            }
        } catch (SQLException e) {
            throw new AuditException("cannot read the verdicts of " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<DailyCoverage> dailyCoverage(CheckKey key, LocalDate from, LocalDate until) {
        String sql = "SELECT substr(started_at, 1, 10) AS day, count(*) AS runs, sum(CASE WHEN outcome IN ('PASS', 'CHANGED') THEN 1 ELSE 0 END) AS held,"
                + " sum(CASE WHEN outcome = 'SKIPPED' THEN 1 ELSE 0 END) AS skipped, min(CASE WHEN outcome IN ('PASS', 'CHANGED') THEN duration_ms END) AS min_ms,"
                + " max(CASE WHEN outcome IN ('PASS', 'CHANGED') THEN duration_ms END) AS max_ms,"
                + " coalesce(sum(CASE WHEN outcome IN ('PASS', 'CHANGED') THEN duration_ms END), 0) AS sum_ms"
                + " FROM verdicts WHERE " + Rows.BY_KEY + " AND started_at >= ? AND started_at < ? GROUP BY day"
                + " UNION ALL SELECT day, passes, passes, 0, duration_min_ms, duration_max_ms, duration_sum_ms FROM verdict_days"
                + " WHERE " + Rows.BY_KEY + " AND day >= ? AND day < ?";
        return db.read("read the daily coverage of " + key, c -> {
            Map<LocalDate, DailyCoverage> days = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                Rows.bindKey(ps, 1, key);
                ps.setString(4, Rows.text(from.atStartOfDay(ZoneOffset.UTC).toInstant()));
                ps.setString(5, Rows.text(until.atStartOfDay(ZoneOffset.UTC).toInstant()));
                Rows.bindKey(ps, 6, key);
                ps.setString(9, from.toString());
                ps.setString(10, until.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        DailyCoverage day = new DailyCoverage(LocalDate.parse(rs.getString("day")), rs.getLong("runs"), rs.getLong("held"),
                                rs.getLong("skipped"), Rows.nullableLong(rs, "min_ms"), Rows.nullableLong(rs, "max_ms"), rs.getLong("sum_ms"));
                        days.merge(day.day(), day, DailyCoverage::plus);
                    }
                }
            }
            return List.copyOf(days.values());
        });
    }

    @Override
    public void ping() {
        db.read("read", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1 FROM verdicts LIMIT 1")) {
                return rs.next();
            }
        });
    }

    @Override
    public RecordKind kind() {
        return RecordKind.VERDICT;
    }

    @Override
    public RowCursor rows(Connection c) throws SQLException {
        return rows(c, 0);
    }

    @Override
    public RowCursor rows(Connection c, long fromId) throws SQLException {
        return RowCursor.of(c, "SELECT id, " + COLUMNS + ", recorded_at FROM verdicts WHERE id >= " + fromId + " ORDER BY id", SqliteVerdictStore::canonicalOf);
    }

    static Verdict verdictOf(ResultSet rs) throws SQLException {
        return new Verdict(Rows.keyOf(rs), Outcome.valueOf(rs.getString("outcome")), rs.getString("summary"),
                VerdictJson.findingsFromJson(JSON.readTree(rs.getString("findings"))),
                VerdictJson.evidenceFromJson(JSON.readTree(rs.getString("evidence"))),
                VerdictJson.parseTimestamp(rs.getString("started_at")), rs.getLong("duration_ms"));
    }
}
