package dev.driftwatch.daemon;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.PlanRunner;
import dev.driftwatch.check.Verdict;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled runs started and not yet recorded. The scheduler's thread only starts a run; the run waits on the
 * provider without a thread and is recorded on the runner's record lane. At most one run of a check is in flight: a
 * fire that finds one is skipped, the run in flight answers for it (as the runs of a check never overlapped). A stop
 * waits for them, then interrupts what is left.
 */
final class ScheduledRuns {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledRuns.class);
    private final Map<CheckKey, Run> runs = new ConcurrentHashMap<>();

    /** One run: taken before it starts (so a second fire sees it), its start and its recording. */
    private static final class Run {
        final CompletableFuture<Void> recorded = new CompletableFuture<>();
        private PlanRunner.Started started;
        private boolean interrupted;

        synchronized void started(PlanRunner.Started s) {
            started = s;
            if (interrupted) {
                s.interrupt();
            }
        }

        synchronized void interrupt() {
            interrupted = true;
            if (started != null) {
                started.interrupt();
            }
        }
    }

    /**
     * Starts a run of {@code key} unless one is in flight, and answers when its verdict is recorded (by
     * {@code record}, on {@code lane}); {@code after} runs last either way. Cancelling the answer interrupts the run
     * (its interrupted verdict is still recorded). Fires of different checks start side by side.
     */
    CompletableFuture<Void> start(CheckKey key, Supplier<PlanRunner.Started> starter, Consumer<Verdict> record, Executor lane, Runnable after) {
        Run run = new Run();
        Run inFlight = runs.putIfAbsent(key, run);
        if (inFlight != null) {
            after.run();
            LOG.debug("{} is still running; this fire is skipped", key);
            return handle(inFlight);
        }
        PlanRunner.Started started;
        try {
            started = starter.get();
        } catch (RuntimeException e) {
            runs.remove(key, run);
            after.run();
            run.recorded.complete(null);
            throw e;
        }
        run.started(started);
        started.verdict().thenAcceptAsync(record, lane).whenComplete((v, e) -> {
            if (e != null) {
                LOG.error("scheduled run of {} failed; its next run is on schedule", key, e);
            }
            runs.remove(key, run);
            after.run();
            run.recorded.complete(null);
        });
        return handle(run);
    }

    /** What a waiter holds: done when the run is recorded; cancelled, it interrupts the run. */
    private static CompletableFuture<Void> handle(Run run) {
        CompletableFuture<Void> handle = new CompletableFuture<>();
        run.recorded.whenComplete((v, e) -> handle.complete(null));
        handle.whenComplete((v, e) -> {
            if (e instanceof CancellationException) {
                run.interrupt();
            }
        });
        return handle;
    }

    /** Runs in flight now. */
    int size() {
        return runs.size();
    }

    /** Waits up to {@code within} for every run in flight to be recorded; answers whether they all were. */
    boolean await(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        for (Run run : runs.values()) {
            try {
                run.recorded.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                // recorded() never fails; the log said what did
            }
        }
        return runs.isEmpty();
    }

    /** Interrupts every run in flight: each ends with an UNVERIFIED "interrupted" verdict, still recorded. */
    void interruptAll() {
        runs.forEach((key, run) -> {
            LOG.warn("check {} still running after the grace period; interrupting it", key);
            run.interrupt();
        });
    }
}
