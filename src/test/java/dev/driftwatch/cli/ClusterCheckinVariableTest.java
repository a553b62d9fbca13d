package dev.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A take-over interval ({@code DRIFTWATCH_CLUSTER_CHECKIN_MS}) that is not one is a usage error said in one line, before anything starts. */
class ClusterCheckinVariableTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "DRIFTWATCH_CLUSTER_CHECKIN_MS={0}")
    @ValueSource(strings = {"7.5s", "-1", "250"})
    void anIntervalThatIsNotOneIsRefusedBeforeAnythingStarts(String value) {
        Map<String, String> env = CliRun.dataOnlyEnv(dir);
        env.put("DRIFTWATCH_CLUSTER_CHECKIN_MS", value);
        CliRun run = CliRun.of(env, "run", "--port", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString().isEqualTo("driftwatch: DRIFTWATCH_CLUSTER_CHECKIN_MS='" + value
                + "' is not a check-in interval — give milliseconds, at least 1000, e.g. 7500 (the default)");
        assertThat(dir.resolve("data")).doesNotExist();
    }
}
