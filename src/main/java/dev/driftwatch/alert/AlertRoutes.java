package dev.driftwatch.alert;

import dev.driftwatch.config.AlertRoute;
import dev.driftwatch.config.AlertsConfig;
import dev.driftwatch.config.SlackSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Chooses where a contract's alerts go, as a route NAME stored in the outbox: {@code webhook:VAR},
 * {@code bot:VAR:#channel}, or {@code log} when Slack is not configured (or its variable is not set).
 * Never the URL or the token: those are read from the environment when the alert is sent.
 */
public final class AlertRoutes {
    public static final String LOG = "log";
    static final String WEBHOOK = "webhook:";
    static final String BOT = "bot:";
    private final AlertsConfig alerts;
    private final Map<String, String> env;

    public AlertRoutes(AlertsConfig alerts, Map<String, String> env) {
        this.alerts = alerts;
        this.env = env;
    }

    public String routeFor(String contract) {
        SlackSettings slack = alerts.slack();
        AlertRoute own = alerts.routes().get(contract);
        if (own != null && own.webhookUrlEnv() != null) {
            return isSet(own.webhookUrlEnv()) ? WEBHOOK + own.webhookUrlEnv() : LOG;
        }
        if (slack.botTokenEnv() != null) {
            String channel = own != null && own.channel() != null ? own.channel() : slack.channel();
            return isSet(slack.botTokenEnv()) ? BOT + slack.botTokenEnv() + ":" + channel : LOG;
        }
        if (slack.webhookUrlEnv() != null) {
            return isSet(slack.webhookUrlEnv()) ? WEBHOOK + slack.webhookUrlEnv() : LOG;
        }
        return LOG;
    }

    /** The values of every Slack variable checks.yaml names (webhook URLs, the bot token): for the redactor. */
    public List<String> secrets() {
        List<String> names = new ArrayList<>();
        names.add(alerts.slack().webhookUrlEnv());
        names.add(alerts.slack().botTokenEnv());
        alerts.routes().values().forEach(r -> names.add(r.webhookUrlEnv()));
        return names.stream().filter(this::isSet).map(n -> env.get(n).strip()).toList();
    }

    /** Whether any contract's alerts would reach Slack now. */
    public boolean slackConfigured() {
        return isSet(alerts.slack().webhookUrlEnv()) || isSet(alerts.slack().botTokenEnv())
                || alerts.routes().values().stream().anyMatch(r -> isSet(r.webhookUrlEnv()));
    }

    /** What to set so alerts reach Slack, for the one line that says they do not. */
    public String whatToSet() {
        SlackSettings slack = alerts.slack();
        if (slack.botTokenEnv() != null) {
            return "set " + slack.botTokenEnv();
        }
        if (slack.webhookUrlEnv() != null) {
            return "set " + slack.webhookUrlEnv();
        }
        return "configure alerts.slack in checks.yaml";
    }

    private boolean isSet(String variable) {
        if (variable == null) {
            return false;
        }
        String v = env.get(variable);
        return v != null && !v.isBlank();
    }
}
