package dev.driftwatch.audit;

import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Keeps the verdict history small without losing a date: the PASS verdicts of old days are folded into one row per
 * check and day ({@link FoldedDay}), every other verdict is kept as it is, and each fold is itself a chained record
 * naming what it folded, so the chain still verifies.
 */
public interface Retention {

    /**
     * Folds the PASS verdicts that started on a UTC day before {@code now}'s day minus {@code rawDays}, except the PASS
     * verdicts that changed their check's state (the first after another verdict, or a check's first) and each check's
     * newest PASS. Runs in write transactions of at most a few thousand verdicts each, each chaining one compaction
     * record, so writers wait at most one of them; asks {@code goOn} before each and stops when it says no.
     *
     * @param dryRun write nothing: answer what would be folded
     */
    CompactionReport compact(Instant now, int rawDays, boolean dryRun, BooleanSupplier goOn);
}
