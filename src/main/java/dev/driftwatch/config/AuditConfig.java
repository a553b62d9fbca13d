package dev.driftwatch.config;

/**
 * The {@code audit:} section: where the audit trail lives when it is shared. Unset, it is the embedded SQLite file
 * ({@code $DRIFTWATCH_DATA/driftwatch.db}); {@code url: jdbc:postgresql://host:5432/driftwatch} puts it in PostgreSQL,
 * where several replicas share it, the user and the password read from the variables {@code userEnv} and
 * {@code passwordEnv} name (never written in the file).
 */
public record AuditConfig(String url, String userEnv, String passwordEnv) {
    public static final String DEFAULT_USER_ENV = "DRIFTWATCH_AUDIT_USER";
    public static final String DEFAULT_PASSWORD_ENV = "DRIFTWATCH_AUDIT_PASSWORD";
    public static final AuditConfig DEFAULTS = new AuditConfig(null, null, null);

    public AuditConfig {
        // ${DRIFTWATCH_AUDIT_URL:-} left empty: the embedded file, so one checks.yaml serves one pod and a cluster.
        url = url == null || url.isBlank() ? null : url.strip();
        userEnv = userEnv == null ? DEFAULT_USER_ENV : userEnv;
        passwordEnv = passwordEnv == null ? DEFAULT_PASSWORD_ENV : passwordEnv;
    }

    /** True when {@code url} carries a user or a password (a query parameter, or user:password@ before the host). */
    public static boolean carriesCredentials(String url) {
        String u = url.strip();
        String authority = u.startsWith("jdbc:postgresql://") ? u.substring("jdbc:postgresql://".length()).split("[/?]", 2)[0] : "";
        String lower = u.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("password=") || lower.contains("user=") || authority.contains("@");
    }

    /** True when the trail is in PostgreSQL. */
    public boolean shared() {
        return url != null;
    }
}
