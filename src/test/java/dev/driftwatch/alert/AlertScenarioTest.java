package dev.driftwatch.alert;

import dev.driftwatch.testing.AlertScenario;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh {@link AlertScenario} (shipped checks.yaml, SQLite file, Slack stand-in, manual clock) for every test. */
abstract class AlertScenarioTest {
    @TempDir
    Path dir;
    AlertScenario s;

    @BeforeEach
    void setUp() {
        s = new AlertScenario(dir);
    }

    @AfterEach
    void tearDown() {
        s.close();
    }
}
