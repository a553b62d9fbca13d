package dev.driftwatch.alert;

import com.slack.api.Slack;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.check.Redactor;
import dev.driftwatch.config.AlertsConfig;
import dev.driftwatch.check.Check;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The alerting of one process, wired from checks.yaml and the environment: the incident state machine
 * ({@link #incidents()}, fed by a {@link VerdictFlow}) and the outbox worker ({@link #worker()}) that share
 * one audit trail and one Slack client.
 */
public final class Alerting implements AutoCloseable {
    private final Incidents incidents;
    private final OutboxWorker worker;
    private final AlertRoutes routes;
    private final SlackAlerts slack;
    private final Duration slackTimeout;

    private Alerting(Incidents incidents, OutboxWorker worker, AlertRoutes routes, SlackAlerts slack, Duration slackTimeout) {
        this.incidents = incidents;
        this.worker = worker;
        this.routes = routes;
        this.slack = slack;
        this.slackTimeout = slackTimeout;
    }

    /**
     * @param checks every check of the configuration: each brings its own thresholds
     * @param advice what to do per rule, as the kinds of check word it
     * @param local where alerts go that have no Slack to go to (the log, or the terminal)
     * @param keys the contracts' API keys, masked in every alert besides the Slack URL and token
     * @param links where each check's page is ({@code status.externalUrl}), linked from every message
     */
    public static Alerting create(AlertsConfig config, List<Check> checks, Map<String, String> advice, Map<String, String> env,
                                  AuditTrail trail, AlertSender local, List<String> keys, CheckPageLinks links, Clock clock, Sleeper sleeper) {
        AlertRoutes routes = new AlertRoutes(config, env);
        List<String> secrets = new ArrayList<>(keys);
        secrets.addAll(routes.secrets());
        Redactor redactor = new Redactor(secrets);
        Incidents incidents = new Incidents(trail, new AlertPolicies(checks, config), routes, new AlertMessages(redactor, advice, links), clock,
                config.groupWait().duration());
        SlackAlerts slack = new SlackAlerts(Slack.getInstance(SlackAlerts.config(config.slack())), env, redactor, clock);
        Duration timeout = config.slack().timeout().duration();
        // A lease outlives the longest send, so a slow send is never taken over while it is still running.
        OutboxWorker worker = new OutboxWorker(trail.outbox(), slack, local, clock, sleeper, RetryBackoff.standard(),
                workerId(), timeout.multipliedBy(3).plusSeconds(30), timeout, trail.journal()::head);
        return new Alerting(incidents, worker, routes, slack, timeout);
    }

    public Incidents incidents() {
        return incidents;
    }

    public OutboxWorker worker() {
        return worker;
    }

    public AlertRoutes routes() {
        return routes;
    }

    /** How long one Slack call may take: what a caller with a deadline keeps in hand. */
    public Duration slackTimeout() {
        return slackTimeout;
    }

    /** Names this process in the outbox's lease column: host and pid, and a random part for two workers in one process. */
    private static String workerId() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() {
        try {
            slack.close();
        } catch (Exception e) {
            // Closing an HTTP client has nothing left to lose.
        }
    }
}
