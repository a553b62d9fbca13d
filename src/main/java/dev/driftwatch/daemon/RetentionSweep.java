package dev.driftwatch.daemon;

import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.CompactionReport;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compaction from the daemon's housekeeping: what retention.rawDays makes due, once a UTC day (again the same day
 * only when a reload changed rawDays). One sweep compacts for at most {@link #PER_SWEEP}, so the reminders swept
 * after it are not held up by the first compaction of a trail with years in it; the next sweep goes on where it
 * stopped until everything due is done.
 */
final class RetentionSweep {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweep.class);
    /** Compaction time per sweep; each of its transactions holds the write lock for a fraction of a second. */
    static final Duration PER_SWEEP = Duration.ofSeconds(20);
    private final AuditTrail trail;
    private final Clock clock;
    private LocalDate doneOn;
    private int doneWith;

    RetentionSweep(AuditTrail trail, Clock clock) {
        this.trail = trail;
        this.clock = clock;
    }

    /** Compacts what is due if it was not done today with these {@code rawDays}; null when it was. */
    synchronized CompactionReport runIfDue(int rawDays, BooleanSupplier stopping) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (today.equals(doneOn) && rawDays == doneWith) {
            return null;
        }
        long until = System.nanoTime() + PER_SWEEP.toNanos();
        CompactionReport report = trail.retention().compact(clock.instant(), rawDays, false,
                () -> !stopping.getAsBoolean() && System.nanoTime() - until < 0);
        if (report.complete()) {
            doneOn = today;
            doneWith = rawDays;
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
}
