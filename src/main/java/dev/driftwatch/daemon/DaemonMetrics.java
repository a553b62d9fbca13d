package dev.driftwatch.daemon;

import dev.driftwatch.alert.DeliveryListener;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.LastVerified;
import dev.driftwatch.audit.OutboxRow;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.contract.Contract;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's Prometheus metrics: check runs by verdict, check latency, when each check was last verified (held),
 * open incidents, alert deliveries, paid probes against their budget, and the JVM. Label values are
 * contract, environment and check names from checks.yaml and alert kinds only: bounded, never a secret.
 * Gauges that come from the audit trail hold the values of the last {@link #refresh()}, so a scrape
 * never waits on the store.
 */
public final class DaemonMetrics implements CheckRunListener, DeliveryListener {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonMetrics.class);
    /** From a models listing (tens of ms) to a paid generation (up to its 3 min timeout). */
    private static final Duration[] CHECK_BUCKETS = {
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(180)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AuditTrail trail;
    private final Clock clock;
    private final Map<String, AtomicLong> paidProbeBudgets = new ConcurrentHashMap<>();
    private final Map<CheckKey, AtomicLong> lastVerifiedMillis = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> paidProbesUsed = new ConcurrentHashMap<>();
    private final AtomicLong incidentsOpen = new AtomicLong();

    /**
     * @param paidProbeBudgets the daily budget of the generation check per contract id ({@link #budgetsOf})
     */
    public DaemonMetrics(AuditTrail trail, Map<String, Integer> paidProbeBudgets, Clock clock) {
        this.trail = trail;
        this.clock = clock;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("driftwatch.incidents.open", incidentsOpen, AtomicLong::get)
                .description("Incidents of every check not resolved yet (failing or stale)").register(registry);
        budgets(paidProbeBudgets);
        seedFromTrail();
    }

    /** Sets the daily budgets after a reload: gauges for new contracts, new values for the others, none for contracts gone. */
    public synchronized void budgets(Map<String, Integer> budgets) {
        for (String gone : List.copyOf(paidProbeBudgets.keySet())) {
            if (!budgets.containsKey(gone)) {
                paidProbeBudgets.remove(gone);
                paidProbesUsed.remove(gone);
                registry.find("driftwatch.paid.probes.budget").tag("contract", gone).meters().forEach(registry::remove);
                registry.find("driftwatch.paid.probes.used").tag("contract", gone).meters().forEach(registry::remove);
            }
        }
        budgets.forEach((contract, budget) -> paidProbeBudgets.computeIfAbsent(contract, c -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("driftwatch.paid.probes.budget", value, AtomicLong::get).tags("contract", c)
                    .description("Paid generation probes the contract may make per UTC day").register(registry);
            Gauge.builder("driftwatch.paid.probes.used", paidProbesUsed.computeIfAbsent(c, k -> new AtomicLong()), AtomicLong::get)
                    .tags("contract", c).description("Paid generation probes reserved today (UTC)").register(registry);
            return value;
        }).set(budget));
    }

    /** The daily budget of each contract whose generation check is on. */
    public static Map<String, Integer> budgetsOf(List<Contract> contracts) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Contract c : contracts) {
            if (Boolean.TRUE.equals(c.checks().generation().enabled())) {
                out.put(c.id(), c.checks().generation().dailyBudget());
            }
        }
        return out;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void checkFinished(Verdict v) {
        try {
            Tags tags = tags(v.key());
            Counter.builder("driftwatch.check.runs").description("Check runs by verdict").tags(tags)
                    .tag("verdict", v.outcome().name()).register(registry).increment();
            Timer.builder("driftwatch.check.duration").description("How long a check run took").tags(tags)
                    .serviceLevelObjectives(CHECK_BUCKETS).register(registry).record(Duration.ofMillis(Math.max(0, v.durationMs())));
            if (v.holds() && v.startedAt() != null) {
                lastVerified(v.key()).accumulateAndGet(v.startedAt().toEpochMilli(), Math::max);
            }
        } catch (RuntimeException e) {
            LOG.warn("metrics of the verdict of {} not recorded: {}", v.key(), e.toString());
        }
    }

    @Override
    public void attempted(OutboxRow row, boolean delivered) {
        Counter.builder("driftwatch.alert.deliveries").description("Attempts to deliver an alert, by kind and result")
                .tags("kind", row.kind().name(), "result", delivered ? "delivered" : "failed").register(registry).increment();
    }

    /**
     * Reads what the gauges show from the audit trail: open incidents, paid probes used today. Throws an
     * {@code AuditException} when the store cannot answer; the gauges then keep their last values.
     */
    public void refresh() {
        incidentsOpen.set(trail.incidents().open().size());
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        for (String contract : paidProbeBudgets.keySet()) {
            AtomicLong used = paidProbesUsed.get(contract);
            if (used != null) { // null only while a reload drops the contract
                used.set(trail.paidCallsOn(contract, today));
            }
        }
    }

    /** A restart keeps when every check was last verified, and the gauges' values: they come from the trail. */
    private void seedFromTrail() {
        try {
            for (LastVerified lv : trail.lastVerified()) {
                if (lv.lastVerified() != null) {
                    lastVerified(lv.key()).accumulateAndGet(lv.lastVerified().toEpochMilli(), Math::max);
                }
            }
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("metrics start without the audit trail's history: {}", e.getMessage());
        }
    }

    private AtomicLong lastVerified(CheckKey key) {
        return lastVerifiedMillis.computeIfAbsent(key, k -> {
            AtomicLong millis = new AtomicLong();
            Gauge.builder("driftwatch.check.last.verified.timestamp", millis, m -> m.get() / 1000.0).baseUnit("seconds")
                    .description("When the check was last verified (its last PASS or CHANGED), in seconds since the epoch").tags(tags(k)).register(registry);
            return millis;
        });
    }

    private static Tags tags(CheckKey key) {
        return Tags.of("contract", key.contract(), "environment", key.environment(), "check", key.check());
    }
}
