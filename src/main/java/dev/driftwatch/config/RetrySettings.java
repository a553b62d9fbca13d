package dev.driftwatch.config;

/** Exponential backoff with full jitter for transient failures; Retry-After is honoured up to a cap. */
public record RetrySettings(Integer maxAttempts, TimeSpan baseDelay, TimeSpan maxDelay, TimeSpan maxRetryAfter) {
    public static final RetrySettings DEFAULTS = new RetrySettings(null, null, null, null);

    public RetrySettings {
        maxAttempts = maxAttempts == null ? 3 : maxAttempts;
        baseDelay = baseDelay == null ? TimeSpan.of("500ms") : baseDelay;
        maxDelay = maxDelay == null ? TimeSpan.of("8s") : maxDelay;
        maxRetryAfter = maxRetryAfter == null ? TimeSpan.of("60s") : maxRetryAfter;
    }
}
