package dev.driftwatch.testing;

import dev.driftwatch.alert.CheckPageLinks;
import dev.driftwatch.alert.Alerting;
import dev.driftwatch.alert.LocalAlerts;
import dev.driftwatch.alert.VerdictFlow;
import dev.driftwatch.api.ApiChecks;
import dev.driftwatch.api.ApiContext;
import dev.driftwatch.audit.AlertKind;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.OutboxRow;
import dev.driftwatch.check.Check;
import dev.driftwatch.check.CheckFactory;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Plan;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.config.ConfigException;
import dev.driftwatch.config.ConfigLoader;
import dev.driftwatch.config.LoadedConfig;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.ContractLoader;
import dev.driftwatch.docs.DocsChecks;
import dev.driftwatch.http.ProviderClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerting of one driftwatch process against a {@link SlackStandIn}: the shipped checks.yaml with
 * an {@code alerts:} section, a real SQLite trail, a manual clock that every wait advances. Verdicts
 * are made here directly, so the state machine can be driven run by run.
 */
public final class AlertScenario implements AutoCloseable {
    public static final CheckKey MODELS = new CheckKey("wisgate-gpt-image-2", "production", "models");
    public static final Instant START = Instant.parse("2026-11-21T06:00:00Z");
    public final TestWorkspace workspace;
    public final SlackStandIn slack = new SlackStandIn();
    public final ManualClock clock = new ManualClock(START);
    public final Map<String, String> env = new HashMap<>();
    public final StringWriter printed = new StringWriter();
    private AuditTrail trail;
    private Alerting alerting;
    private VerdictFlow flow;
    private List<Check> checks;

    public AlertScenario(Path dir) {
        this.workspace = new TestWorkspace(dir);
        env.putAll(workspace.env(new FakeProviderAddress()));
    }

    /** Alerts through the stand-in's incoming webhook; {@code more} is added under {@code alerts:}. */
    public AlertScenario webhook(String more) {
        env.put("SLACK_WEBHOOK_URL", slack.webhookUrl());
        return alerts("  slack:\n    webhookUrlEnv: SLACK_WEBHOOK_URL\n" + slackEndpoint() + more);
    }

    /** Alerts through the stand-in's chat.postMessage with a bot token, to #ai-contracts. */
    public AlertScenario bot(String more) {
        env.put("SLACK_BOT_TOKEN", SlackStandIn.BOT_TOKEN);
        return alerts("  slack:\n    botTokenEnv: SLACK_BOT_TOKEN\n    channel: \"#ai-contracts\"\n" + slackEndpoint() + more);
    }

    private String slackEndpoint() {
        return "    apiUrl: " + slack.apiUrl() + "\n    timeout: 300ms\n";
    }

    /** Writes {@code body} as the {@code alerts:} section of checks.yaml. */
    public AlertScenario alerts(String body) {
        workspace.alerts(body);
        return this;
    }

    /** Starts the process: loads checks.yaml, opens the trail, wires the alerting and the verdict flow. */
    public AlertScenario start() {
        try {
            LoadedConfig loaded = new ConfigLoader(env).load(workspace.config);
            List<Contract> contracts = new ContractLoader().load(loaded);
            trail = AuditTrail.openSqlite(auditFile());
            ProviderClient client = new ProviderClient(loaded.file().http(), clock);
            List<CheckFactory> kinds = List.of(new ApiChecks(ApiContext.of(loaded, client, trail, env, clock)), new DocsChecks(client, trail, clock), new dev.driftwatch.spec.SpecChecks(client, trail, clock));
            checks = Plan.of(contracts, kinds, null, null).checks();
            alerting = Alerting.create(loaded.file().alerts(), checks, CheckFactory.adviceOf(kinds),
                    env, trail, LocalAlerts.printedTo(new PrintWriter(printed, true)), List.of(FakeProvider.KEY),
                    CheckPageLinks.under(loaded.file().status().externalUrl()), clock, clock::sleep);
            flow = new VerdictFlow(trail, alerting.incidents(), () -> { }, clock::sleep, VerdictFlow.StoreWatch.NONE);
            return this;
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** What a kill and a restart do: everything in memory is gone, the file stays. */
    public AlertScenario restart() {
        stop();
        return start();
    }

    public void stop() {
        if (alerting != null) {
            alerting.close();
            trail.close();
            alerting = null;
        }
    }

    public Path auditFile() {
        return workspace.dir.resolve("data/driftwatch.db");
    }

    public AuditTrail trail() {
        return trail;
    }

    public Alerting alerting() {
        return alerting;
    }

    /** Every check of the configuration, as the alerting knows them. */
    public List<Check> checks() {
        return checks;
    }

    /** The one verdict flow of this process: record, known state and incident step in one transaction. */
    public VerdictFlow flow() {
        return flow;
    }

    /** A verdict of {@code key} at the clock's time. */
    public Verdict verdict(CheckKey key, Outcome outcome, Finding... findings) {
        String summary = findings.length == 0 ? "gpt-image-2 is listed (4 models)" : findings[0].describe();
        Evidence evidence = new Evidence(200, 84L, "req_9f2c", Map.of("url", "http://provider.test/v1/models"));
        return new Verdict(key, outcome, summary, List.of(findings), evidence, clock.instant(), 84);
    }

    /** Records one verdict as a check run would, feeds it to the state machine, then lets 15 minutes pass. */
    public List<AlertKind> run(Verdict v) {
        List<AlertKind> kinds = flow.accept(v).alerts();
        clock.advance(Duration.ofMinutes(15));
        return kinds;
    }

    public List<AlertKind> run(Outcome outcome, Finding... findings) {
        return run(verdict(MODELS, outcome, findings));
    }

    /** Like {@link #run(Outcome, Finding...)}, but no time passes. */
    public List<AlertKind> runNow(Outcome outcome, Finding... findings) {
        return flow.accept(verdict(MODELS, outcome, findings)).alerts();
    }

    public static Finding modelNotListed() {
        return Finding.error("model-not-listed", "/data", "gpt-image-2 listed", "not among 1 models; family lists gpt-image-2.5");
    }

    public static Finding networkDown() {
        return Finding.warning("unreachable", null, "an answer", "connection refused after 3 attempts");
    }

    public int deliverDue() {
        return alerting.worker().deliverDue();
    }

    public int flush() {
        return alerting.worker().flush(Duration.ofHours(1));
    }

    public List<OutboxRow> outbox() {
        return trail.outbox().all();
    }

    @Override
    public void close() {
        stop();
        slack.close();
    }

    /** The provider is never called here; its variables only need to be valid URLs. */
    private static final class FakeProviderAddress implements TestWorkspace.Provider {
        @Override
        public String baseUrl() {
            return "http://127.0.0.1:9";
        }
    }
}
