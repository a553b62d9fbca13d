package dev.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A command line that cannot be run as written is exit code 2 (README "Exit codes"), whichever command it
 * names, with one line that says what to change; never 0, and never 4 (that is driftwatch failing, not the user).
 */
class UsageErrorsTest {
    @TempDir
    Path dir;

    private CliRun cli(String... args) {
        return CliRun.of(CliRun.dataOnlyEnv(dir), args);
    }

    @Test
    void noCommandIsAUsageErrorWithTheUsageOnStderr() {
        CliRun run = cli();
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("name a command").contains("healthcheck").contains("Usage: driftwatch");
    }

    @Test
    void auditWithoutASubcommandIsAUsageErrorWithTheUsageOnStderr() {
        CliRun run = cli("audit");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("name what to read").contains("Usage: driftwatch audit").contains("last-verified").contains("verify-chain");
    }

    @Test
    void askingForHelpIsNotAnError() {
        assertThat(cli("audit", "--help").exitCode()).isZero();
        assertThat(cli("help", "audit").exitCode()).isZero();
        assertThat(cli("healthcheck", "--help").exitCode()).isZero();
    }

    /** picocli's own parse errors: an option no command has, an option without its value, a value of the wrong type. */
    @ParameterizedTest(name = "driftwatch {0}")
    @CsvSource(delimiter = '|', value = {
            "--nope",
            "nope",
            "help nope",
            "verify --nope",
            "verify --config",
            "verify --format xml",
            "run --nope",
            "run --port",
            "run --port eighty",
            "check-config --nope",
            "healthcheck --nope",
            "healthcheck --port",
            "audit --nope",
            "audit nope",
            "audit last-verified --nope",
            "audit last-verified --format",
            "audit history --format xml",
            "audit history --check",
            "audit incidents --format",
            "audit show",
            "audit show 1 2",
            "accept --nope",
            "ack --check",
            "audit history --check models --limit many",
            "audit snapshots",
            "audit snapshots --check docs:models --show",
            "audit verify-chain --nope"})
    void aCommandLinePicocliCannotParseIsExitTwo(String line) {
        CliRun run = cli(line.split(" "));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isNotBlank();
    }
}
