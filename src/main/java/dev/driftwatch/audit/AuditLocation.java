package dev.driftwatch.audit;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the audit trail lives: the embedded file {@code $DRIFTWATCH_DATA/driftwatch.db} (else {@code data/driftwatch.db}),
 * or a shared database named by its JDBC URL.
 */
public final class AuditLocation {
    static final String DATA_VARIABLE = "DRIFTWATCH_DATA";
    private static final String FILE_NAME = "driftwatch.db";

    private AuditLocation() {
    }

    public static Path defaultFile(Map<String, String> env) {
        String dir = env.get(DATA_VARIABLE);
        return dir == null || dir.isBlank() ? Path.of("data", FILE_NAME) : Path.of(dir.strip(), FILE_NAME);
    }

    /** A database URL as messages and logs show it: without its query, where a credential could have been put. */
    public static String shown(String jdbcUrl) {
        int q = jdbcUrl.indexOf('?');
        return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q) + "?…";
    }
}
