package dev.driftwatch.config;

/** The paid {@code generation} probe: rare, budgeted per contract per UTC day, with a long timeout. */
public record GenerationCheckConfig(Boolean enabled, CronSchedule schedule, Integer dailyBudget, TimeSpan timeout,
                                    AlertThresholds alert) {
    public static final GenerationCheckConfig DEFAULTS = new GenerationCheckConfig(null, null, null, null, null);

    public GenerationCheckConfig {
        enabled = enabled == null || enabled;
        schedule = schedule == null ? CronSchedule.parse("0 0 6 * * ?") : schedule;
        dailyBudget = dailyBudget == null ? 1 : dailyBudget;
        // Image models often take 30-90 s to answer.
        timeout = timeout == null ? TimeSpan.of("180s") : timeout;
    }
}
