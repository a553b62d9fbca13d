package dev.driftwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail holds provider answers, Slack routes and alert texts: other users of the host have no
 * business reading it. The file, the WAL and the shared-memory file SQLite makes beside it are the owner's only.
 */
class AuditTrailPermissionsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void theFileSystemHasPosixPermissions() throws IOException {
        // The tests run on Linux (CI, the container's base): a file system without POSIX permissions is a broken setup.
        assertThat(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class))
                .as("the temporary directory %s supports POSIX permissions (run the tests on Linux or macOS)", dir).isTrue();
    }

    @Test
    void aNewTrailItsWalAndItsShmAreReadableByTheOwnerOnlyInADirectoryOnlyTheOwnerEnters() throws IOException {
        Path data = dir.resolve("data");
        Path file = data.resolve("driftwatch.db");
        try (AuditTrail trail = AuditTrail.openSqlite(file)) {
            trail.record(new Verdict(new CheckKey("wisgate-gpt-image-2", "production", "models"), Outcome.PASS, "listed", List.of(),
                    Evidence.NONE, Instant.parse("2026-11-21T06:00:00Z"), 40));
            // While it is open: SQLite keeps the WAL and the shared memory beside the file.
            assertThat(mode(file)).isEqualTo("rw-------");
            assertThat(mode(dir.resolve("data/driftwatch.db-wal"))).isEqualTo("rw-------");
            assertThat(mode(dir.resolve("data/driftwatch.db-shm"))).isEqualTo("rw-------");
        }
        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(file)).isEqualTo("rw-------");
    }

    @Test
    void aDataDirectoryThatAlreadyExistsKeepsItsMode() throws IOException {
        Path data = Files.createDirectory(dir.resolve("shared"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-x---"));
        try (AuditTrail trail = AuditTrail.openSqlite(data.resolve("driftwatch.db"))) {
            assertThat(trail.verdicts().lastVerified()).isEmpty();
        }
        assertThat(mode(data)).as("someone chose it; driftwatch did not make it").isEqualTo("rwxr-x---");
        assertThat(mode(data.resolve("driftwatch.db"))).isEqualTo("rw-------");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
