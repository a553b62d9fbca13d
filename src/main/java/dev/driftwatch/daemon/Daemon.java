package dev.driftwatch.daemon;

import dev.driftwatch.alert.Incidents;
import dev.driftwatch.alert.VerdictFlow;
import dev.driftwatch.alert.Sleeper;
import dev.driftwatch.audit.AlertDraft;
import dev.driftwatch.audit.AuditException;
import dev.driftwatch.audit.AuditLocation;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.ChainKey;
import dev.driftwatch.audit.CompactionReport;
import dev.driftwatch.check.Check;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.KnownState;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.config.ConfigException;
import dev.driftwatch.config.ConfigLoader;
import dev.driftwatch.config.LoadedConfig;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.ContractLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@code driftwatch run}: re-checks every contract on its schedule, records each verdict, feeds the
 * incident logic and delivers its alerts, reloads checks.yaml when it changes (keeping the old one when
 * the new one is invalid), and stops cleanly within a grace period. Faults of its own (a refused
 * configuration, an audit trail that cannot be written, a wall-clock jump) are logged, alerted and
 * reported in {@link #notReadyReasons()}; none of them stops it.
 */
public final class Daemon implements DaemonState, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    /** How long the HTTP endpoints may take to close at the end of a stop (they answer "shutting down" until then). */
    private static final Duration HTTP_CLOSE = Duration.ofSeconds(1);
    private final Map<String, String> env;
    private final Clock clock;
    private final DaemonSettings settings;
    private final AuditTrail audit;
    private final AuditHeadLog headLog;
    private final CheckScheduler scheduler;
    private final OutboxDoorbell doorbell = new OutboxDoorbell();
    private final List<CheckRunListener> listeners = new CopyOnWriteArrayList<>();
    private final ConfigWatcher watcher;
    private final Thread outboxThread;
    private final DaemonMetrics metrics;
    private final ScheduledRuns runs = new ScheduledRuns();
    private final RetentionSweep retention;
    private StatusServer http;
    private volatile RunningConfig current;
    private volatile boolean started;
    /** The shared job store when the trail is in PostgreSQL: the replicas share one schedule. Null when embedded. */
    private final ClusterStore cluster;
    private volatile boolean stopping;
    private boolean stopped;
    private final AtomicReference<StoreOutage> storeOutage = new AtomicReference<>();
    private volatile String reloadProblem;
    private volatile String clockProblem;
    private long lastWallMillis;
    private long lastMonotonicNanos;

    /**
     * Loads and validates the configuration and opens the audit trail; nothing runs before {@link #start()}.
     *
     * @throws ConfigException the configuration is invalid (the daemon does not start on a bad file)
     * @throws AuditException the audit trail cannot be opened
     */
    public Daemon(Map<String, String> env, Clock clock, DaemonSettings settings) throws ConfigException {
        this(env, clock, settings, file -> AuditTrail.openSqlite(file, ChainKey.fromEnvironment(env)));
    }

    /** With another way to open the audit trail at its file: the fault scenarios open one that fills up. */
    Daemon(Map<String, String> env, Clock clock, DaemonSettings settings, Function<Path, AuditTrail> openTrail) throws ConfigException {
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.settings = settings;
        LoadedConfig config = new ConfigLoader(this.env).load(settings.configFile());
        List<Contract> contracts = new ContractLoader().load(config);
        this.audit = AuditTrails.open(config.file().audit(), this.env, ChainKey.fromEnvironment(this.env), clock, openTrail);
        this.headLog = new AuditHeadLog(audit.journal(), clock);
        this.current = RunningConfig.build(config, contracts, this.env, audit, clock, doorbell, settings.threads(), storeWatch);
        this.cluster = clusterStore(config.file().audit(), this.env, settings.threads());
        this.metrics = new DaemonMetrics(audit, DaemonMetrics.budgetsOf(contracts), clock, cluster == null ? null : cluster.instanceId());
        metrics.httpRequests(() -> current.client.inFlight());
        this.retention = new RetentionSweep(audit, clock);
        this.listeners.add(metrics);
        this.current.alerting.worker().onDelivery(metrics);
        this.scheduler = new CheckScheduler(settings.threads(), settings.misfireThreshold(), settings.jitterSeconds(),
                new CheckScheduler.Work() {
                    @Override
                    public void run(CheckKey key) {
                        runCheck(key);
                    }

                    @Override
                    public CompletableFuture<Void> start(CheckKey key) {
                        return dispatchCheck(key);
                    }
                }, this::housekeeping, cluster);
        this.scheduler.onLateness(metrics::scheduleDelay);
        this.watcher = settings.watchConfig() ? new ConfigWatcher(settings.configFile(), settings.watchDebounce(), this::reload) : null;
        this.outboxThread = new Thread(this::deliverAlerts, "alert-outbox");
        this.outboxThread.setDaemon(true);
    }

    /**
     * With the trail in PostgreSQL, Quartz's clustered store on the same database. The instance id: DRIFTWATCH_INSTANCE_ID,
     * else the host name (a pod's name) and the process id; the check-in interval: DRIFTWATCH_CLUSTER_CHECKIN_MS, else 7.5 s:
     * how soon a dead replica's checks move to the others.
     */
    private static ClusterStore clusterStore(dev.driftwatch.config.AuditConfig audit, Map<String, String> env, int threads) {
        if (!audit.shared()) {
            return null;
        }
        String id = env.get("DRIFTWATCH_INSTANCE_ID");
        if (id == null || id.isBlank()) {
            String host = env.getOrDefault("HOSTNAME", "driftwatch");
            id = host + "-" + ProcessHandle.current().pid();
        }
        return ClusterStore.open(audit.url().strip(), env.get(audit.userEnv()), env.get(audit.passwordEnv()), threads, id, ClusterStore.checkinFromEnv(env));
    }

    /** Calls {@code listener} after each scheduled check's verdict is recorded. */
    public void addListener(CheckRunListener listener) {
        listeners.add(listener);
    }

    /** Schedules every check, starts the outbox worker and the file watch. */
    public synchronized void start() {
        RunningConfig config = current;
        CheckScheduler.Changes scheduled = scheduler.sync(config.schedules(), lastRuns());
        scheduler.housekeepingEvery(settings.housekeepingEvery());
        lastWallMillis = clock.millis();
        lastMonotonicNanos = System.nanoTime();
        // The endpoints first: an orchestrator sees "starting" on /readyz rather than a refused connection.
        http = new StatusServer(settings.httpAddress(), settings.httpAccess(), HttpLimits.DEFAULTS, this, audit, metrics, clock).start();
        scheduler.start();
        outboxThread.start();
        if (watcher != null) {
            watcher.start();
        }
        started = true;
        // Once at start rather than after the first housekeeping period: a daemon restarted daily still compacts.
        retention.startIfDue(config.config.file().retention().rawDays());
        LOG.info("driftwatch running: {} check(s) of {} scheduled ({} overdue run now), status on {}:{} ({}), audit trail {}, alerts {}",
                scheduled.added(), settings.configFile(), scheduled.caughtUp(), http.host(), http.port(), settings.httpAccess(), AuditTrails.where(config.config.file().audit(), env),
                config.alerting.routes().slackConfigured() ? "to Slack" : "to this log (" + config.alerting.routes().whatToSet() + ")");
        headLog.log("start");
    }

    /**
     * Reads checks.yaml again. A valid file replaces the running configuration (jobs of checks gone are
     * removed, new ones added, changed schedules replaced); an invalid one is refused with one log line per
     * error and an alert, and the old configuration keeps running. Answers whether the file was applied.
     */
    public synchronized boolean reload() {
        if (stopping) {
            return false;
        }
        String file = settings.configFile().toString();
        LoadedConfig config;
        List<Contract> contracts;
        try {
            config = new ConfigLoader(env).load(settings.configFile());
            contracts = new ContractLoader().load(config);
        } catch (ConfigException e) {
            refuse(file, e.lines());
            return false;
        } catch (RuntimeException e) {
            refuse(file, List.of(file + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
            return false;
        }
        if (!config.file().audit().equals(current.config.file().audit())) {
            // The trail stays where it was opened: moving it under running checks would split their history.
            LOG.warn("audit: changed in {}; the audit trail stays at {} until driftwatch restarts", file, AuditTrails.where(current.config.file().audit(), env));
        }
        RunningConfig next = RunningConfig.build(config, contracts, env, audit, clock, doorbell, settings.threads(), storeWatch);
        next.alerting.worker().onDelivery(metrics);
        metrics.budgets(DaemonMetrics.budgetsOf(contracts));
        RunningConfig old = current;
        current = next;
        CheckScheduler.Changes changes = scheduler.sync(next.schedules(), lastRuns());
        old.retire();
        reloadProblem = null;
        LOG.info("reloaded {}: {} check(s) scheduled ({})", file, next.checks.size(), changes);
        return true;
    }

    /** When each check last ran, from the audit trail, so a restart runs what came due while it was down; null if unknown. */
    private Map<CheckKey, Instant> lastRuns() {
        try {
            Map<CheckKey, Instant> out = new HashMap<>();
            audit.verdicts().lastVerified().forEach(l -> out.put(l.key(), l.latestAt()));
            return out;
        } catch (AuditException e) {
            LOG.warn("cannot read when the checks last ran ({}); each runs at its next scheduled time", e.getMessage());
            return null;
        }
    }

    private void refuse(String file, List<String> errors) {
        errors.forEach(line -> LOG.error("config refused: {}", line));
        LOG.error("reload of {} refused ({} error(s)); the previous configuration keeps running", file, errors.size());
        reloadProblem = "last reload of " + file + " refused: " + (errors.isEmpty() ? "unreadable" : errors.get(0));
        try {
            if (current.alerting.incidents().configRefused(file, errors)) {
                doorbell.ring();
            }
        } catch (AuditException e) {
            storeFailed(e);
        }
    }

    /** One scheduled run, waited for (see {@link #dispatchCheck}); interrupting the waiting thread interrupts the run. */
    void runCheck(CheckKey key) {
        CompletableFuture<Void> run = dispatchCheck(key);
        try {
            run.get();
        } catch (InterruptedException e) {
            run.cancel(true);
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a run's handle completes normally (ScheduledRuns logs a run that failed)", e);
        }
    }

    /**
     * Starts one scheduled run and returns: the check (timeouts and redaction by the runner, in its lane), then on the
     * record lane the verdict flow (the audit record and the incident logic, in one transaction) and the listeners.
     * Answers when the verdict is recorded; cancelling the answer interrupts the run. A verdict that suspends its check
     * (a probe that must not run again as configured) takes it off the schedule.
     */
    CompletableFuture<Void> dispatchCheck(CheckKey key) {
        RunningConfig config = leaseCurrent();
        if (config == null) {
            return CompletableFuture.completedFuture(null);
        }
        Check check = config.checks.get(key);
        if (check == null) {
            config.release();
            return CompletableFuture.completedFuture(null); // removed by a reload after the trigger fired
        }
        return runs.start(key, () -> config.runner.start(check), v -> record(config, key, v), config.runner.recordLane(), config::release);
    }

    private void record(RunningConfig config, CheckKey key, Verdict v) {
        MDC.put("contract", key.contract());
        MDC.put("environment", key.environment());
        MDC.put("check", key.check());
        MDC.put("verdict", v.outcome().name());
        try {
            if (v.evidence().requestId() != null) {
                MDC.put("requestId", v.evidence().requestId());
            }
            if (!config.flow.accept(v).recorded()) {
                return;
            }
            LOG.info("{} {}: {}", v.outcome(), key, v.summary());
            if (v.knownChanges().sets(KnownState.SUSPENDED)) {
                suspend(config, key);
            }
            for (CheckRunListener l : listeners) {
                try {
                    l.checkFinished(v);
                } catch (RuntimeException e) {
                    LOG.error("a listener failed on the verdict of {}", key, e);
                }
            }
        } finally {
            MDC.clear();
        }
    }

    /** Takes a check off the schedule until checks.yaml changes (a reload builds it afresh and asks it again). */
    private synchronized void suspend(RunningConfig config, CheckKey key) {
        String why = config.suspend(key);
        if (why != null && config == current && !stopping) {
            scheduler.sync(config.schedules(), null);
            LOG.warn("{} taken off the schedule: {}", key, why);
        }
    }

    /** The current configuration, leased for one run; null when stopping. */
    private RunningConfig leaseCurrent() {
        while (!stopping) {
            RunningConfig c = current;
            if (c.lease()) {
                return c;
            }
        }
        return null;
    }

    /** How the verdict flow's writes went: a verdict it could not record is kept in the log, and the outage alerted. */
    private final VerdictFlow.StoreWatch storeWatch = new VerdictFlow.StoreWatch() {
        @Override
        public void written() {
            storeWritable();
        }

        @Override
        public void lost(Verdict v, AuditException e) {
            // The log keeps what the trail could not: the verdict, already redacted by the runner.
            LOG.error("verdict {} of {} not recorded ({}): {}", v.outcome(), v.key(), e.getMessage(), v.summary());
            storeFailed(e).unrecorded.incrementAndGet();
        }
    };

    /** Notes a write the audit trail refused; the first of an outage is alerted (and again later if that alert could not go out). */
    private StoreOutage storeFailed(AuditException e) {
        StoreOutage outage = storeOutage.updateAndGet(o -> o != null ? o : new StoreOutage(clock.instant()));
        outage.error = e.getMessage();
        outage.writableSince = null;
        if (outage.alerted.compareAndSet(false, true) && !alertStoreOutage(e)) {
            outage.alerted.set(false);
        }
        return outage;
    }

    private boolean alertStoreOutage(AuditException e) {
        if (stopping) {
            return true; // the store is being closed under a run that outlived the grace: the log says what was lost
        }
        Incidents incidents = current.alerting.incidents();
        AlertDraft alert = incidents.daemonAlert("audit", "AUDIT TRAIL", "The audit trail could not be written", List.of(e.getMessage()),
                (current.config.file().audit().shared() ? "check the database at " + AuditTrails.where(current.config.file().audit(), env)
                        + " (up, reachable, room left);" : "free space on the volume of " + AuditLocation.defaultFile(env) + " or find what holds it locked;")
                        + " verdicts are recorded again as soon as it can be written, and the ones it missed are in the log");
        try {
            incidents.queue(alert, null);
            doorbell.ring();
            return true;
        } catch (AuditException refused) {
            // The outbox is in the same store: a full disk refuses the alert too (a lock that passed does not), so it goes out now, unqueued.
            return current.alerting.worker().sendUnqueued(alert);
        }
    }

    /** A verdict was recorded: the store takes writes again (the outage ends once it has for a whole sweep period). */
    private void storeWritable() {
        StoreOutage outage = storeOutage.get();
        if (outage != null && outage.writableSince == null) {
            outage.writableSince = clock.instant();
            LOG.info("the audit trail took a write again");
        }
    }

    /**
     * Ends the outage once the store has taken every write for a whole sweep period, and says so where its start
     * was announced. Not at the first write that succeeds: a disk that is nearly full fails and succeeds by turns,
     * and should make one alert, not one per turn.
     */
    private void endStoreOutage() {
        StoreOutage outage = storeOutage.get();
        Instant writable = outage == null ? null : outage.writableSince;
        boolean quietForAPeriod = writable != null && !writable.isAfter(clock.instant().minus(settings.housekeepingEvery()));
        if (!quietForAPeriod || !storeOutage.compareAndSet(outage, null)) {
            return;
        }
        String what = "unwritable from " + outage.since + " to " + writable + " (" + Duration.between(outage.since, writable).toSeconds() + "s); "
                + outage.unrecorded.get() + " verdict(s) could not be recorded";
        LOG.info("the audit trail is writable again: it was {}", what);
        if (outage.alerted.get()) {
            try {
                current.alerting.incidents().daemonProblem("audit", "RESOLVED", "The audit trail can be written again", List.of("It was " + what + "."),
                        "nothing now; the verdicts it missed are in the log (\"not recorded\")", null);
                doorbell.ring();
            } catch (AuditException e) {
                storeFailed(e);
            }
        }
    }

    /** Reminders and stale checks (no verdict needed), the watch on the wall clock, and once a day the start of the audit trail's compaction. */
    void housekeeping() {
        watchClock();
        endStoreOutage();
        headLog.logIfDue();
        RunningConfig config = leaseCurrent();
        if (config == null) {
            return;
        }
        int rawDays = config.config.file().retention().rawDays();
        try {
            if (!config.alerting.incidents().sweep().isEmpty()) {
                doorbell.ring();
            }
        } catch (AuditException e) {
            storeFailed(e);
        } finally {
            config.release();
        }
        retention.startIfDue(rawDays);
    }

    /** The audit trail's compaction started last (at start or by a housekeeping sweep): tests wait for it. */
    Future<CompactionReport> retentionSweep() {
        return retention.latest();
    }

    /**
     * Quartz plans in wall-clock time: a jump forward makes every check misfire (each runs once), a jump
     * back would leave them silent until the clock catches up. So after a jump every check is planned
     * afresh from the new time, and the jump is logged, alerted and reported until the next sweep.
     */
    private synchronized void watchClock() {
        long wall = clock.millis();
        long mono = System.nanoTime();
        Duration drift = Duration.ofMillis(wall - lastWallMillis).minusNanos(mono - lastMonotonicNanos);
        lastWallMillis = wall;
        lastMonotonicNanos = mono;
        if (drift.abs().compareTo(settings.clockJumpTolerance()) <= 0) {
            clockProblem = null;
            return;
        }
        String jump = "the wall clock jumped " + (drift.isNegative() ? "back" : "forward") + " by " + Math.round(drift.abs().toMillis() / 1000.0) + "s";
        LOG.warn("{}; every check is planned again from the new time", jump);
        clockProblem = jump + " before " + Instant.ofEpochMilli(wall) + "; schedules planned again";
        if (!stopping) {
            scheduler.replan();
        }
        try {
            current.alerting.incidents().daemonProblem("clock", "CLOCK JUMP", "The host's wall clock " + jump.substring("the wall clock ".length()),
                    List.of(), "check the host's time synchronisation (NTP); driftwatch planned every check again from the new time", null);
            doorbell.ring();
        } catch (AuditException e) {
            storeFailed(e);
        }
    }

    /** The outbox worker of the current configuration, until stop; a reload hands over to the new one. */
    private void deliverAlerts() {
        while (!stopping) {
            RunningConfig config = leaseCurrent();
            if (config == null) {
                return;
            }
            try {
                config.alerting.worker().run(() -> !stopping && current == config, Duration.ofSeconds(5));
            } catch (AuditException e) {
                storeFailed(e);
                pause(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.error("alert delivery failed; trying again", e);
                pause(Duration.ofSeconds(5));
            } finally {
                config.release();
            }
        }
    }

    /**
     * Stops, all of it within {@code grace}: no new runs; the runs in progress get most of the grace and are
     * interrupted after it (an interrupted run still records its verdict); a send to Slack in progress is
     * aborted; then the outbox is flushed with what is left, starting no send that could outlast the grace
     * (a hanging Slack cannot keep the process past it: what is left stays queued for the next start); then
     * the store is closed. Safe to call more than once.
     */
    public void stop(Duration grace) {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            stopping = true;
        }
        long deadline = System.nanoTime() + grace.toNanos();
        LOG.info("stopping: waiting up to {}s for the checks in progress", grace.toSeconds());
        if (watcher != null) {
            watcher.stop();
        }
        RunningConfig config = current;
        config.flow.stopRetrying();
        // The checks may take the grace but what one send to Slack and the closing of the endpoints need.
        Duration flushReserve = min(config.alerting.slackTimeout().plusSeconds(1).plus(HTTP_CLOSE), grace.dividedBy(2));
        Duration afterInterrupt = min(Duration.ofSeconds(2), grace.dividedBy(10));
        Duration checksGrace = nonNegative(grace.minus(flushReserve).minus(afterInterrupt));
        long checksDeadline = System.nanoTime() + checksGrace.toNanos();
        boolean inTime = scheduler.shutdown(checksGrace, afterInterrupt);
        if (!runs.await(left(checksDeadline))) {
            inTime = false;
            runs.interruptAll();
            runs.await(afterInterrupt);
        }
        doorbell.close();
        config.alerting.worker().cancelInFlight();
        if (started) {
            try {
                outboxThread.join(Math.max(1, Math.min(Duration.ofSeconds(2).toMillis(), left(deadline).toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        doorbell.reopen(); // the flush below waits for retries with it
        int pending = 0;
        try {
            // The HTTP endpoints take up to a second to close after it: the flush leaves them that second.
            pending = config.alerting.worker().flush(nonNegative(left(deadline).minus(HTTP_CLOSE)));
        } catch (AuditException e) {
            LOG.error("the outbox could not be flushed: {}", e.getMessage());
        }
        config.alerting.worker().cancelInFlight();
        config.retire();
        retention.close(min(Duration.ofSeconds(5), left(deadline)));
        if (http != null) {
            http.close(); // last: /healthz and /readyz say "shutting down" until the very end
        }
        headLog.log("stop");
        audit.close();
        if (cluster != null) {
            cluster.close();
        }
        LOG.info("stopped{}; {} alert(s) left in the outbox for the next start", inTime ? "" : " (checks interrupted after the grace period)", pending);
    }

    private static Duration left(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    @Override
    public void close() {
        stop(settings.grace());
    }

    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The port the HTTP endpoints listen on (the one bound when the settings asked for 0); -1 before {@link #start()}. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    public DaemonSettings settings() {
        return settings;
    }

    @Override
    public boolean schedulerAlive() {
        return started && !stopping && scheduler.running();
    }

    @Override
    public List<String> notReadyReasons() {
        List<String> out = new ArrayList<>();
        if (!started) {
            out.add("starting");
        } else if (stopping) {
            out.add("shutting down");
        } else if (!scheduler.running()) {
            out.add("scheduler not running");
        }
        if (cluster != null && started && !stopping && !cluster.members().contains(cluster.instanceId())) {
            out.add("cluster: " + cluster.instanceId() + " has not checked in with the others (the database is slow or unreachable)");
        }
        StoreOutage outage = storeOutage.get();
        String storeProblem = outage == null || outage.writableSince != null ? null : "audit trail not writable: " + outage.error;
        for (String problem : new String[] {storeProblem, reloadProblem, clockProblem}) {
            if (problem != null) {
                out.add(problem);
            }
        }
        return out;
    }

    /** In a cluster: this replica, the members checked in, and the shared database; nothing for one daemon. */
    @Override
    public List<String> readyDetails() {
        if (cluster == null) {
            return List.of();
        }
        return List.of("cluster " + ClusterStore.INSTANCE_NAME + ": this is " + cluster.instanceId() + "; checked in: " + String.join(", ", cluster.members()),
                "audit trail and schedule: " + AuditTrails.where(current.config.file().audit(), env));
    }

    @Override
    public List<ScheduledCheck> scheduledChecks() {
        if (stopping) {
            return List.of();
        }
        List<ScheduledCheck> out = new ArrayList<>(scheduler.scheduled());
        out.addAll(current.suspendedChecks());
        out.sort((a, b) -> a.key().toString().compareTo(b.key().toString()));
        return out;
    }

    @Override
    public String configFile() {
        return settings.configFile().toString();
    }

    @Override
    public Instant configLoadedAt() {
        return current.loadedAt;
    }

    /** An outage of the audit trail: since when, its last error, the verdicts it cost, whether it was alerted, since when writes go through. */
    private static final class StoreOutage {
        final Instant since;
        final AtomicInteger unrecorded = new AtomicInteger();
        final AtomicBoolean alerted = new AtomicBoolean();
        volatile String error;
        volatile Instant writableSince;

        StoreOutage(Instant since) {
            this.since = since;
        }
    }

    /** A sleeper for the outbox worker that a new alert cuts short, so alerts go out at once rather than at the next poll. */
    static final class OutboxDoorbell implements Sleeper {
        private boolean rung;
        private boolean closed;

        @Override
        public synchronized void sleep(Duration d) throws InterruptedException {
            long until = System.nanoTime() + d.toNanos();
            while (!rung && !closed) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            rung = false;
        }

        synchronized void ring() {
            rung = true;
            notifyAll();
        }

        /** Ends every wait until {@link #reopen}: the worker's loop sees the stop at once. */
        synchronized void close() {
            closed = true;
            notifyAll();
        }

        synchronized void reopen() {
            closed = false;
            rung = false;
        }
    }
}
