package dev.driftwatch.config;

/** The {@code models} check: the pinned model ID is listed by the models endpoint. */
public record ModelsCheckConfig(Boolean enabled, CronSchedule schedule, String path, AlertThresholds alert) {
    public static final ModelsCheckConfig DEFAULTS = new ModelsCheckConfig(null, null, null, null);

    public ModelsCheckConfig {
        enabled = enabled == null || enabled;
        schedule = schedule == null ? CronSchedule.parse("0 */15 * * * ?") : schedule;
        path = path == null ? "/v1/models" : path;
    }
}
