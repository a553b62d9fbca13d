package dev.driftwatch.http;

/** Whether a request may be repeated after a failure that might have reached the provider. */
public enum SendMode {
    /** Reads and free requests: retry 5xx, 429, timeouts and connection errors. */
    REPEATABLE,
    /**
     * A paid request: retry only when it provably was not processed (no connection was made, or 429,
     * or 503 with Retry-After). A read timeout or a 500/502/504 could mean an image was made and
     * billed; sending again could charge twice.
     */
    PAID
}
