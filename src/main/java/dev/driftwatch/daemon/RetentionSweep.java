package dev.driftwatch.daemon;

import dev.driftwatch.audit.AuditException;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.CompactionReport;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's compaction of its audit trail: what retention.rawDays makes due, once a UTC day (again the same day
 * only when a reload changed rawDays, or when the last sweep stopped before the end). It runs on a thread of its own,
 * started by the daemon at start and by each housekeeping sweep, so neither a check thread nor the housekeeping
 * (reminders, the clock watch) waits for it; checks wait at most one of its transactions for the write lock. One sweep
 * compacts for at most {@link #PER_SWEEP}, so the first compaction of a trail with years in it is spread over a few
 * housekeeping periods instead of taking the write lock turn after turn for minutes.
 */
final class RetentionSweep implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweep.class);
    /** Compaction time per sweep; each of its transactions holds the write lock for a fraction of a second. */
    static final Duration PER_SWEEP = Duration.ofSeconds(20);
    private final AuditTrail trail;
    private final Clock clock;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "audit-retention");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closing;
    private Future<CompactionReport> latest = CompletableFuture.completedFuture(null);
    private LocalDate doneOn;
    private int doneWith;

    private final Supplier<BooleanSupplier> budget;

    RetentionSweep(AuditTrail trail, Clock clock) {
        this(trail, clock, () -> {
            long until = System.nanoTime() + PER_SWEEP.toNanos();
            return () -> System.nanoTime() - until < 0;
        });
    }

    /** With another time budget: {@code budget} gives each sweep its own, asked before each transaction. */
    RetentionSweep(AuditTrail trail, Clock clock, Supplier<BooleanSupplier> budget) {
        this.trail = trail;
        this.clock = clock;
        this.budget = budget;
    }

    /**
     * Starts a sweep on the retention thread when one is due and none is running, and returns it; null when none
     * is due, one is still running, or the daemon is stopping. Returns at once.
     */
    synchronized Future<CompactionReport> startIfDue(int rawDays) {
        if (closing || !latest.isDone() || !due(rawDays)) {
            return null;
        }
        latest = thread.submit(() -> {
            try {
                return runIfDue(rawDays);
            } catch (RuntimeException e) {
                // No one reads the future in the daemon: a bug here must reach the log, and the next sweep tries again.
                LOG.error("retention: the compaction failed; the next sweep tries again", e);
                throw e;
            }
        });
        return latest;
    }

    /** The sweep started last (done, running, or a done null when none was). */
    synchronized Future<CompactionReport> latest() {
        return latest;
    }

    private synchronized boolean due(int rawDays) {
        return !(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).equals(doneOn) && rawDays == doneWith);
    }

    private synchronized void done(LocalDate today, int rawDays) {
        doneOn = today;
        doneWith = rawDays;
    }

    /** Compacts what is due on the calling thread; null when it was done today with these {@code rawDays} or the store failed. */
    CompactionReport runIfDue(int rawDays) {
        if (!due(rawDays)) {
            return null;
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        BooleanSupplier left = budget.get();
        CompactionReport report;
        try {
            report = trail.retention().compact(clock.instant(), rawDays, false, () -> !closing && left.getAsBoolean());
        } catch (AuditException e) {
            // Not an outage: verdicts are still written (a full disk is reported by them), and the next sweep goes on.
            LOG.warn("retention: the compaction stopped ({}); it goes on at the next sweep", e.getMessage());
            return null;
        }
        if (report.complete()) {
            done(today, rawDays);
        }
        if (!report.folded().isEmpty()) {
            LOG.info("retention: {} PASS verdict(s) of {} check-day(s) before {} folded into daily rows ({} compaction record(s)){}; head {}",
                    report.foldedVerdicts(), report.folded().stream().map(d -> d.key() + " " + d.day()).distinct().count(), report.before(),
                    report.records(), report.complete() ? "" : ", more at the next sweep", trail.journal().head());
        }
        if (report.unmatched() > 0) {
            LOG.warn("retention: {} verdict(s) before {} were left as they are because their journal records do not match them:"
                    + " the audit trail is broken there — run 'driftwatch audit verify'", report.unmatched(), report.before());
        }
        if (report.unkeyed() > 0) {
            LOG.warn("retention: {} verdict(s) before {} were left as they are because their records are keyed and"
                    + " DRIFTWATCH_AUDIT_KEY is not set", report.unkeyed(), report.before());
        }
        return report;
    }

    /** Stops after the transaction in progress, waiting for it up to {@code wait}; the trail may be closed after. */
    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    void close(Duration wait) {
        closing = true;
        thread.shutdown();
        try {
            if (!thread.awaitTermination(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS)) {
                LOG.warn("retention: a compaction transaction was still running at stop; it is rolled back and done again at the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
