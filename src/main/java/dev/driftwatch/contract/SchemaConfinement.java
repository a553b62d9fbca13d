package dev.driftwatch.contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Keeps schema files within the directories they may be read from, so a checks.yaml cannot make driftwatch
 * read {@code /etc/passwd} or {@code ../secrets.json}: by the path as written, and again where its symbolic
 * links lead.
 */
final class SchemaConfinement {
    private SchemaConfinement() {}

    /**
     * Where {@code file} points when that is outside all of {@code dirs}; empty when it is inside, or does not
     * exist there (a missing file is reported on its own).
     */
    static Optional<Path> outside(Path file, List<Path> dirs) throws IOException {
        Path written = file.toAbsolutePath().normalize();
        if (dirs.stream().noneMatch(written::startsWith)) {
            return Optional.of(written);
        }
        if (!Files.exists(written)) {
            return Optional.empty();
        }
        Path real = written.toRealPath();
        for (Path dir : dirs) {
            // The directory itself may be reached through a link (Kubernetes mounts ConfigMaps so): compare real paths.
            if (Files.exists(dir) && real.startsWith(dir.toRealPath())) {
                return Optional.empty();
            }
        }
        return Optional.of(real);
    }
}
