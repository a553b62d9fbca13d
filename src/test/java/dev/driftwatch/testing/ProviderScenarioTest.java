package dev.driftwatch.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh loopback provider, workspace and audit trail for every scenario. */
public abstract class ProviderScenarioTest {
    @TempDir
    protected Path dir;
    protected ApiScenario scenario;
    protected FakeProvider provider;

    @BeforeEach
    void startScenario() {
        scenario = new ApiScenario(dir);
        provider = scenario.provider;
    }

    @AfterEach
    void stopScenario() {
        scenario.close();
    }
}
