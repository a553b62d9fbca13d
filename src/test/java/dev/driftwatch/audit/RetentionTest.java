package dev.driftwatch.audit;

import static dev.driftwatch.audit.RetentionHistory.DOCS;
import static dev.driftwatch.audit.RetentionHistory.MODELS;
import static dev.driftwatch.audit.RetentionHistory.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.daemon.DaemonMetrics;
import dev.driftwatch.testing.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code models} check ran every ten minutes for 120 days (and a docs page every six hours); retention keeps 90
 * days raw. After compaction the old PASS verdicts are daily rows, every other verdict and every state change is
 * still there, "last verified" and each day's coverage read the same, and the chain verifies; whoever edits what
 * compaction left behind is caught.
 */
class RetentionTest {
    private static final int DAYS = 120;
    /** Day 120, six in the morning: days 0 to 29 ended more than 90 days ago. */
    private static final Instant NOW = START.plus(Duration.ofDays(DAYS)).plus(Duration.ofHours(6));
    private static final LocalDate FIRST_DAY = LocalDate.ofInstant(START, ZoneOffset.UTC);
    private static final LocalDate BEFORE = FIRST_DAY.plusDays(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path shared;
    private static Path history;
    /** The same history compacted at {@link #NOW}: where the edits start from. */
    private static Path compacted;
    private static List<Verdict> written;

    @TempDir
    Path dir;
    private Path file;
    private AuditTrail trail;

    @BeforeAll
    static void writeTheHistoryOnce() {
        written = RetentionHistory.verdicts(DAYS);
        history = shared.resolve("history/driftwatch.db");
        RetentionHistory.write(history, ChainKey.none(), written);
        compacted = shared.resolve("compacted/driftwatch.db");
        copy(history, compacted);
        try (AuditTrail trail = AuditTrail.openSqlite(compacted, ChainKey.none(), new ManualClock(NOW))) {
            assertThat(trail.retention().compact(NOW, 90, false, () -> true).records()).isEqualTo(1);
        }
    }

    @BeforeEach
    void copyTheHistory() {
        open(history);
    }

    /** Works on a copy of {@code trail}. */
    private void open(Path original) {
        if (trail != null) {
            trail.close();
        }
        file = dir.resolve(original.getParent().getFileName() + "/driftwatch.db");
        copy(original, file);
        trail = AuditTrail.openSqlite(file, ChainKey.none(), new ManualClock(NOW));
    }

    private static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void close() {
        trail.close();
    }

    @Test
    void afterCompactionOldPassVerdictsAreDailyRowsAndEverythingElseIsStillThere() throws SQLException {
        List<LastVerified> lastVerified = trail.verdicts().lastVerified();
        List<DailyCoverage> models = coverage(MODELS);
        List<DailyCoverage> docs = coverage(DOCS);
        String gauge = lastVerifiedGauge();
        long records = trail.journal().head().seq();

        CompactionReport report = trail.retention().compact(NOW, 90, false, () -> true);

        assertThat(report.before()).isEqualTo(BEFORE);
        assertThat(report.complete()).isTrue();
        List<Verdict> old = written.stream().filter(v -> v.startedAt().isBefore(BEFORE.atStartOfDay(ZoneOffset.UTC).toInstant())).toList();
        List<Verdict> stateChanges = RetentionHistory.stateChanges(old);
        List<Verdict> oldPasses = old.stream().filter(v -> v.outcome() == Outcome.PASS).toList();
        assertThat(stateChanges).as("the first of each check, and after the bad morning, the blip, the release, the missing key")
                .hasSize(7);
        assertThat(report.kept()).isEqualTo(stateChanges.size());
        assertThat(report.foldedVerdicts()).isEqualTo(oldPasses.size() - stateChanges.size());
        assertThat(report.folded()).hasSize(60).allSatisfy(d -> assertThat(d.day()).isBefore(BEFORE));

        assertThat(startsOf("SELECT started_at FROM verdicts WHERE outcome = 'PASS' AND started_at < '" + BEFORE + "' ORDER BY started_at"))
                .as("the old PASS verdicts left raw are exactly the state changes")
                .containsExactlyElementsOf(stateChanges.stream().map(Verdict::startedAt).toList());
        assertThat(query("SELECT count(*) FROM verdicts WHERE outcome <> 'PASS'"))
                .as("every non-PASS verdict is kept").isEqualTo(written.stream().filter(v -> v.outcome() != Outcome.PASS).count());
        assertThat(query("SELECT count(*) FROM verdicts WHERE started_at >= '" + BEFORE + "'"))
                .as("the last 90 days are all raw").isEqualTo(written.size() - old.size());
        assertThat(query("SELECT count(*) FROM verdict_days WHERE check_name = 'models'")).as("one row per check per day").isEqualTo(30);
        assertThat(query("SELECT sum(passes) FROM verdict_days")).isEqualTo(report.foldedVerdicts());

        assertThat(trail.verdicts().lastVerified()).isEqualTo(lastVerified);
        assertThat(coverage(MODELS)).isEqualTo(models);
        assertThat(coverage(DOCS)).isEqualTo(docs);
        assertThat(models.get(5)).as("day 5: 144 runs, 12 BROKEN").isEqualTo(new DailyCoverage(FIRST_DAY.plusDays(5), 144, 132, 0,
                models.get(5).heldDurationMinMs(), models.get(5).heldDurationMaxMs(), models.get(5).heldDurationSumMs()));
        assertThat(models.get(27).skipped()).isEqualTo(3);
        assertThat(lastVerifiedGauge()).as("the daemon's gauge, seeded from the trail").isEqualTo(gauge);

        ChainReport verified = trail.journal().verify(null);
        assertThat(verified.problems()).isEmpty();
        assertThat(verified.records()).isEqualTo(records + report.records());
        assertThat(query("SELECT count(*) FROM journal WHERE digest IS NOT NULL")).isEqualTo(report.foldedVerdicts());
        for (JsonNode body : compactionBodies()) {
            int named = 0;
            for (JsonNode day : body.get("days")) {
                named += day.get("records").size();
            }
            assertThat(named).as("verdicts folded in one transaction").isLessThanOrEqualTo(SqliteRetention.ROWS_PER_TRANSACTION);
        }

        AlertState state = trail.record(new Verdict(MODELS, Outcome.BROKEN, "model-not-listed", List.of(), Evidence.NONE, NOW, 40),
                IncidentStore.Tx::state);
        assertThat(state.firstVerdictAt()).as("the alerting state started from the history: its first verdict").isEqualTo(START);
        assertThat(state.lastOkAt()).as("and its last PASS")
                .isEqualTo(lastVerified.stream().filter(l -> l.key().equals(MODELS)).findFirst().orElseThrow().lastVerified());
    }

    @Test
    void compactingAgainTheSameDayFoldsNothingAndTheNextDayFoldsOneDayMore() throws SQLException {
        open(compacted);
        ChainHead head = trail.journal().head();

        CompactionReport again = trail.retention().compact(NOW.plus(Duration.ofHours(17)), 90, false, () -> true);
        assertThat(again.folded()).isEmpty();
        assertThat(again.records()).isZero();
        assertThat(trail.journal().head()).as("nothing to chain").isEqualTo(head);

        CompactionReport tomorrow = trail.retention().compact(NOW.plus(Duration.ofDays(1)), 90, false, () -> true);
        assertThat(tomorrow.folded()).extracting(FoldedDay::day).containsOnly(BEFORE);
        assertThat(tomorrow.folded()).extracting(FoldedDay::key).containsExactlyInAnyOrder(MODELS, DOCS);
        assertThat(tomorrow.folded()).filteredOn(d -> d.key().equals(MODELS)).singleElement().satisfies(d -> {
            assertThat(d.passes()).isEqualTo(144);
            assertThat(d.firstAt()).isEqualTo(BEFORE.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(7));
            assertThat(d.lastAt()).isEqualTo(BEFORE.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofMinutes(1430)).plusSeconds(7));
        });
        assertThat(trail.journal().verify(null).problems()).isEmpty();
    }

    @Test
    void aDryRunSaysWhatACompactionWouldFoldAndWritesNothing() throws SQLException {
        ChainHead head = trail.journal().head();
        long rows = query("SELECT count(*) FROM verdicts");

        CompactionReport dry = trail.retention().compact(NOW, 90, true, () -> true);
        assertThat(dry.dryRun()).isTrue();
        assertThat(trail.journal().head()).isEqualTo(head);
        assertThat(query("SELECT count(*) FROM verdicts")).isEqualTo(rows);
        assertThat(query("SELECT count(*) FROM verdict_days")).isZero();

        CompactionReport real = trail.retention().compact(NOW, 90, false, () -> true);
        assertThat(dry.folded()).isEqualTo(real.folded());
        assertThat(dry.kept()).isEqualTo(real.kept());
    }

    @Test
    void toldToStopItEndsBetweenTwoTransactionsAndTheNextRunGoesOn() throws SQLException {
        Retention small = trail.retentionInTransactionsOf(500);
        int[] asked = {0};
        CompactionReport first = small.compact(NOW, 90, false, () -> asked[0]++ < 2);
        assertThat(first.complete()).isFalse();
        assertThat(first.records()).isEqualTo(2);
        assertThat(trail.journal().verify(null).problems()).isEmpty();

        CompactionReport rest = small.compact(NOW, 90, false, () -> true);
        assertThat(rest.complete()).isTrue();
        assertThat(first.foldedVerdicts() + rest.foldedVerdicts()).isEqualTo(query("SELECT sum(passes) FROM verdict_days"));
        assertThat(query("SELECT count(*) FROM verdict_days WHERE check_name = 'models'")).as("whole days still: 500 holds three").isEqualTo(30);
    }

    @Test
    void inTransactionsSmallerThanADayADayIsFoldedInPartsAndEveryAnswerStaysTheSame() throws SQLException {
        List<LastVerified> lastVerified = trail.verdicts().lastVerified();
        List<DailyCoverage> models = coverage(MODELS);

        CompactionReport report = trail.retentionInTransactionsOf(50).compact(NOW, 90, false, () -> true);

        assertThat(query("SELECT count(*) FROM verdict_days WHERE check_name = 'models' AND day = '" + FIRST_DAY.plusDays(10) + "'"))
                .as("144 PASS verdicts in parts of 50").isEqualTo(3);
        assertThat(report.records()).isGreaterThan(90);
        for (JsonNode body : compactionBodies()) {
            int named = 0;
            for (JsonNode day : body.get("days")) {
                named += day.get("records").size();
            }
            assertThat(named).isLessThanOrEqualTo(50);
        }
        assertThat(coverage(MODELS)).isEqualTo(models);
        assertThat(trail.verdicts().lastVerified()).isEqualTo(lastVerified);
        assertThat(trail.journal().verify(null).problems()).isEmpty();
    }

    @Test
    void aVerdictEditedBeforeCompactionIsLeftWhereItIsForVerifyToName() throws SQLException {
        long edited = query("SELECT id FROM verdicts WHERE check_name = 'models' AND started_at LIKE '" + FIRST_DAY.plusDays(3) + "T12:00%'");
        long record = query("SELECT seq FROM journal WHERE kind = 'verdict' AND ref = " + edited);
        sql("UPDATE verdicts SET duration_ms = 5 WHERE id = " + edited);

        CompactionReport report = trail.retention().compact(NOW, 90, false, () -> true);

        assertThat(report.unmatched()).isEqualTo(1);
        assertThat(query("SELECT count(*) FROM verdicts WHERE id = " + edited)).as("kept as the evidence").isEqualTo(1);
        ChainReport verified = trail.journal().verify(null);
        assertThat(verified.problems()).singleElement().satisfies(p -> {
            assertThat(p.seq()).isEqualTo(record);
            assertThat(p.type()).isEqualTo(ChainProblem.Type.ALTERED);
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a daily row deleted | DELETE FROM verdict_days WHERE id = (SELECT min(id) + 3 FROM verdict_days) | REMOVED | written by compaction record",
            "the newest daily row deleted | DELETE FROM verdict_days WHERE id = (SELECT max(id) FROM verdict_days) | REMOVED | written by compaction record",
            "a count edited | UPDATE verdict_days SET passes = passes + 1 WHERE id = (SELECT min(id) FROM verdict_days) | ALTERED | wrote in passes",
            "a day's last run moved later | UPDATE verdict_days SET last_at = '2026-01-01T23:59:59.000Z' WHERE day = '2026-01-01' | ALTERED | lastAt",
            "a daily row inserted | INSERT INTO verdict_days (contract, environment, check_name, day, passes, first_at, last_at, duration_min_ms, duration_max_ms, duration_sum_ms) VALUES ('wisgate-gpt-image-2', 'production', 'models', '2025-12-31', 144, '2025-12-31T00:00:07.000Z', '2025-12-31T23:50:07.000Z', 40, 80, 8000) | INSERTED | written by no compaction record",
            "a folded record's digest edited | UPDATE journal SET digest = upper(digest) WHERE seq = (SELECT min(seq) FROM journal WHERE digest IS NOT NULL) | ALTERED | does not match its hash",
            "a folded record's digest emptied | UPDATE journal SET digest = NULL WHERE seq = (SELECT max(seq) FROM journal WHERE digest IS NOT NULL) | REMOVED | is gone",
            "a compaction record's body edited to match an edited count | UPDATE journal SET body = replace(body, '\"passes\":143', '\"passes\":144') WHERE kind = 'compaction' | ALTERED | compaction",
            "the compaction record deleted | DELETE FROM journal WHERE kind = 'compaction' | REMOVED | no compaction record folded it",
    })
    void everyEditOfWhatCompactionLeftIsNamed(String what, String sql, ChainProblem.Type type, String named) throws SQLException {
        open(compacted);
        assertThat(trail.journal().verify(null).problems()).isEmpty();
        sql(sql);
        ChainReport report = trail.journal().verify(null);
        assertThat(report.intact()).as(what).isFalse();
        assertThat(report.problems()).as(what).anySatisfy(p -> {
            assertThat(p.type()).isEqualTo(type);
            assertThat(p.what()).contains(named);
        });
    }

    @Test
    void deletingTheCompactionRecordLeavesItsFoldedRecordsUnnamedAndItsDailyRowsWrittenByNone() throws SQLException {
        open(compacted);
        long compaction = query("SELECT seq FROM journal WHERE kind = 'compaction'");
        trail.record(new Verdict(MODELS, Outcome.PASS, "gpt-image-2 listed among 4 models", List.of(), Evidence.NONE, NOW, 40));
        sql("DELETE FROM journal WHERE kind = 'compaction'");

        ChainReport report = trail.journal().verify(null);

        assertThat(report.problems()).anySatisfy(p -> assertThat(p.toString()).isEqualTo("removed at record " + (compaction + 1)
                + ": record " + compaction + " is missing"));
        assertThat(report.problems()).filteredOn(p -> p.what().contains("no compaction record folded it")).hasSize((int) query(
                "SELECT count(*) FROM journal WHERE digest IS NOT NULL"));
        assertThat(report.problems()).filteredOn(p -> p.type() == ChainProblem.Type.INSERTED && p.what().startsWith("verdict_days row"))
                .hasSize(60);
    }

    @Test
    void aRawVerdictDeletedWithItsDigestFilledInByHandIsReportedRemovedThoughItsLinkHolds() throws SQLException {
        open(compacted);
        long victim = query("SELECT id FROM verdicts WHERE outcome = 'BROKEN' ORDER BY id DESC LIMIT 1");
        long record = query("SELECT seq FROM journal WHERE kind = 'verdict' AND ref = " + victim);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT j.seq, j.kind, j.ref, j.at, j.body, v.id, " + SqliteVerdictStore.COLUMNS
                     + ", v.recorded_at FROM journal j JOIN verdicts v ON v.id = j.ref WHERE j.seq = " + record)) {
            rs.next();
            // Exactly what compaction would keep: the link still holds, only no compaction record names it.
            String digest = ChainKey.sha256(CanonicalRecord.text(rs.getLong("seq"), rs.getString("kind"), rs.getLong("ref"), rs.getString("at"),
                    SqliteVerdictStore.canonicalOf(rs), rs.getString("body")));
            try (PreparedStatement ps = c.prepareStatement("UPDATE journal SET digest = ? WHERE seq = ?")) {
                ps.setString(1, digest);
                ps.setLong(2, record);
                ps.executeUpdate();
            }
            s.executeUpdate("DELETE FROM verdicts WHERE id = " + victim);
        }

        ChainReport report = trail.journal().verify(null);

        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.seq()).isEqualTo(record);
            assertThat(p.type()).isEqualTo(ChainProblem.Type.REMOVED);
            assertThat(p.what()).isEqualTo("verdict row " + victim + " is gone and no compaction record folded it: its digest was filled in by hand");
        });
    }

    @Test
    void aKeyedTrailIsCompactedWithItsKeyAndLeftAsItIsWithoutIt() throws SQLException {
        trail.close();
        ChainKey key = ChainKey.fromEnvironment(Map.of(ChainKey.VARIABLE, "k".repeat(40)));
        Path keyed = dir.resolve("keyed/driftwatch.db");
        RetentionHistory.write(keyed, key, RetentionHistory.verdicts(3));
        Instant now = START.plus(Duration.ofDays(4));

        trail = AuditTrail.openSqlite(keyed);
        CompactionReport without = trail.retention().compact(now, 2, false, () -> true);
        assertThat(without.folded()).isEmpty();
        // Days 0 and 1: the models check's first PASS and the docs page's first are state changes, kept.
        assertThat(without.unkeyed()).as("a link it cannot check is not folded").isEqualTo(143 + 144 + 3 + 4);
        trail.close();

        trail = AuditTrail.openSqlite(keyed, key);
        CompactionReport with = trail.retention().compact(now, 2, false, () -> true);
        assertThat(with.foldedVerdicts()).isEqualTo(143 + 144 + 3 + 4);
        ChainReport report = trail.journal().verify(null);
        assertThat(report.problems()).isEmpty();
        assertThat(report.keyedRecords()).isEqualTo(report.records());
    }

    private List<DailyCoverage> coverage(CheckKey key) {
        return trail.verdicts().dailyCoverage(key, FIRST_DAY, FIRST_DAY.plusDays(DAYS + 1));
    }

    /** What /metrics says about when {@code models} was last verified, from a metrics registry seeded by the trail. */
    private String lastVerifiedGauge() {
        String text = new DaemonMetrics(trail, Map.of(), new ManualClock(NOW)).scrape();
        Matcher m = Pattern.compile("driftwatch_check_last_verified_timestamp_seconds\\{[^}]*check=\"models\"[^}]*} (\\S+)").matcher(text);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private List<JsonNode> compactionBodies() throws SQLException {
        List<JsonNode> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT body FROM journal WHERE kind = 'compaction' ORDER BY seq")) {
            while (rs.next()) {
                out.add(JSON.readTree(rs.getString(1)));
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    private List<Instant> startsOf(String sql) throws SQLException {
        List<Instant> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(Instant.parse(rs.getString(1)));
            }
        }
        return out;
    }

    private void sql(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    private long query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
