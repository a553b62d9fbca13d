package dev.driftwatch.config;

import java.nio.file.Path;

/**
 * checks.yaml after loading: the bound settings, where each stood, the file it came from, and its
 * {@code revision} (the SHA-256 of its bytes: any edit of the file, a comment included, makes a new one).
 */
public record LoadedConfig(ChecksFile file, SourceMap sourceMap, Path path, String label, String revision) {

    /** The directory schema paths are relative to. */
    public Path baseDir() {
        Path parent = path.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }

    public ConfigError errorAt(String pointer, String problem, String remedy) {
        return new ConfigError(sourceMap.valueAt(pointer), problem, remedy);
    }
}
