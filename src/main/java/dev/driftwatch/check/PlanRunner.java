package dev.driftwatch.check;

import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs checks concurrently, each within its timeout. A check that throws or hangs becomes an
 * UNVERIFIED verdict, never a crash; every verdict is redacted before anyone else sees it.
 */
public final class PlanRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PlanRunner.class);
    private final ExecutorService pool;
    // Check bodies run here so a hung one can be abandoned without blocking the pool that waits on it.
    private final ExecutorService bodies = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "check-body");
        t.setDaemon(true);
        return t;
    });
    private final Redactor redactor;
    private final Clock clock;

    public PlanRunner(int parallelism, Redactor redactor, Clock clock) {
        this.pool = Executors.newFixedThreadPool(Math.max(1, parallelism), r -> {
            Thread t = new Thread(r, "check");
            t.setDaemon(true);
            return t;
        });
        this.redactor = redactor;
        this.clock = clock;
    }

    /**
     * Runs every check; {@code onVerdict} sees each verdict as soon as it is known. Checks that read
     * other checks' verdicts run once the others are done. Results keep plan order.
     */
    public List<Verdict> runAll(List<Check> checks, Consumer<Verdict> onVerdict) {
        Map<Check, Verdict> done = new IdentityHashMap<>();
        runWave(checks.stream().filter(c -> !c.readsOtherVerdicts()).toList(), onVerdict, done);
        runWave(checks.stream().filter(Check::readsOtherVerdicts).toList(), onVerdict, done);
        return checks.stream().map(done::get).toList();
    }

    private void runWave(List<Check> checks, Consumer<Verdict> onVerdict, Map<Check, Verdict> done) {
        List<Future<Verdict>> futures = new ArrayList<>();
        for (Check check : checks) {
            futures.add(pool.submit(() -> {
                Verdict v = runOne(check);
                onVerdict.accept(v);
                return v;
            }));
        }
        for (int i = 0; i < checks.size(); i++) {
            try {
                done.put(checks.get(i), futures.get(i).get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checks were running", e);
            } catch (ExecutionException e) {
                // onVerdict failed (e.g. the audit store): that must not pass unnoticed.
                throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
            }
        }
    }

    /** Runs one check in this runner's pool, bounded by its timeout. */
    public Verdict runOne(Check check) {
        CheckRun fallback = new CheckRun(check.key(), clock);
        Future<Verdict> future = bodies.submit(check::run);
        Verdict verdict;
        try {
            verdict = future.get(check.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            verdict = fallback.unverified(Finding.warning("check-timeout", null,
                    "an answer within " + check.timeout().toSeconds() + "s", "no verdict in time"));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            verdict = fallback.unverified(Finding.warning("interrupted", null, null, "the run was interrupted"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            LOG.error("check {} failed unexpectedly", check.key(), cause);
            verdict = fallback.unverified(Finding.warning("internal-error", null, null,
                    cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage())));
        }
        return verdict.redacted(redactor);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        bodies.shutdownNow();
    }
}
