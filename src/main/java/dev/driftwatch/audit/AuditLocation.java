package dev.driftwatch.audit;

import java.nio.file.Path;
import java.util.Map;

/** Where the embedded audit trail lives: {@code $DRIFTWATCH_DATA/driftwatch.db}, else {@code data/driftwatch.db}. */
public final class AuditLocation {
    static final String DATA_VARIABLE = "DRIFTWATCH_DATA";
    private static final String FILE_NAME = "driftwatch.db";

    private AuditLocation() {
    }

    public static Path defaultFile(Map<String, String> env) {
        String dir = env.get(DATA_VARIABLE);
        return dir == null || dir.isBlank() ? Path.of("data", FILE_NAME) : Path.of(dir.strip(), FILE_NAME);
    }
}
