package dev.driftwatch.config;

/** Timeouts, response-size cap and retry policy shared by every HTTP check. */
public record HttpSettings(TimeSpan connectTimeout, TimeSpan readTimeout, TimeSpan callTimeout,
                           DataSize maxResponseSize, RetrySettings retries) {
    public static final HttpSettings DEFAULTS = new HttpSettings(null, null, null, null, null);

    public HttpSettings {
        connectTimeout = connectTimeout == null ? TimeSpan.of("5s") : connectTimeout;
        readTimeout = readTimeout == null ? TimeSpan.of("30s") : readTimeout;
        callTimeout = callTimeout == null ? TimeSpan.of("60s") : callTimeout;
        // A 1024x1024 PNG is 1-3 MB, base64 adds a third; 32 MB leaves room for 4K images.
        maxResponseSize = maxResponseSize == null ? DataSize.parse("32MB") : maxResponseSize;
        retries = retries == null ? RetrySettings.DEFAULTS : retries;
    }
}
