package dev.driftwatch.check;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs checks, each within its timeout, in lanes: a check that waits on the provider without a thread
 * ({@link AsyncCheck}) is bounded only by the HTTP client's in-flight limits, its answer judged on the CPU lane; a
 * check that blocks (a docs page, a spec) takes one of {@code parallelism} threads; a paid probe one of its own lane's,
 * so a slow one never delays the free checks. A check that throws or hangs becomes an UNVERIFIED verdict, never a
 * crash; every verdict is redacted before anyone else sees it.
 */
public final class PlanRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PlanRunner.class);
    /** Paid probes at once: each may take minutes, and they are few (a daily budget). */
    static final int PAID_LANE = 2;
    /** Verdicts being recorded at once: they wait on the trail's group commit, which takes them together. */
    static final int RECORD_LANE = 16;
    private final ExecutorService cpu = lane("check-cpu", Math.max(2, Runtime.getRuntime().availableProcessors()));
    private final ExecutorService blocking;
    private final ExecutorService paid = lane("check-paid", PAID_LANE);
    private final ExecutorService record = lane("check-record", RECORD_LANE);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "check-timeout"));
    private final Redactor redactor;
    private final Clock clock;

    /** @param parallelism checks that block (docs pages, specs) at once */
    public PlanRunner(int parallelism, Redactor redactor, Clock clock) {
        this.blocking = lane("check", Math.max(1, parallelism));
        this.redactor = redactor;
        this.clock = clock;
    }

    private static ExecutorService lane(String name, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> daemon(r, name));
        pool.allowCoreThreadTimeOut(true); // an idle daemon keeps no lane threads
        return pool;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Where the verdicts' recording runs: a few threads that wait on the trail's commits together. */
    public Executor recordLane() {
        return record;
    }

    /** A run started: its (redacted) verdict to come, and a way to cut it short. */
    public static final class Started {
        private final CompletableFuture<Verdict> verdict;
        private final Runnable interrupt;

        private Started(CompletableFuture<Verdict> verdict, Runnable interrupt) {
            this.verdict = verdict;
            this.interrupt = interrupt;
        }

        /** Completes with the verdict: the check's, or UNVERIFIED when it timed out, failed or was interrupted. */
        public CompletableFuture<Verdict> verdict() {
            return verdict;
        }

        /** Ends the run now with an UNVERIFIED "interrupted" verdict; its request is cancelled, its thread interrupted. */
        public void interrupt() {
            interrupt.run();
        }
    }

    /** Starts one run in its lane; returns at once. */
    public Started start(Check check) {
        CheckRun fallback = new CheckRun(check.key(), clock);
        CompletableFuture<Verdict> result = new CompletableFuture<>();
        Runnable cancel;
        if (check instanceof AsyncCheck async && !check.paid()) {
            CompletableFuture<Verdict> body;
            try {
                body = async.start(cpu);
            } catch (RuntimeException e) {
                body = CompletableFuture.failedFuture(e);
            }
            CompletableFuture<Verdict> running = body;
            running.whenComplete((v, e) -> settle(result, check, fallback, v, e));
            cancel = () -> running.cancel(true);
            timeout(result, check, fallback, cancel);
        } else {
            FutureTask<Verdict> task = new FutureTask<>(check::run) {
                @Override
                public void run() {
                    if (!result.isDone()) {
                        timeout(result, check, fallback, () -> cancel(true)); // from its start, not its wait for a thread
                    }
                    super.run();
                }

                @Override
                protected void done() {
                    if (isCancelled()) {
                        return; // cut short: the verdict was given already
                    }
                    try {
                        settle(result, check, fallback, get(), null);
                    } catch (ExecutionException e) {
                        settle(result, check, fallback, null, e.getCause());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            (check.paid() ? paid : blocking).execute(task);
            cancel = () -> task.cancel(true);
        }
        Runnable interrupt = () -> {
            if (result.complete(fallback.unverified(Finding.warning("interrupted", null, null, "the run was interrupted")))) {
                cancel.run();
            }
        };
        return new Started(result.thenApply(v -> v.redacted(redactor)), interrupt);
    }

    private void timeout(CompletableFuture<Verdict> result, Check check, CheckRun fallback, Runnable cancel) {
        Duration within = check.timeout();
        ScheduledFuture<?> timer = this.timer.schedule(() -> {
            if (result.complete(fallback.unverified(Finding.warning("check-timeout", null,
                    "an answer within " + within.toSeconds() + "s", "no verdict in time")))) {
                cancel.run();
            }
        }, within.toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((v, e) -> timer.cancel(false));
    }

    private static void settle(CompletableFuture<Verdict> result, Check check, CheckRun fallback, Verdict v, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause == null) {
            result.complete(v);
        } else if (!(cause instanceof CancellationException)) {
            LOG.error("check {} failed unexpectedly", check.key(), cause);
            result.complete(fallback.unverified(Finding.warning("internal-error", null, null,
                    cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()))));
        }
    }

    /**
     * Runs every check; {@code onVerdict} sees each verdict as soon as it is known (on the record lane). Checks that
     * read other checks' verdicts run once the others are done. Results keep plan order.
     */
    public List<Verdict> runAll(List<Check> checks, Consumer<Verdict> onVerdict) {
        Map<Check, Verdict> done = new IdentityHashMap<>();
        runWave(checks.stream().filter(c -> !c.readsOtherVerdicts()).toList(), onVerdict, done);
        runWave(checks.stream().filter(Check::readsOtherVerdicts).toList(), onVerdict, done);
        return checks.stream().map(done::get).toList();
    }

    private void runWave(List<Check> checks, Consumer<Verdict> onVerdict, Map<Check, Verdict> done) {
        List<Started> runs = new ArrayList<>();
        List<CompletableFuture<Verdict>> recorded = new ArrayList<>();
        for (Check check : checks) {
            Started s = start(check);
            runs.add(s);
            recorded.add(s.verdict().thenApplyAsync(v -> {
                onVerdict.accept(v);
                return v;
            }, record));
        }
        for (int i = 0; i < checks.size(); i++) {
            try {
                done.put(checks.get(i), recorded.get(i).get());
            } catch (InterruptedException e) {
                runs.forEach(Started::interrupt);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checks were running", e);
            } catch (ExecutionException e) {
                // onVerdict failed (e.g. the audit store): that must not pass unnoticed.
                throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
            }
        }
    }

    /** Runs one check and waits for its verdict; interrupting the waiting thread interrupts the run. */
    public Verdict runOne(Check check) {
        Started s = start(check);
        try {
            return s.verdict().get();
        } catch (InterruptedException e) {
            s.interrupt();
            Thread.currentThread().interrupt();
            return s.verdict().join();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        cpu.shutdownNow();
        blocking.shutdownNow();
        paid.shutdownNow();
        record.shutdownNow();
        timer.shutdownNow();
    }
}
