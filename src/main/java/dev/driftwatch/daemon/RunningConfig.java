package dev.driftwatch.daemon;

import dev.driftwatch.alert.CheckPageLinks;
import dev.driftwatch.alert.Alerting;
import dev.driftwatch.alert.LocalAlerts;
import dev.driftwatch.alert.Sleeper;
import dev.driftwatch.alert.VerdictFlow;
import dev.driftwatch.api.ApiChecks;
import dev.driftwatch.api.ApiContext;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.check.Check;
import dev.driftwatch.check.CheckFactory;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Plan;
import dev.driftwatch.check.PlanRunner;
import dev.driftwatch.check.Redactor;
import dev.driftwatch.config.LoadedConfig;
import dev.driftwatch.contract.ApiKeys;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.docs.DocsChecks;
import dev.driftwatch.spec.SpecChecks;
import dev.driftwatch.http.ProviderClient;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything built from one checks.yaml: its checks, the runner that masks its keys, its alert routes and
 * policies, the verdict flow that records and alerts, and the checks suspended on purpose. A reload builds a
 * new one and retires the old, which closes once the last run using it ends.
 */
final class RunningConfig {
    final LoadedConfig config;
    final Map<CheckKey, Check> checks;
    final PlanRunner runner;
    final Alerting alerting;
    final VerdictFlow flow;
    final Instant loadedAt;
    /** The HTTP client every check of this configuration shares, with its in-flight limits. */
    final ProviderClient client;
    /** Checks that do not run until checks.yaml changes (check → why), from the audit trail at build, then from verdicts. */
    private final Map<CheckKey, String> suspended = new ConcurrentHashMap<>();
    private int leases;
    private boolean retired;
    private boolean closed;

    private RunningConfig(LoadedConfig config, Map<CheckKey, Check> checks, PlanRunner runner, Alerting alerting, VerdictFlow flow,
                          Instant loadedAt, ProviderClient client) {
        this.client = client;
        this.config = config;
        this.checks = checks;
        this.runner = runner;
        this.alerting = alerting;
        this.flow = flow;
        this.loadedAt = loadedAt;
    }

    /**
     * @param outboxDoorbell wakes the outbox worker (rung when a verdict queued an alert) and is its sleeper
     * @param storeWatch told how each verdict's write went
     */
    static RunningConfig build(LoadedConfig config, List<Contract> contracts, Map<String, String> env, AuditTrail audit, Clock clock,
                               Daemon.OutboxDoorbell outboxDoorbell, int parallelism, VerdictFlow.StoreWatch storeWatch) {
        List<String> keys = ApiKeys.of(contracts, env);
        ProviderClient client = new ProviderClient(config.file().http(), clock);
        List<CheckFactory> kinds = List.of(new ApiChecks(ApiContext.of(config, client, audit, env, clock)), new DocsChecks(client, audit, clock),
                new SpecChecks(client, audit, clock));
        Plan plan = Plan.of(contracts, kinds, null, null);
        Map<CheckKey, Check> checks = new LinkedHashMap<>();
        plan.checks().forEach(c -> checks.put(c.key(), c));
        PlanRunner runner = new PlanRunner(parallelism, new Redactor(keys), clock);
        Alerting alerting = Alerting.create(config.file().alerts(), plan.checks(), CheckFactory.adviceOf(kinds), env, audit,
                LocalAlerts.toLog(), keys, CheckPageLinks.under(config.file().status().externalUrl()), clock, outboxDoorbell);
        VerdictFlow flow = new VerdictFlow(audit, alerting.incidents(), outboxDoorbell::ring, Sleeper.REAL, storeWatch);
        RunningConfig built = new RunningConfig(config, Map.copyOf(checks), runner, alerting, flow, clock.instant(), client);
        checks.forEach((key, check) -> check.suspension().ifPresent(why -> built.suspended.put(key, why)));
        return built;
    }

    /** check → its cron schedule, for the scheduler: every check but the suspended ones. */
    Map<CheckKey, String> schedules() {
        Map<CheckKey, String> out = new LinkedHashMap<>();
        checks.forEach((k, c) -> {
            if (!suspended.containsKey(k)) {
                out.put(k, c.schedule());
            }
        });
        return out;
    }

    /** Stops scheduling {@code key} until checks.yaml changes; answers why, or null when the check does not say it is suspended. */
    String suspend(CheckKey key) {
        Check check = checks.get(key);
        String why = check == null ? null : check.suspension().orElse(null);
        if (why != null) {
            suspended.put(key, why);
        }
        return why;
    }

    /** The suspended checks as the status page shows them: no next run, and why. */
    List<ScheduledCheck> suspendedChecks() {
        return suspended.entrySet().stream()
                .map(e -> new ScheduledCheck(e.getKey(), checks.get(e.getKey()).schedule(), null, e.getValue())).toList();
    }

    /** Takes a lease for one run; false once this configuration is closed (a reload retired it meanwhile). */
    synchronized boolean lease() {
        if (closed) {
            return false;
        }
        leases++;
        return true;
    }

    synchronized void release() {
        leases--;
        if (retired && leases == 0) {
            close();
        }
    }

    /** No new runs start on it; it closes when the runs in progress end. */
    synchronized void retire() {
        retired = true;
        if (leases == 0) {
            close();
        }
    }

    private void close() {
        if (!closed) {
            closed = true;
            runner.close();
            alerting.close();
        }
    }
}
