package dev.driftwatch.daemon;

import dev.driftwatch.alert.Alerting;
import dev.driftwatch.alert.LocalAlerts;
import dev.driftwatch.alert.Sleeper;
import dev.driftwatch.api.ApiChecks;
import dev.driftwatch.api.ApiContext;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.check.Check;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Plan;
import dev.driftwatch.check.PlanRunner;
import dev.driftwatch.check.Redactor;
import dev.driftwatch.config.LoadedConfig;
import dev.driftwatch.contract.ApiKeys;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.docs.DocsChecks;
import dev.driftwatch.http.ProviderClient;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything built from one checks.yaml: its checks, the runner that masks its keys, its alert routes and
 * policies. A reload builds a new one and retires the old, which closes once the last run using it ends.
 */
final class RunningConfig {
    final LoadedConfig config;
    final Map<CheckKey, Check> checks;
    final PlanRunner runner;
    final Alerting alerting;
    final Instant loadedAt;
    private int leases;
    private boolean retired;
    private boolean closed;

    private RunningConfig(LoadedConfig config, Map<CheckKey, Check> checks, PlanRunner runner, Alerting alerting, Instant loadedAt) {
        this.config = config;
        this.checks = checks;
        this.runner = runner;
        this.alerting = alerting;
        this.loadedAt = loadedAt;
    }

    static RunningConfig build(LoadedConfig config, List<Contract> contracts, Map<String, String> env, AuditTrail audit, Clock clock,
                               Sleeper outboxSleeper, int parallelism) {
        List<String> keys = ApiKeys.of(contracts, env);
        ProviderClient client = new ProviderClient(config.file().http(), clock);
        ApiContext ctx = new ApiContext(client, audit, env, clock);
        Plan plan = Plan.of(contracts, List.of(new ApiChecks(ctx), new DocsChecks(client, audit, clock)), null, null);
        Map<CheckKey, Check> checks = new LinkedHashMap<>();
        plan.checks().forEach(c -> checks.put(c.key(), c));
        PlanRunner runner = new PlanRunner(parallelism, new Redactor(keys), clock);
        Alerting alerting = Alerting.create(config.file().alerts(), contracts, env, audit, LocalAlerts.toLog(), keys, clock, outboxSleeper);
        return new RunningConfig(config, Map.copyOf(checks), runner, alerting, clock.instant());
    }

    /** check → its cron schedule, for the scheduler. */
    Map<CheckKey, String> schedules() {
        Map<CheckKey, String> out = new LinkedHashMap<>();
        checks.forEach((k, c) -> out.put(k, c.schedule()));
        return out;
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
