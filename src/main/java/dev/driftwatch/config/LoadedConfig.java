package dev.driftwatch.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * checks.yaml after loading: the bound settings, where each stood, the file it came from, its
 * {@code revision} (the SHA-256 of its bytes: any edit of the file, a comment included, makes a new one),
 * and the directories outside its own where schema files may also be ({@code DRIFTWATCH_SCHEMA_DIRS}).
 */
public record LoadedConfig(ChecksFile file, SourceMap sourceMap, Path path, String label, String revision, List<Path> extraSchemaDirs) {
    public LoadedConfig {
        extraSchemaDirs = List.copyOf(extraSchemaDirs);
    }

    /** The directory schema paths are relative to. */
    public Path baseDir() {
        Path parent = path.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }

    /** Where schema files may be: the directory of checks.yaml, then the extra ones. */
    public List<Path> schemaDirs() {
        List<Path> dirs = new ArrayList<>();
        dirs.add(baseDir().normalize());
        dirs.addAll(extraSchemaDirs);
        return dirs;
    }

    public ConfigError errorAt(String pointer, String problem, String remedy) {
        return new ConfigError(sourceMap.valueAt(pointer), problem, remedy);
    }
}
