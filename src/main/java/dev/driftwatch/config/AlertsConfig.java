package dev.driftwatch.config;

import java.util.Map;

/**
 * The {@code alerts:} section: Slack delivery, per-contract routes, the default thresholds, and how long
 * alerts of one contract and environment wait for each other to share one message ({@code groupWait}).
 */
public record AlertsConfig(SlackSettings slack, Map<String, AlertRoute> routes, AlertThresholds defaults, TimeSpan groupWait) {
    /** Like Alertmanager's group_wait: long enough for the checks one release breaks to report, short enough to page soon. */
    public static final TimeSpan DEFAULT_GROUP_WAIT = TimeSpan.of("30s");
    /** A file without {@code alerts:}. Declared after the default it uses: static fields are set in order. */
    public static final AlertsConfig DEFAULTS = new AlertsConfig(null, null, null, null);

    public AlertsConfig {
        slack = slack == null ? SlackSettings.NONE : slack;
        routes = routes == null ? Map.of() : Map.copyOf(routes);
        defaults = defaults == null ? AlertThresholds.INHERIT : defaults;
        groupWait = groupWait == null ? DEFAULT_GROUP_WAIT : groupWait;
    }

    /** The thresholds in force for a check whose own {@code alert:} says {@code own}. */
    public AlertThresholds thresholds(AlertThresholds own) {
        return (own == null ? AlertThresholds.INHERIT : own).over(defaults).over(AlertThresholds.BUILT_IN);
    }
}
