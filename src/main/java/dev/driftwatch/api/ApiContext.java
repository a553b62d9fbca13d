package dev.driftwatch.api;

import dev.driftwatch.check.CheckHistory;
import dev.driftwatch.config.LoadedConfig;
import dev.driftwatch.http.ProviderClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What every live-API check shares: the HTTP client, the history, the process environment, the clock, the
 * lead times of dated notices, and the revision of checks.yaml (a suspended probe waits for a new one).
 */
public record ApiContext(ProviderClient client, CheckHistory history, Map<String, String> env, Clock clock,
                         List<Duration> remindBefore, String configRevision) {

    /** The context of the checks of one loaded checks.yaml. */
    public static ApiContext of(LoadedConfig config, ProviderClient client, CheckHistory history, Map<String, String> env, Clock clock) {
        return new ApiContext(client, history, env, clock, config.file().notices().leadTimes(), config.revision());
    }

    /** The key from the named variable, or null when it is not set. Never logged, never stored. */
    String secret(String variable) {
        String v = env.get(variable);
        return v == null || v.isBlank() ? null : v.strip();
    }
}
