package dev.driftwatch.config;

/**
 * Timeouts, response-size cap, retry policy and in-flight limits shared by every HTTP check.
 *
 * @param maxInFlight requests in flight at once, in all
 * @param maxInFlightPerHost requests in flight at once to one provider host; halved there on each 429
 */
public record HttpSettings(TimeSpan connectTimeout, TimeSpan readTimeout, TimeSpan callTimeout,
                           DataSize maxResponseSize, RetrySettings retries, Integer maxInFlight, Integer maxInFlightPerHost) {
    public static final HttpSettings DEFAULTS = new HttpSettings(null, null, null, null, null, null, null);

    public HttpSettings {
        connectTimeout = connectTimeout == null ? TimeSpan.of("5s") : connectTimeout;
        readTimeout = readTimeout == null ? TimeSpan.of("30s") : readTimeout;
        callTimeout = callTimeout == null ? TimeSpan.of("60s") : callTimeout;
        // A 1024x1024 PNG is 1-3 MB, base64 adds a third; 32 MB leaves room for 4K images.
        maxResponseSize = maxResponseSize == null ? DataSize.parse("32MB") : maxResponseSize;
        retries = retries == null ? RetrySettings.DEFAULTS : retries;
        // 64 in all keeps a thousand contracts' cycle near what the provider's latency forces; 16 to one host is a
        // modest share of a provider's concurrency, and 429s lower it further.
        maxInFlight = maxInFlight == null ? 64 : maxInFlight;
        maxInFlightPerHost = maxInFlightPerHost == null ? 16 : maxInFlightPerHost;
    }
}
