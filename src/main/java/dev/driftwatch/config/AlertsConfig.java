package dev.driftwatch.config;

import java.util.Map;

/** The {@code alerts:} section: Slack delivery, per-contract routes, and the default thresholds. */
public record AlertsConfig(SlackSettings slack, Map<String, AlertRoute> routes, AlertThresholds defaults) {
    public static final AlertsConfig DEFAULTS = new AlertsConfig(null, null, null);

    public AlertsConfig {
        slack = slack == null ? SlackSettings.NONE : slack;
        routes = routes == null ? Map.of() : Map.copyOf(routes);
        defaults = defaults == null ? AlertThresholds.INHERIT : defaults;
    }

    /** The thresholds in force for a check whose own {@code alert:} says {@code own}. */
    public AlertThresholds thresholds(AlertThresholds own) {
        return (own == null ? AlertThresholds.INHERIT : own).over(defaults).over(AlertThresholds.BUILT_IN);
    }
}
