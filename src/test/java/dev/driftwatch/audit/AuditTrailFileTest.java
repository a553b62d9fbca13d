package dev.driftwatch.audit;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A real SQLite audit trail in a fresh directory for every test. */
abstract class AuditTrailFileTest {
    @TempDir
    Path dir;
    Path file;
    AuditTrail trail;

    @BeforeEach
    void open() {
        file = dir.resolve("data/driftwatch.db");
        trail = AuditTrail.openSqlite(file);
    }

    @AfterEach
    void close() {
        trail.close();
    }
}
