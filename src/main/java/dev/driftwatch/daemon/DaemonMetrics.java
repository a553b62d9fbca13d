package dev.driftwatch.daemon;

import dev.driftwatch.alert.DeliveryListener;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.Incident;
import dev.driftwatch.audit.LastVerified;
import dev.driftwatch.audit.OutboxRow;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.http.Version;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's Prometheus metrics: check runs by verdict, check latency, whether each check holds now and when it
 * last held, open incidents (in all and one series each), alert deliveries, paid probes against their budget, the
 * build's version, and the JVM. Label values are contract, environment and check names from checks.yaml, verdicts,
 * incident triggers, alert kinds and the version only: bounded, never a secret.
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
    private final Map<CheckKey, AtomicInteger> checkUp = new ConcurrentHashMap<>();
    // Meters looked up once a check: building and registering them again at every run was a share of each run's CPU.
    private final Map<CheckKey, CheckMeters> checkMeters = new ConcurrentHashMap<>();
    private final AtomicLong incidentsOpen = new AtomicLong();
    private final MultiGauge openIncidents;
    private final Timer lateness;

    /** A scheduled run started {@code late} after the time its schedule named. */
    public void scheduleDelay(Duration late) {
        lateness.record(late.isNegative() ? Duration.ZERO : late);
    }

    /**
     * @param paidProbeBudgets the daily budget of the generation check per contract id ({@link #budgetsOf})
     */
    public DaemonMetrics(AuditTrail trail, Map<String, Integer> paidProbeBudgets, Clock clock) {
        this(trail, paidProbeBudgets, clock, null);
    }

    /** @param instance the replica's id in a cluster, a label on every series (null: one daemon, no label) */
    public DaemonMetrics(AuditTrail trail, Map<String, Integer> paidProbeBudgets, Clock clock, String instance) {
        if (instance != null) {
            registry.config().commonTags("instance", instance);
        }
        this.trail = trail;
        this.clock = clock;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.lateness = Timer.builder("driftwatch.schedule.delay")
                .description("How late a scheduled check run started: its fire time minus the time its schedule named")
                .publishPercentiles(0.5, 0.99).register(registry);
        Gauge.builder("driftwatch.incidents.open", incidentsOpen, AtomicLong::get)
                .description("Incidents of every check not resolved yet (failing or stale)").register(registry);
        openIncidents = MultiGauge.builder("driftwatch.incident.open")
                .description("1 for each incident not resolved yet, by check and by what opened it (BROKEN, UNVERIFIED, STALE)").register(registry);
        // The version as a label of a constant 1, the Prometheus way: joined onto other series, it says which build produced them.
        Gauge.builder("driftwatch.build.info", () -> 1).tags("version", Version.current())
                .description("Always 1; its version label is the build's, as driftwatch --version prints it").register(registry);
        budgets(paidProbeBudgets);
        seedFromTrail();
    }

    /** The HTTP client's requests in flight and waiting for their turn, read from {@code limits} (the current configuration's). */
    void httpRequests(java.util.function.Supplier<dev.driftwatch.http.InFlight> limits) {
        Gauge.builder("driftwatch.http.requests.in.flight", () -> limits.get().running())
                .description("Requests to providers in flight now (at most http.maxInFlight)").register(registry);
        Gauge.builder("driftwatch.http.requests.waiting", () -> limits.get().waiting())
                .description("Requests waiting for their turn: their host at its limit (lowered by 429s) or http.maxInFlight reached").register(registry);
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

    /** A check's run counters (one per verdict, made when first needed) and its duration timer. */
    private record CheckMeters(Tags tags, Map<Outcome, Counter> runs, Timer duration) {
    }

    private CheckMeters checkMeters(CheckKey key) {
        Tags tags = tags(key);
        return new CheckMeters(tags, new ConcurrentHashMap<>(), Timer.builder("driftwatch.check.duration")
                .description("How long a check run took").tags(tags).serviceLevelObjectives(CHECK_BUCKETS).register(registry));
    }

    @Override
    public void checkFinished(Verdict v) {
        try {
            CheckMeters meters = checkMeters.computeIfAbsent(v.key(), this::checkMeters);
            meters.runs().computeIfAbsent(v.outcome(), outcome -> Counter.builder("driftwatch.check.runs")
                    .description("Check runs by verdict").tags(meters.tags()).tag("verdict", outcome.name()).register(registry))
                    .increment();
            meters.duration().record(Duration.ofMillis(Math.max(0, v.durationMs())));
            if (v.holds() && v.startedAt() != null) {
                lastVerified(v.key()).accumulateAndGet(v.startedAt().toEpochMilli(), Math::max);
            }
            if (v.outcome() != Outcome.SKIPPED) { // says nothing about the contract: the check keeps its last state
                up(v.key()).set(v.holds() ? 1 : 0);
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
        List<Incident> open = trail.incidents().open();
        incidentsOpen.set(open.size());
        Map<Tags, Long> byCheckAndTrigger = open.stream()
                .collect(Collectors.groupingBy(i -> tags(i.key()).and("trigger", i.trigger()), Collectors.counting()));
        openIncidents.register(byCheckAndTrigger.entrySet().stream().map(e -> MultiGauge.Row.of(e.getKey(), e.getValue())).toList(), true);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        for (String contract : paidProbeBudgets.keySet()) {
            AtomicLong used = paidProbesUsed.get(contract);
            if (used != null) { // null only while a reload drops the contract
                used.set(trail.paidCalls().countOn(contract, today));
            }
        }
    }

    /** A restart keeps when every check was last verified, and the gauges' values: they come from the trail. */
    private void seedFromTrail() {
        try {
            for (LastVerified lv : trail.verdicts().lastVerified()) {
                if (lv.lastVerified() != null) {
                    lastVerified(lv.key()).accumulateAndGet(lv.lastVerified().toEpochMilli(), Math::max);
                }
            }
            trail.verdicts().latestDecided().forEach((key, outcome) -> up(key).set(outcome.holds() ? 1 : 0));
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

    /** 1 while the check's latest verdict other than SKIPPED holds (PASS, CHANGED), 0 while it does not (BROKEN, UNVERIFIED). */
    private AtomicInteger up(CheckKey key) {
        return checkUp.computeIfAbsent(key, k -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("driftwatch.check.up", value, AtomicInteger::get).tags(tags(k))
                    .description("1 if the check's latest verdict holds (PASS or CHANGED), 0 if BROKEN or UNVERIFIED; SKIPPED keeps the value before it")
                    .register(registry);
            return value;
        });
    }

    private static Tags tags(CheckKey key) {
        return Tags.of("contract", key.contract(), "environment", key.environment(), "check", key.check());
    }
}
