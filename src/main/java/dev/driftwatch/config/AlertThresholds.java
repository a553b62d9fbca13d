package dev.driftwatch.config;

/**
 * When a check's verdicts open, remind about and resolve an incident. Every key is optional: a check's
 * own {@code alert:} falls back to {@code alerts.defaults}, which falls back to {@link #BUILT_IN}.
 */
public record AlertThresholds(Integer failureThreshold, Integer unverifiedThreshold, Integer successThreshold,
                              TimeSpanOrOff remindEvery, TimeSpan maxUnverified) {
    /** Nothing set: every value comes from the level above. */
    public static final AlertThresholds INHERIT = new AlertThresholds(null, null, null, null, null);
    /** One BROKEN pages; a network blip (UNVERIFIED) must repeat three times; one PASS resolves. */
    public static final AlertThresholds BUILT_IN = new AlertThresholds(1, 3, 1, TimeSpanOrOff.of("24h"), TimeSpan.of("7d"));

    /** This level's values, each missing one taken from {@code fallback}. */
    public AlertThresholds over(AlertThresholds fallback) {
        return new AlertThresholds(
                failureThreshold != null ? failureThreshold : fallback.failureThreshold(),
                unverifiedThreshold != null ? unverifiedThreshold : fallback.unverifiedThreshold(),
                successThreshold != null ? successThreshold : fallback.successThreshold(),
                remindEvery != null ? remindEvery : fallback.remindEvery(),
                maxUnverified != null ? maxUnverified : fallback.maxUnverified());
    }
}
