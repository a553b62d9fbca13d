package dev.driftwatch.config;

/** The {@code endpoint} check: the pinned request with one invalid value must be refused, at no cost. */
public record EndpointCheckConfig(Boolean enabled, CronSchedule schedule, InvalidField invalid, AlertThresholds alert) {
    public static final EndpointCheckConfig DEFAULTS = new EndpointCheckConfig(null, null, null, null);

    public EndpointCheckConfig {
        enabled = enabled == null || enabled;
        schedule = schedule == null ? CronSchedule.parse("0 5/30 * * * ?") : schedule;
        invalid = invalid == null ? InvalidField.DEFAULTS : invalid;
    }
}
