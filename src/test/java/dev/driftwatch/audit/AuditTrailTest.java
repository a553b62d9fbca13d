package dev.driftwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.KnownChanges;
import dev.driftwatch.check.KnownState;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AuditTrailTest extends AuditTrailFileTest {
    private static final CheckKey MODELS_STAGING = new CheckKey("wisgate-gpt-image-2", "staging", "models");
    private static final CheckKey GENERATION_STAGING = new CheckKey("wisgate-gpt-image-2", "staging", "generation");
    private static final CheckKey GENERATION_PRODUCTION = new CheckKey("wisgate-gpt-image-2", "production", "generation");
    private static final Instant MAY_1 = Instant.parse("2026-05-01T09:30:00.123Z");

    @Test
    void modelRenamedVerdictIsReadBackWithItsFindingsAndEvidence() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("url", "https://api.wisgate.ai/v1/models");
        details.put("models", List.of("gpt-image-1", "gpt-image-2-preview"));
        details.put("rateLimits", Map.of("x-ratelimit-remaining-requests", "99"));
        details.put("modelCount", 2L);
        details.put("paid", false);
        Verdict broken = new Verdict(MODELS_STAGING, Outcome.BROKEN, "model-not-listed: expected gpt-image-2",
                List.of(Finding.error("model-not-listed", "/data", "gpt-image-2", "gpt-image-2-preview"),
                        Finding.info("model-added", null, null, "gpt-image-2-preview")),
                new Evidence(200, 312L, "req_abc", details), MAY_1, 312);
        Verdict pass = verdict(MODELS_STAGING, Outcome.PASS, MAY_1.plusSeconds(3600), Evidence.NONE);

        trail.record(broken);
        trail.record(pass);

        assertThat(trail.verdicts().latest(MODELS_STAGING, 10)).containsExactly(pass, broken);
        assertThat(trail.verdicts().latest(MODELS_STAGING, 1)).containsExactly(pass);
        Evidence read = trail.verdicts().latest(MODELS_STAGING, 10).get(1).evidence();
        assertThat(read.list("models")).containsExactly("gpt-image-1", "gpt-image-2-preview");
        assertThat(read.map("rateLimits")).containsEntry("x-ratelimit-remaining-requests", "99");
    }

    @Test
    void lastVerifiedKeepsTheLastPassWhenTheLatestVerdictIsBrokenAndNullWhenNeverPassed() {
        trail.record(verdict(MODELS_STAGING, Outcome.PASS, MAY_1, Evidence.NONE));
        trail.record(verdict(MODELS_STAGING, Outcome.BROKEN, MAY_1.plusSeconds(3600), Evidence.NONE));
        trail.record(verdict(GENERATION_STAGING, Outcome.UNVERIFIED, MAY_1.plusSeconds(60), Evidence.NONE));

        assertThat(trail.verdicts().lastVerified()).containsExactly(
                new LastVerified(GENERATION_STAGING, null, Outcome.UNVERIFIED, MAY_1.plusSeconds(60), "UNVERIFIED at " + MAY_1.plusSeconds(60)),
                new LastVerified(MODELS_STAGING, MAY_1, Outcome.BROKEN, MAY_1.plusSeconds(3600), "BROKEN at " + MAY_1.plusSeconds(3600)));
    }

    @Test
    void everyCheckOfEveryContractAndEnvironmentIsListedOnceInKeyOrderWithItsOwnLatestVerdict() {
        List<CheckKey> keys = new ArrayList<>();
        for (String contract : List.of("b-contract", "a-contract")) {
            for (String env : List.of("staging", "production")) {
                for (String check : List.of("models", "docs:models", "endpoint")) {
                    keys.add(new CheckKey(contract, env, check));
                }
            }
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < keys.size(); i++) {
                Outcome outcome = i % 4 == 3 && round == 2 ? Outcome.SKIPPED : i % 5 == 4 && round == 2 ? Outcome.BROKEN : Outcome.PASS;
                trail.record(verdict(keys.get(i), outcome, MAY_1.plusSeconds(round * 100L + i), Evidence.NONE));
            }
        }
        List<CheckKey> sorted = keys.stream().sorted(java.util.Comparator.comparing(CheckKey::contract)
                .thenComparing(CheckKey::environment).thenComparing(CheckKey::check)).toList();

        List<LastVerified> listed = trail.verdicts().lastVerified();
        assertThat(listed).extracting(LastVerified::key).containsExactlyElementsOf(sorted);
        for (LastVerified lv : listed) {
            int i = keys.indexOf(lv.key());
            assertThat(lv.latestAt()).isEqualTo(MAY_1.plusSeconds(200L + i));
            assertThat(lv.lastVerified()).isEqualTo(lv.latestOutcome() == Outcome.PASS ? lv.latestAt() : MAY_1.plusSeconds(100L + i));
        }
        Map<CheckKey, Outcome> decided = trail.verdicts().latestDecided();
        assertThat(decided).hasSize(keys.size());
        assertThat(decided.get(keys.get(3))).as("a SKIPPED run says nothing: the one before stands").isEqualTo(Outcome.PASS);
        assertThat(decided.get(keys.get(4))).isEqualTo(Outcome.BROKEN);
    }

    @Test
    void knownStateIsWrittenWithItsVerdictAndReadBackAfterARestart() {
        KnownChanges learned = new KnownChanges(List.of(new KnownChanges.Seen("model:gpt-image-2.1", "listed"),
                new KnownChanges.Seen("rate-limit:x-ratelimit-limit-requests", "500")));
        assertThat(trail.knownState(MODELS_STAGING).baselined()).isFalse();
        trail.record(new Verdict(MODELS_STAGING, Outcome.UNVERIFIED, "no answer", List.of(), Evidence.NONE, MAY_1, 5, learned));
        assertThat(trail.knownState(MODELS_STAGING).baselined()).as("only a verdict that holds sets the baseline").isFalse();
        assertThat(trail.knownState(MODELS_STAGING).value("model:gpt-image-2.1")).contains("listed");

        Instant later = MAY_1.plusSeconds(3600);
        trail.record(new Verdict(MODELS_STAGING, Outcome.PASS, "listed", List.of(), Evidence.NONE, later, 5, new KnownChanges(List.of(
                new KnownChanges.Gone("model:gpt-image-2.1"), new KnownChanges.Seen("rate-limit:x-ratelimit-limit-requests", "100"),
                new KnownChanges.Forget("nothing-known")))));
        trail.close();
        trail = AuditTrail.openSqlite(file);

        KnownState known = trail.knownState(MODELS_STAGING);
        assertThat(known.baselinedAt()).isEqualTo(later);
        assertThat(known.fact("model:gpt-image-2.1")).hasValueSatisfying(f -> {
            assertThat(f.present()).isFalse();
            assertThat(f.goneSince()).isEqualTo(later);
            assertThat(f.firstSeen()).isEqualTo(MAY_1);
        });
        assertThat(known.value("rate-limit:x-ratelimit-limit-requests")).contains("100");
        assertThat(trail.knownState(GENERATION_STAGING).isEmpty()).isTrue();
        assertThat(trail.knownAcross("wisgate-gpt-image-2", "rate-limit:x-ratelimit-limit-requests")).containsOnlyKeys(MODELS_STAGING);
    }

    @Test
    void aVerdictAndWhatTheIncidentLogicDoesWithItCommitTogetherOrNotAtAll() {
        Verdict v = verdict(MODELS_STAGING, Outcome.BROKEN, MAY_1, Evidence.NONE);
        try {
            trail.record(v, tx -> {
                throw new IllegalStateException("the process died here");
            });
        } catch (AuditException expected) {
            assertThat(expected).hasMessageContaining("the process died here");
        }
        assertThat(trail.lastVerdict(MODELS_STAGING)).as("rolled back with the step that failed").isEmpty();
        assertThat(trail.journal().verify(null).intact()).isTrue();
    }

    @Test
    void dailyBudgetOfOneIsSharedByBothEnvironmentsAndRenewsOnTheNextUtcDay() {
        Instant lateOnMay1 = Instant.parse("2026-05-01T23:59:59Z");

        assertThat(trail.reservePaidCall(GENERATION_STAGING, 1, MAY_1)).isTrue();
        assertThat(trail.reservePaidCall(GENERATION_PRODUCTION, 1, lateOnMay1)).isFalse();
        assertThat(trail.reservePaidCall(new CheckKey("other-contract", "production", "generation"), 1, MAY_1)).isTrue();
        assertThat(trail.reservePaidCall(GENERATION_PRODUCTION, 1, Instant.parse("2026-05-02T00:00:00Z"))).isTrue();
        assertThat(trail.reservePaidCall(GENERATION_STAGING, 0, Instant.parse("2026-05-03T00:00:00Z"))).isFalse();
    }

    @Test
    void restartDoesNotResetTheSpentBudget() {
        assertThat(trail.reservePaidCall(GENERATION_STAGING, 1, MAY_1)).isTrue();
        trail.close();

        trail = AuditTrail.openSqlite(file);

        assertThat(trail.reservePaidCall(GENERATION_PRODUCTION, 1, MAY_1.plusSeconds(60))).isFalse();
    }

    @Test
    void twoEnvironmentsReservingAtTheSameMomentGetExactlyOnePaidCall() throws Exception {
        assertThat(raceForOneCall(trail, trail)).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void twoProcessesSharingTheFileGetExactlyOnePaidCall() throws Exception {
        try (AuditTrail secondProcess = AuditTrail.openSqlite(file)) {
            assertThat(raceForOneCall(trail, secondProcess)).containsExactlyInAnyOrder(true, false);
        }
    }

    @Test
    void chainIsIntactAfterRecordsAndNamesTheRecordWhoseVerdictWasEditedBehindItsBack() throws Exception {
        for (int i = 0; i < 3; i++) {
            trail.record(verdict(MODELS_STAGING, Outcome.PASS, MAY_1.plusSeconds(i),
                    Evidence.NONE.with("models", List.of("gpt-image-2")).with("latencyRatio", 0.5)));
        }
        assertThat(trail.journal().verify(null).intact()).isTrue();

        long secondId;
        long itsRecord;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id FROM verdicts ORDER BY id LIMIT 1 OFFSET 1")) {
                rs.next();
                secondId = rs.getLong(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT seq FROM journal WHERE kind = 'verdict' AND ref = " + secondId)) {
                rs.next();
                itsRecord = rs.getLong(1);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE verdicts SET summary = 'all good' WHERE id = ?")) {
                ps.setLong(1, secondId);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }

        ChainReport report = trail.journal().verify(null);
        assertThat(report.intact()).isFalse();
        assertThat(report.first().seq()).isEqualTo(itsRecord);
        assertThat(report.first().type()).isEqualTo(ChainProblem.Type.ALTERED);
    }

    @Test
    void theFileIsOpenedInWalModeSoReadersDoNotBlockTheDaemon() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void everyCommitIsOnDiskBeforeItReturns() throws Exception {
        // synchronous is a setting of each connection, not of the file: asked of a connection the trail's pool opens.
        try (HikariDataSource pool = SqliteFile.open(file, 0, SqliteFile.BUSY_WAIT, ChainKey.none(), Clock.systemUTC());
             Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
                rs.next();
                assertThat(rs.getInt(1)).as("2 is FULL: the WAL is fsynced at every commit").isEqualTo(2);
            }
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
            }
        }
    }

    @Test
    void dataDirectoryThatIsARegularFileGivesAOneLineAuditException() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("data-is-a-file"), "oops");
        Path target = notADirectory.resolve("driftwatch.db");

        assertThatThrownBy(() -> AuditTrail.openSqlite(target))
                .isInstanceOf(AuditException.class)
                .hasMessageStartingWith("cannot open the audit trail at " + target + ": ")
                .hasMessageContaining("DRIFTWATCH_DATA")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void fileThatIsNotADatabaseGivesAOneLineAuditException() throws Exception {
        Path garbage = dir.resolve("garbage.db");
        Files.writeString(garbage, "this is not sqlite, it is a note someone left here ".repeat(100));

        assertThatThrownBy(() -> AuditTrail.openSqlite(garbage))
                .isInstanceOf(AuditException.class)
                .hasMessageStartingWith("cannot open the audit trail at " + garbage + ": ")
                .hasMessageContaining("not a database")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void dataDirectoryComesFromDriftwatchDataOrDefaultsToData() {
        assertThat(AuditLocation.defaultFile(Map.of("DRIFTWATCH_DATA", "/var/lib/driftwatch")))
                .isEqualTo(Path.of("/var/lib/driftwatch/driftwatch.db"));
        assertThat(AuditLocation.defaultFile(Map.of("DRIFTWATCH_DATA", "  "))).isEqualTo(Path.of("data/driftwatch.db"));
        assertThat(AuditLocation.defaultFile(Map.of())).isEqualTo(Path.of("data/driftwatch.db"));
    }

    private static List<Boolean> raceForOneCall(AuditTrail staging, AuditTrail production) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Boolean>> racers = List.of(
                () -> { start.await(); return staging.reservePaidCall(GENERATION_STAGING, 1, MAY_1); },
                () -> { start.await(); return production.reservePaidCall(GENERATION_PRODUCTION, 1, MAY_1); });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            racers.forEach(r -> futures.add(pool.submit(r)));
            start.countDown();
            List<Boolean> results = new ArrayList<>();
            for (Future<Boolean> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Verdict verdict(CheckKey key, Outcome outcome, Instant startedAt, Evidence evidence) {
        return new Verdict(key, outcome, outcome + " at " + startedAt, List.of(), evidence, startedAt, 40);
    }
}
