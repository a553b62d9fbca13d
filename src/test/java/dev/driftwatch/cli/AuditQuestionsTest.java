package dev.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Asking the audit trail about something it never saw is the asker's mistake, not driftwatch's: exit 2 and one
 * line saying what the trail does hold (README "Exit codes": 4 is for a trail that cannot be read at all).
 */
class AuditQuestionsTest extends CliScenarioTest {
    @BeforeEach
    void oneVerifyRecorded() {
        assertThat(verify().exitCode()).isZero();
    }

    @Test
    void historyOfACheckTheTrailNeverSawNamesTheChecksItKnows() {
        CliRun run = CliRun.of(env, "audit", "history", "--check", "nope");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("driftwatch: no check 'nope' in the audit trail — use one of: ")
                .contains("models").contains("endpoint").contains("generation").contains("docs:models");
    }

    @Test
    void historyOfAKnownCheckInAnEnvironmentItNeverRanInNamesWhereItRan() {
        CliRun run = CliRun.of(env, "audit", "history", "--check", "docs:models", "--env", "production");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString()
                .contains("docs:models").contains("production").contains("wisgate-gpt-image-2/public/docs:models");
        assertThat(CliRun.of(env, "audit", "history", "--check", "docs:models", "--env", "public").exitCode()).isZero();
        assertThat(CliRun.of(env, "audit", "history", "--check", "models", "--contract", "nope").exitCode()).isEqualTo(2);
    }

    @Test
    void snapshotOfADateBeforeTheFirstReadingSaysWhenTheFirstReadingWas() {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        CliRun run = CliRun.of(env, "audit", "snapshots", "--check", "docs:models", "--show", "2020-01-01");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).singleElement().asString()
                .contains("no reading of docs:models").contains("2020-01-01").contains("first reading").contains(today);
    }

    @Test
    void snapshotOfAPageNeverReadIsAnInputErrorToo() {
        CliRun run = CliRun.of(env, "audit", "snapshots", "--check", "docs:nope", "--show", "2020-01-01");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString().contains("no reading of docs:nope");
    }
}
