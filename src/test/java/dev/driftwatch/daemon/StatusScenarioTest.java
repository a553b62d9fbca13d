package dev.driftwatch.daemon;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh {@link StatusScenario} after its bad morning, server running, for every test. */
abstract class StatusScenarioTest {
    @TempDir
    Path dir;
    StatusScenario s;

    @BeforeEach
    void startScenario() {
        s = new StatusScenario(dir).badMorning();
    }

    @AfterEach
    void closeScenario() {
        s.close();
    }
}
