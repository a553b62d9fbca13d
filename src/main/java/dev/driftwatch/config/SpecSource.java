package dev.driftwatch.config;

/**
 * The provider's published OpenAPI document, watched as {@code spec:<name>}: where it is, the operation the contract pins as
 * written in the spec ({@code "POST /images/generations"}, paths relative to the spec's server), optionally the models-list
 * operation ({@code "GET /models"}), its schedule (every six hours at minute 40, "0 40 *&#47;6 * * ?", when absent) and its own
 * alert thresholds.
 */
public record SpecSource(String name, HttpAddress url, String operation, String models, CronSchedule schedule,
                         AlertThresholds alert) {
    public SpecSource {
        schedule = schedule == null ? CronSchedule.parse("0 40 */6 * * ?") : schedule;
    }
}
