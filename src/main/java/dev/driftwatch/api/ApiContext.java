package dev.driftwatch.api;

import dev.driftwatch.check.CheckHistory;
import dev.driftwatch.http.ProviderClient;
import java.time.Clock;
import java.util.Map;

/** What every live-API check shares: the HTTP client, the history, the process environment, the clock. */
public record ApiContext(ProviderClient client, CheckHistory history, Map<String, String> env, Clock clock) {

    /** The key from the named variable, or null when it is not set. Never logged, never stored. */
    String secret(String variable) {
        String v = env.get(variable);
        return v == null || v.isBlank() ? null : v.strip();
    }
}
