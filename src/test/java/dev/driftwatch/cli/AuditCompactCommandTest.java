package dev.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.audit.AuditLocation;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.ChainKey;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.testing.ManualClock;
import dev.driftwatch.testing.TestWorkspace;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code driftwatch audit compact} on a trail whose models check passed every hour for three days in March 2020,
 * long before any retention: it says what it would fold, folds it, and the trail still verifies and says when the
 * check was last verified as before.
 */
class AuditCompactCommandTest {
    private static final CheckKey MODELS = new CheckKey("wisgate-gpt-image-2", "production", "models");
    private static final Instant MARCH_1 = Instant.parse("2020-03-01T00:00:07Z");

    @TempDir
    Path dir;
    TestWorkspace ws;
    Map<String, String> env;
    Path db;

    @BeforeEach
    void threeDaysOfHourlyPasses() {
        ws = new TestWorkspace(dir);
        env = CliRun.dataOnlyEnv(dir);
        db = AuditLocation.defaultFile(env);
        ManualClock clock = new ManualClock(MARCH_1);
        try (AuditTrail trail = AuditTrail.openSqlite(db, ChainKey.none(), clock)) {
            for (int hour = 0; hour < 72; hour++) {
                Instant at = MARCH_1.plus(Duration.ofHours(hour));
                clock.advance(Duration.between(clock.instant(), at.plusMillis(40)));
                trail.record(new Verdict(MODELS, Outcome.PASS, "gpt-image-2 listed among 4 models", List.of(), new Evidence(200, 40L, "req_" + hour,
                        Map.of("url", "https://api.wisgate.ai/v1/models")), at, 40));
            }
        }
    }

    @Test
    void aDryRunSaysWhatWouldBeFoldedThenCompactionFoldsItAndTheTrailStillVerifies() throws SQLException {
        String lastVerified = CliRun.of(env, "audit", "last-verified").out();

        CliRun dry = CliRun.of(env, "audit", "compact", "--config", ws.config.toString(), "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("dry run: nothing written")
                .containsPattern("wisgate-gpt-image-2/production/models +3  2020-03-01  2020-03-03 +70\n")
                .contains("would fold 70 PASS verdict(s) into 3 daily row(s); kept 2 as they are");
        assertThat(rows()).as("a dry run writes nothing").isEqualTo(72);

        CliRun run = CliRun.of(env, "audit", "compact", "--config", ws.config.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("wisgate-gpt-image-2/production/models +3  2020-03-01  2020-03-03 +70\n")
                .contains("folded 70 PASS verdict(s) into 3 daily row(s) in 1 compaction record(s); kept 2 as they are"
                        + " (each PASS that changed its check's state, and each check's newest PASS)")
                .containsPattern("head 74:[0-9a-f]{64}");
        assertThat(rows()).as("the first verdict and the newest stay").isEqualTo(2);

        CliRun verify = CliRun.of(env, "audit", "verify");
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(verify.out()).startsWith("audit trail intact: 74 record(s)");
        assertThat(CliRun.of(env, "audit", "last-verified").out()).isEqualTo(lastVerified);

        CliRun history = CliRun.of(env, "audit", "history", "--check", "models");
        assertThat(history.exitCode()).as(history.err()).isZero();
        assertThat(history.out()).as("the folded days are still in the history, between the two verdicts kept").containsSubsequence(
                "2020-03-03 23:00:07Z  PASS      gpt-image-2 listed among 4 models\n",
                "    2020-03-03 22:00:07Z  PASS ×23  23 PASS verdict(s) folded by retention on 2020-03-03 from 00:00:07Z to 22:00:07Z\n",
                "    2020-03-02 23:00:07Z  PASS ×24  24 PASS verdict(s) folded by retention on 2020-03-02 from 00:00:07Z to 23:00:07Z\n",
                "    2020-03-01 23:00:07Z  PASS ×23  23 PASS verdict(s) folded by retention on 2020-03-01 from 01:00:07Z to 23:00:07Z\n",
                "2020-03-01 00:00:07Z  PASS      gpt-image-2 listed among 4 models\n");

        CliRun again = CliRun.of(env, "audit", "compact", "--config", ws.config.toString());
        assertThat(again.out()).contains("folded 0 PASS verdict(s) into 0 daily row(s) in 0 compaction record(s)").contains("head 74:");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a daily row deleted | DELETE FROM verdict_days WHERE day = '2020-03-02' | removed at record 74: verdict_days row",
            "a daily count raised | UPDATE verdict_days SET passes = 30 WHERE day = '2020-03-02' | altered at record 74: verdict_days row",
            "a daily row added | INSERT INTO verdict_days (contract, environment, check_name, day, passes, first_at, last_at, duration_min_ms,"
                    + " duration_max_ms, duration_sum_ms) SELECT contract, environment, check_name, '2020-02-29', 24, first_at, last_at,"
                    + " duration_min_ms, duration_max_ms, duration_sum_ms FROM verdict_days WHERE day = '2020-03-02' | inserted",
            "the compaction record deleted | DELETE FROM journal WHERE kind = 'compaction' | audit trail BROKEN",
            "the compaction record edited | UPDATE journal SET body = replace(body, '\"passes\":24', '\"passes\":30') WHERE kind = 'compaction'"
                    + " | altered at record 74",
    })
    void afterCompactionAuditVerifyCatchesAnEditOfTheDailyRowsOrOfTheCompactionRecord(String what, String sql, String says) throws SQLException {
        assertThat(CliRun.of(env, "audit", "compact", "--config", ws.config.toString()).exitCode()).isZero();
        assertThat(CliRun.of(env, "audit", "verify").exitCode()).isZero();
        sql(sql);
        CliRun verify = CliRun.of(env, "audit", "verify");
        assertThat(verify.exitCode()).as(what + ": " + verify.out()).isEqualTo(1);
        assertThat(verify.out()).as(what).startsWith("audit trail BROKEN").contains(says);
    }

    @Test
    void rawDaysComesFromChecksYaml() {
        ws.edit("  rawDays: 90", "  rawDays: 36500");
        CliRun run = CliRun.of(env, "audit", "compact", "--config", ws.config.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("(retention.rawDays 36500 in ").contains("folded 0 PASS verdict(s)");
    }

    @Test
    void aNumberOfDaysBelowOneIsAUsageErrorAtItsLineAndNothingIsFolded() throws SQLException {
        ws.edit("  rawDays: 90", "  rawDays: 0");
        CliRun run = CliRun.of(env, "audit", "compact", "--config", ws.config.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).singleElement().asString().startsWith(ws.config + ":" + lineOf("rawDays: 0") + ":12: rawDays must be a whole number"
                + " of days from 1 to 36500, got 0");
        assertThat(rows()).isEqualTo(72);
    }

    @Test
    void aVerdictWhoseRecordNoLongerMatchesItIsLeftAsItIsAndTheRunSaysTheTrailIsBroken() throws SQLException {
        sql("UPDATE verdicts SET summary = 'all good' WHERE id = 10");
        CliRun run = CliRun.of(env, "audit", "compact", "--config", ws.config.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("folded 69 PASS verdict(s)")
                .contains("1 verdict(s) were left as they are because their records do not match them: the audit trail is broken there"
                        + " — run 'driftwatch audit verify'");
        CliRun verify = CliRun.of(env, "audit", "verify");
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.out()).startsWith("audit trail BROKEN: altered at record 11: the verdict #10 of record 11 does not match its hash");
    }

    private int lineOf(String text) {
        List<String> lines = ws.configText().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(text);
    }

    private long rows() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM verdicts")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void sql(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
