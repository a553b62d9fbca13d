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
     * When the check of verdict row {@code v} last held among the PASS verdicts compaction folded (V10): the last of
     * its newest folded day, read by index whatever the number of days.
     */
    private static final String FOLDED_LAST_HELD = "(SELECT max(d.last_at) FROM verdict_days d WHERE d.contract = v.contract"
            + " AND d.environment = v.environment AND d.check_name = v.check_name AND d.day = (SELECT max(e.day) FROM verdict_days e"
            + " WHERE e.contract = v.contract AND e.environment = v.environment AND e.check_name = v.check_name))";
    private static final JsonMapper JSON = JsonMapper.builder().build();
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
                    "SELECT " + COLUMNS + " FROM verdicts WHERE " + Rows.BY_KEY + " ORDER BY id DESC LIMIT ?")) {
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
    public List<VerdictDay> foldedDays(CheckKey key, int limit) {
        return db.read("read the folded days of " + key, c -> {
            List<VerdictDay> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT day, sum(passes), min(first_at), max(last_at), min(duration_min_ms),"
                    + " max(duration_max_ms), sum(duration_sum_ms) FROM verdict_days WHERE " + Rows.BY_KEY + " GROUP BY day ORDER BY day DESC LIMIT ?")) {
                Rows.bindKey(ps, key);
                ps.setInt(4, Math.max(0, limit));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new VerdictDay(key, LocalDate.parse(rs.getString(1)), rs.getLong(2), Instant.parse(rs.getString(3)),
                                Instant.parse(rs.getString(4)), rs.getLong(5), rs.getLong(6), rs.getLong(7)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<LastVerified> lastVerified() {
        String sql = "SELECT v.contract, v.environment, v.check_name, v.outcome, v.started_at, v.summary,"
                + " (SELECT max(p.started_at) FROM verdicts p WHERE p.contract = v.contract"
                + "  AND p.environment = v.environment AND p.check_name = v.check_name AND p.outcome IN ('PASS', 'CHANGED')) AS last_held,"
                + " " + FOLDED_LAST_HELD + " AS last_folded"
                + " FROM verdicts v"
                + " WHERE v.id IN (SELECT max(id) FROM verdicts GROUP BY contract, environment, check_name)"
                + " ORDER BY v.contract, v.environment, v.check_name";
        return db.read("list the last verified checks", c -> {
            List<LastVerified> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    out.add(new LastVerified(Rows.keyOf(rs), later(Rows.instant(rs, "last_held"), Rows.instant(rs, "last_folded")),
                            Outcome.valueOf(rs.getString("outcome")),
                            Instant.parse(rs.getString("started_at")), rs.getString("summary")));
                }
            }
            return out;
        });
    }

    @Override
    public Map<CheckKey, Outcome> latestDecided() {
        String sql = "SELECT contract, environment, check_name, outcome FROM verdicts WHERE id IN"
                + " (SELECT max(id) FROM verdicts WHERE outcome <> 'SKIPPED' GROUP BY contract, environment, check_name)";
        return db.read("read the latest verdicts", c -> {
            Map<CheckKey, Outcome> out = new LinkedHashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    out.put(Rows.keyOf(rs), Outcome.valueOf(rs.getString("outcome")));
                }
            }
            return out;
        });
    }

    @Override
    public Optional<Verdict> lastFailing(Transaction tx, CheckKey key) {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT " + COLUMNS + " FROM verdicts WHERE " + Rows.BY_KEY
                + " AND outcome IN ('BROKEN', 'UNVERIFIED') ORDER BY id DESC LIMIT 1")) {
            Rows.bindKey(ps, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(verdictOf(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new AuditException("cannot read the last failing verdict of " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Span span(Transaction tx, CheckKey key) {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT min(started_at) AS first_at,"
                + " max(CASE WHEN outcome IN ('PASS', 'CHANGED') THEN started_at END) AS last_held,"
                + " (SELECT min(first_at) FROM verdict_days d WHERE " + Rows.BY_KEY + ") AS first_folded,"
                + " (SELECT max(last_at) FROM verdict_days d WHERE " + Rows.BY_KEY + ") AS last_folded"
                + " FROM verdicts WHERE " + Rows.BY_KEY)) {
            Rows.bindKey(ps, 1, key);
            Rows.bindKey(ps, 4, key);
            Rows.bindKey(ps, 7, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Instant firstAt = Rows.instant(rs, "first_at");
                Instant firstFolded = Rows.instant(rs, "first_folded");
                return new Span(firstAt == null || (firstFolded != null && firstFolded.isBefore(firstAt)) ? firstFolded : firstAt,
                        later(Rows.instant(rs, "last_held"), Rows.instant(rs, "last_folded")));
            }
        } catch (SQLException e) {
            throw new AuditException("cannot read the verdicts of " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<DailyCoverage> dailyCoverage(CheckKey key, LocalDate from, LocalDate until) {
        String sql = "SELECT substr(started_at, 1, 10) AS day, count(*) AS runs, sum(outcome IN ('PASS', 'CHANGED')) AS held,"
                + " sum(outcome = 'SKIPPED') AS skipped, min(CASE WHEN outcome IN ('PASS', 'CHANGED') THEN duration_ms END) AS min_ms,"
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

    /** The later of two instants, either of which may be null. */
    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || !b.isAfter(a) ? a : b;
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
        return RowCursor.of(c, "SELECT id, " + COLUMNS + ", recorded_at FROM verdicts ORDER BY id", SqliteVerdictStore::canonicalOf);
    }

    static Verdict verdictOf(ResultSet rs) throws SQLException {
        return new Verdict(Rows.keyOf(rs), Outcome.valueOf(rs.getString("outcome")), rs.getString("summary"),
                VerdictJson.findingsFromJson(JSON.readTree(rs.getString("findings"))),
                VerdictJson.evidenceFromJson(JSON.readTree(rs.getString("evidence"))),
                Instant.parse(rs.getString("started_at")), rs.getLong("duration_ms"));
    }
}
