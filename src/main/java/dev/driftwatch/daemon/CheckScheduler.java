package dev.driftwatch.daemon;

import dev.driftwatch.check.CheckKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz, embedded (RAMJobStore): one job per check with the cron trigger of its schedule, one
 * housekeeping job. A check's runs never overlap; a schedule missed while the process was paused or
 * asleep runs once when it wakes, not once per missed time; a job that throws is logged and the
 * scheduler carries on.
 *
 * <p>Jitter: a schedule whose seconds field is a plain number (every schedule that fires at most once a
 * minute) has a fixed offset of 0 to {@code jitterSeconds} seconds added to it, derived from the check's
 * name. Fixed rather than random so the next run the status page shows is the real one and a restart does
 * not move a check; added to the cron expression rather than slept before the run so no scheduler thread
 * is held waiting. Schedules that fire every few seconds run as written.
 *
 * <p>Catch-up: RAMJobStore forgets everything at a restart, so a check whose time came while driftwatch
 * was down (or that never ran) would wait for its next time: a day for the paid probe. {@link #sync} is
 * told when each check last ran and gives an overdue one a single extra run now (at its jitter offset),
 * unless its regular run is less than a minute away anyway.
 */
public final class CheckScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(CheckScheduler.class);
    static final String CHECKS = "checks";
    static final String HOUSEKEEPING = "housekeeping";
    static final String CATCH_UP = "catch-up";
    /** An overdue check whose regular run comes sooner than this needs no extra run. */
    private static final Duration CATCH_UP_MIN_GAIN = Duration.ofMinutes(1);
    private static final String SCHEDULE = "schedule";
    private static final Pattern PLAIN_SECONDS = Pattern.compile("\\d{1,2}");
    private final Scheduler scheduler;
    private final int jitterSeconds;
    private final boolean clustered;

    /** Told how late each check run started (fire time minus scheduled time), for the scheduling-delay metric. */
    private volatile java.util.function.Consumer<Duration> lateness = late -> { };

    /** Calls {@code listener} with how late each check run started. */
    public void onLateness(java.util.function.Consumer<Duration> listener) {
        this.lateness = listener;
    }

    /** What a fired check job does. */
    @FunctionalInterface
    public interface Work {
        /** Runs one check, waited for. */
        void run(CheckKey key);

        /**
         * Starts one run and answers when it is over; cancelling the answer interrupts it. By default the run is
         * done here, on the scheduler's thread.
         */
        default CompletableFuture<Void> start(CheckKey key) {
            run(key);
            return CompletableFuture.completedFuture(null);
        }
    }

    /**
     * @param threads how many checks may run at once
     * @param misfireThreshold how late a trigger may fire before it counts as missed (and runs once, now)
     */
    public CheckScheduler(int threads, Duration misfireThreshold, int jitterSeconds, Work checks, Runnable housekeeping) {
        this(threads, misfireThreshold, jitterSeconds, checks, housekeeping, null);
    }

    /** @param cluster the shared job store of several replicas; null for the embedded, in-memory one */
    public CheckScheduler(int threads, Duration misfireThreshold, int jitterSeconds, Work checks, Runnable housekeeping, ClusterStore cluster) {
        this.jitterSeconds = jitterSeconds;
        this.clustered = cluster != null;
        try {
            Properties properties = properties(threads, misfireThreshold);
            if (cluster != null) {
                properties.putAll(cluster.properties());
            }
            scheduler = new StdSchedulerFactory(properties).getScheduler();
            // Quartz keeps schedulers by name, JVM-wide; every replica of a cluster has the same name, so forget it
            // here (a test runs several in one JVM; the daemon holds its own reference).
            org.quartz.impl.SchedulerRepository.getInstance().remove(scheduler.getSchedulerName());
            scheduler.setJobFactory(new Jobs(checks, housekeeping, late -> lateness.accept(late), clustered));
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot create the scheduler: " + e.getMessage(), e);
        }
    }

    /** Quartz set up in code: RAM job store, a small pool, no update check, a name of its own per instance. */
    static Properties properties(int threads, Duration misfireThreshold) {
        Properties p = new Properties();
        // Schedulers are registered by name in one JVM-wide repository: two daemons (tests) need two names.
        p.setProperty("org.quartz.scheduler.instanceName", "driftwatch-" + UUID.randomUUID().toString().substring(0, 8));
        p.setProperty("org.quartz.scheduler.instanceId", "NON_CLUSTERED");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(Math.max(1, threads)));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "scheduled-check");
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        p.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(misfireThreshold.toMillis()));
        return p;
    }

    /** The trigger of one check: its cron schedule; when missed, run once now and carry on with the schedule. */
    static Trigger triggerFor(CheckKey key, String cron) {
        return TriggerBuilder.newTrigger().withIdentity(key.toString(), CHECKS)
                .withSchedule(CronScheduleBuilder.cronSchedule(cron).withMisfireHandlingInstructionFireAndProceed())
                .build();
    }

    /** The schedule with a fixed per-check offset of 0 to {@code maxSeconds} seconds, when its seconds field is a plain number. */
    static String jittered(String cron, CheckKey key, int maxSeconds) {
        String[] fields = cron.strip().split("\\s+");
        if (maxSeconds <= 0 || !PLAIN_SECONDS.matcher(fields[0]).matches()) {
            return cron;
        }
        fields[0] = String.valueOf((Integer.parseInt(fields[0]) + offsetSeconds(key, maxSeconds)) % 60);
        return String.join(" ", fields);
    }

    /** The check's fixed offset, 0 to {@code maxSeconds}: derived from its name, so a restart keeps it. */
    private static int offsetSeconds(CheckKey key, int maxSeconds) {
        return maxSeconds <= 0 ? 0 : Math.floorMod(key.toString().hashCode(), maxSeconds + 1);
    }

    public void start() {
        try {
            scheduler.start();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the scheduler: " + e.getMessage(), e);
        }
    }

    /** Runs the housekeeping job every {@code every}, first after one period. */
    public void housekeepingEvery(Duration every) {
        JobDetail job = JobBuilder.newJob(HousekeepingJob.class).withIdentity(HOUSEKEEPING, HOUSEKEEPING).build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(HOUSEKEEPING, HOUSEKEEPING)
                .startAt(Date.from(Instant.now().plus(every)))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(every.toMillis()).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        quartz(() -> scheduler.scheduleJob(job, Set.of(trigger), true));
    }

    /** What changed when the scheduled checks were made to match a configuration, and how many overdue checks run now. */
    public record Changes(int added, int removed, int rescheduled, int caughtUp) {
        @Override
        public String toString() {
            return "+" + added + " −" + removed + " ~" + rescheduled + ", " + caughtUp + " overdue run now";
        }
    }

    /**
     * Makes the scheduled checks those of {@code wanted} (check → cron schedule): removes the jobs of checks
     * gone, adds the new ones, replaces the triggers whose schedule changed. A run in progress finishes.
     * A new or rescheduled check that is overdue by {@code lastRuns} (when each check last ran; absent:
     * never) runs once now; with {@code lastRuns} null (not known) none does.
     */
    public synchronized Changes sync(Map<CheckKey, String> wanted, Map<CheckKey, Instant> lastRuns) {
        int added = 0;
        int removed = 0;
        int rescheduled = 0;
        int caughtUp = 0;
        for (JobKey job : jobKeys()) {
            if (wanted.keySet().stream().noneMatch(k -> k.toString().equals(job.getName()))) {
                quartz(() -> scheduler.deleteJob(job));
                removed++;
            }
        }
        Instant now = Instant.now();
        for (Map.Entry<CheckKey, String> e : wanted.entrySet()) {
            CheckKey key = e.getKey();
            String cron = e.getValue();
            JobKey jobKey = JobKey.jobKey(key.toString(), CHECKS);
            JobDetail existing = quartz(() -> scheduler.getJobDetail(jobKey));
            boolean isNew = existing == null;
            if (!isNew && cron.equals(existing.getJobDataMap().getString(SCHEDULE))) {
                continue;
            }
            String effective = jittered(cron, key, jitterSeconds);
            Set<Trigger> triggers = new HashSet<>();
            triggers.add(triggerFor(key, effective));
            if (lastRuns != null && overdue(effective, lastRuns.get(key), now)) {
                triggers.add(catchUpFor(key, now.plusSeconds(offsetSeconds(key, jitterSeconds))));
                caughtUp++;
            }
            quartz(() -> scheduler.scheduleJob(jobFor(key, cron, clustered), triggers, true));
            if (isNew) {
                added++;
            } else {
                rescheduled++;
            }
        }
        return new Changes(added, removed, rescheduled, caughtUp);
    }

    /** True when a run of {@code cron} fell between {@code lastRun} (null: never ran) and now, and the next one is not imminent. */
    static boolean overdue(String cron, Instant lastRun, Instant now) {
        CronExpression expression;
        try {
            expression = new CronExpression(cron);
        } catch (ParseException e) {
            return false; // validated at load time; a schedule Quartz cannot read has no time to be late for
        }
        Date next = expression.getNextValidTimeAfter(Date.from(now));
        if (next != null && Duration.between(now, next.toInstant()).compareTo(CATCH_UP_MIN_GAIN) < 0) {
            return false;
        }
        if (lastRun == null) {
            return true;
        }
        Date due = expression.getNextValidTimeAfter(Date.from(lastRun));
        return due != null && !due.toInstant().isAfter(now);
    }

    /** A single run of a check's job at {@code at}; a late start still runs it, once. */
    private static Trigger catchUpFor(CheckKey key, Instant at) {
        return TriggerBuilder.newTrigger().withIdentity(key.toString(), CATCH_UP).forJob(key.toString(), CHECKS)
                .startAt(Date.from(at))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
    }

    /** Plans every check's next run afresh from now: after the wall clock jumped, the old plan is wrong. */
    public synchronized void replan() {
        for (JobKey job : jobKeys()) {
            JobDetail detail = quartz(() -> scheduler.getJobDetail(job));
            if (detail != null) {
                CheckKey key = keyOf(detail.getJobDataMap());
                String cron = detail.getJobDataMap().getString(SCHEDULE);
                quartz(() -> scheduler.rescheduleJob(TriggerKey.triggerKey(job.getName(), CHECKS), triggerFor(key, jittered(cron, key, jitterSeconds))));
            }
        }
    }

    /** The scheduled checks with their schedules (as checks.yaml states them) and next runs (a catch-up run included), ordered by name. */
    public List<ScheduledCheck> scheduled() {
        List<ScheduledCheck> out = new ArrayList<>();
        boolean running = running();
        for (JobKey job : jobKeys()) {
            JobDetail detail = quartz(() -> scheduler.getJobDetail(job));
            if (detail != null) {
                Date next = null;
                if (running) {
                    for (Trigger t : quartz(() -> scheduler.getTriggersOfJob(job))) {
                        Date at = t.getNextFireTime();
                        if (at != null && (next == null || at.before(next))) {
                            next = at;
                        }
                    }
                }
                out.add(new ScheduledCheck(keyOf(detail.getJobDataMap()), detail.getJobDataMap().getString(SCHEDULE),
                        next == null ? null : next.toInstant()));
            }
        }
        out.sort((a, b) -> a.key().toString().compareTo(b.key().toString()));
        return out;
    }

    /** The effective cron expression of a check (its schedule with the jitter), for tests and logs. */
    String effectiveSchedule(CheckKey key) {
        Trigger t = quartz(() -> scheduler.getTrigger(TriggerKey.triggerKey(key.toString(), CHECKS)));
        return t instanceof CronTrigger c ? c.getCronExpression() : null;
    }

    /** Stops firing without forgetting anything, as a paused or sleeping process does; {@link #start} resumes. */
    void pause() {
        quartz(scheduler::standby);
    }

    /** True while the scheduler fires triggers. */
    public boolean running() {
        try {
            return scheduler.isStarted() && !scheduler.isInStandbyMode() && !scheduler.isShutdown();
        } catch (SchedulerException e) {
            return false;
        }
    }

    /**
     * Stops firing, waits up to {@code grace} for the checks in progress, then interrupts what is left and
     * gives it {@code afterInterrupt} to record its (interrupted) verdict. Answers whether all finished in the grace.
     */
    public boolean shutdown(Duration grace, Duration afterInterrupt) {
        try {
            scheduler.standby();
        } catch (SchedulerException e) {
            LOG.warn("scheduler standby failed: {}", e.getMessage());
        }
        Thread waiter = new Thread(() -> {
            try {
                scheduler.shutdown(true);
            } catch (SchedulerException e) {
                LOG.warn("scheduler shutdown failed: {}", e.getMessage());
            }
        }, "scheduler-shutdown");
        waiter.setDaemon(true);
        waiter.start();
        boolean inTime = join(waiter, grace);
        if (!inTime) {
            List<JobExecutionContext> left = new ArrayList<>();
            try {
                left.addAll(scheduler.getCurrentlyExecutingJobs());
            } catch (SchedulerException e) {
                LOG.warn("cannot list the checks in progress: {}", e.getMessage());
            }
            for (JobExecutionContext c : left) {
                LOG.warn("check {} still running after the {}s grace period; interrupting it", c.getJobDetail().getKey().getName(), grace.toSeconds());
                if (c.getJobInstance() instanceof InterruptableJob j) {
                    try {
                        j.interrupt();
                    } catch (org.quartz.UnableToInterruptJobException e) {
                        LOG.warn("cannot interrupt {}: {}", c.getJobDetail().getKey().getName(), e.getMessage());
                    }
                }
            }
            join(waiter, afterInterrupt);
        }
        return inTime;
    }

    private static boolean join(Thread t, Duration within) {
        try {
            t.join(Math.max(1, within.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }

    private Set<JobKey> jobKeys() {
        return quartz(() -> scheduler.getJobKeys(GroupMatcher.jobGroupEquals(CHECKS)));
    }

    /** @param recoverable a run cut off by its replica's death is run again by another replica (clustered only) */
    private static JobDetail jobFor(CheckKey key, String cron, boolean recoverable) {
        JobDataMap data = new JobDataMap();
        data.put("contract", key.contract());
        data.put("environment", key.environment());
        data.put("check", key.check());
        data.put(SCHEDULE, cron);
        return JobBuilder.newJob(CheckJob.class).withIdentity(key.toString(), CHECKS).usingJobData(data).requestRecovery(recoverable).build();
    }

    private static CheckKey keyOf(JobDataMap data) {
        return new CheckKey(data.getString("contract"), data.getString("environment"), data.getString("check"));
    }

    @FunctionalInterface
    private interface QuartzCall<T> {
        T call() throws SchedulerException;
    }

    @FunctionalInterface
    private interface QuartzAction {
        void run() throws SchedulerException;
    }

    private static <T> T quartz(QuartzCall<T> call) {
        try {
            return call.call();
        } catch (SchedulerException e) {
            throw new IllegalStateException("scheduler: " + e.getMessage(), e);
        }
    }

    private static void quartz(QuartzAction action) {
        quartz(() -> {
            action.run();
            return null;
        });
    }

    /** Hands each job the running daemon's work: no statics, no reflection-built dependencies. */
    private static final class Jobs implements JobFactory {
        private final Work checks;
        private final Runnable housekeeping;
        private final java.util.function.Consumer<Duration> lateness;
        private final boolean waitForRuns;

        Jobs(Work checks, Runnable housekeeping, java.util.function.Consumer<Duration> lateness, boolean waitForRuns) {
            this.checks = checks;
            this.housekeeping = housekeeping;
            this.lateness = lateness;
            this.waitForRuns = waitForRuns;
        }

        @Override
        public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) {
            Class<? extends Job> type = bundle.getJobDetail().getJobClass();
            return type == HousekeepingJob.class ? new HousekeepingJob(housekeeping) : new CheckJob(checks, lateness, waitForRuns);
        }
    }

    /**
     * One fire of one check: starts its run and returns, so the scheduler's threads never wait on a provider; never
     * two runs of the same check at once (the work skips a fire while one is in flight). Clustered, it waits for the
     * run instead: Quartz then knows the run is in progress and a replica that dies mid-run has it redone by another
     * (requestRecovery). Interruptible at shutdown.
     */
    @DisallowConcurrentExecution
    static final class CheckJob implements InterruptableJob {
        private final Work work;
        private final java.util.function.Consumer<Duration> lateness;
        private final boolean waitForRun;
        private volatile CompletableFuture<Void> run;

        CheckJob(Work work, java.util.function.Consumer<Duration> lateness, boolean waitForRun) {
            this.work = work;
            this.lateness = lateness;
            this.waitForRun = waitForRun;
        }

        @Override
        public void execute(JobExecutionContext context) {
            CheckKey key = keyOf(context.getJobDetail().getJobDataMap());
            if (context.getScheduledFireTime() != null && context.getFireTime() != null) {
                lateness.accept(Duration.ofMillis(context.getFireTime().getTime() - context.getScheduledFireTime().getTime()));
            }
            try {
                run = work.start(key);
                if (waitForRun) {
                    run.get();
                }
            } catch (InterruptedException e) {
                run.cancel(true);
            } catch (java.util.concurrent.ExecutionException | RuntimeException | LinkageError | AssertionError e) {
                // The scheduler must outlive any one check; the next trigger runs it again.
                LOG.error("scheduled run of {} failed; its next run is on schedule", key, e);
            } finally {
                Thread.interrupted(); // an interrupt meant for this run must not leak into the pool thread's next job
            }
        }

        @Override
        public void interrupt() {
            CompletableFuture<Void> r = run;
            if (r != null) {
                r.cancel(true);
            }
        }
    }

    /** The periodic sweep of the daemon (reminders, stale checks, the clock watch). */
    @DisallowConcurrentExecution
    static final class HousekeepingJob implements Job {
        private final Runnable work;

        HousekeepingJob(Runnable work) {
            this.work = work;
        }

        @Override
        public void execute(JobExecutionContext context) {
            try {
                work.run();
            } catch (RuntimeException | LinkageError | AssertionError e) {
                LOG.error("housekeeping failed; it runs again at its next time", e);
            }
        }
    }
}
