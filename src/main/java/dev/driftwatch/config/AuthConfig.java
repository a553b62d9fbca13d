package dev.driftwatch.config;

/** How the key is presented: {@code bearer} (Authorization: Bearer KEY) or {@code header} (a named header). */
public record AuthConfig(String scheme, String header) {
    public static final AuthConfig DEFAULTS = new AuthConfig(null, null);

    public AuthConfig {
        scheme = scheme == null ? "bearer" : scheme;
        header = header == null ? "Authorization" : header;
    }
}
