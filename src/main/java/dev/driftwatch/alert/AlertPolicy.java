package dev.driftwatch.alert;

import dev.driftwatch.config.AlertThresholds;
import java.time.Duration;
import java.util.Optional;

/** The thresholds in force for one check, every value resolved. */
public record AlertPolicy(int failureThreshold, int unverifiedThreshold, int successThreshold, Optional<Duration> remindEvery,
                          Duration maxUnverified) {
    public static final AlertPolicy DEFAULT = of(AlertThresholds.BUILT_IN);

    public static AlertPolicy of(AlertThresholds t) {
        AlertThresholds full = t.over(AlertThresholds.BUILT_IN);
        return new AlertPolicy(full.failureThreshold(), full.unverifiedThreshold(), full.successThreshold(),
                full.remindEvery().duration(), full.maxUnverified().duration());
    }
}
