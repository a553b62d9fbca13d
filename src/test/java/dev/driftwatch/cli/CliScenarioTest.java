package dev.driftwatch.cli;

import dev.driftwatch.testing.FakeProvider;
import dev.driftwatch.testing.TestWorkspace;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh loopback provider and a workspace with the shipped checks.yaml, for scenarios that run the CLI in-process. */
abstract class CliScenarioTest {
    @TempDir
    Path dir;
    FakeProvider provider;
    TestWorkspace ws;
    /** The process environment the CLI sees: the provider's addresses, its key, the data directory. */
    Map<String, String> env;

    @BeforeEach
    void startProvider() {
        provider = new FakeProvider();
        ws = new TestWorkspace(dir);
        env = new HashMap<>(ws.env(provider));
    }

    @AfterEach
    void stopProvider() {
        provider.close();
    }

    /** {@code driftwatch verify --config <the workspace's checks.yaml> <more>}. */
    CliRun verify(String... more) {
        return CliRun.of(env, Stream.concat(Stream.of("verify", "--config", ws.config.toString()), Stream.of(more)).toArray(String[]::new));
    }
}
