package dev.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A port that is not one ({@code --port}, {@code $DRIFTWATCH_PORT}) is a usage error said in one line, for run and healthcheck alike. */
class DaemonPortTest {
    @TempDir
    Path dir;

    private CliRun cli(String... args) {
        return CliRun.of(CliRun.dataOnlyEnv(dir), args);
    }

    @ParameterizedTest(name = "healthcheck --port {0}")
    @CsvSource({"70000", "0", "-1"})
    void aHealthcheckPortOutOfRangeIsOneLineAndExitTwo(String port) {
        CliRun run = cli("healthcheck", "--port", port);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString()
                .isEqualTo("driftwatch: --port " + port + " is not a port — use a number from 1 to 65535, e.g. 8080");
    }

    @Test
    void aDaemonPortOutOfRangeIsRefusedBeforeAnythingStarts() {
        CliRun run = cli("run", "--port", "70000");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString().contains("--port 70000 is not a port").contains("1 to 65535");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aPortVariableThatIsNotAPortIsOneLineAndExitTwo() {
        Map<String, String> env = CliRun.dataOnlyEnv(dir);
        env.put("DRIFTWATCH_PORT", "eighty");
        CliRun health = CliRun.of(env, "healthcheck");
        assertThat(health.exitCode()).isEqualTo(2);
        assertThat(health.err().lines()).singleElement().asString()
                .isEqualTo("driftwatch: DRIFTWATCH_PORT='eighty' is not a port — set it to a number from 1 to 65535, e.g. 8080, or pass --port");
        env.put("DRIFTWATCH_PORT", "99999");
        assertThat(CliRun.of(env, "healthcheck").exitCode()).isEqualTo(2);
        assertThat(CliRun.of(env, "run").exitCode()).isEqualTo(2);
    }
}
