package dev.driftwatch.alert;

import dev.driftwatch.config.AlertThresholds;
import java.time.Duration;
import java.util.Optional;

/**
 * The thresholds in force for one check, every value resolved, and whether its alerts join those of any
 * environment of its contract ({@code spansEnvironments}: a docs page) or of its own environment only.
 */
public record AlertPolicy(int failureThreshold, int unverifiedThreshold, int successThreshold, Optional<Duration> remindEvery,
                          Duration maxUnverified, boolean spansEnvironments) {
    public static final AlertPolicy DEFAULT = of(AlertThresholds.BUILT_IN, false);

    public static AlertPolicy of(AlertThresholds t, boolean spansEnvironments) {
        AlertThresholds full = t.over(AlertThresholds.BUILT_IN);
        return new AlertPolicy(full.failureThreshold(), full.unverifiedThreshold(), full.successThreshold(),
                full.remindEvery().duration(), full.maxUnverified().duration(), spansEnvironments);
    }
}
