package dev.driftwatch.audit;

import java.time.LocalDate;
import java.util.List;

/**
 * What one compaction folded (or, on a dry run, would fold): PASS verdicts of the UTC days before {@code before},
 * as the daily rows it wrote ({@code folded}); the PASS verdicts it kept as they are ({@code kept}: each one that
 * changed its check's state, and each check's newest); those it left alone because their journal record does not
 * match them ({@code unmatched}: the trail is broken there, {@code audit verify} says how) or is keyed while no key
 * was given ({@code unkeyed}); how many compaction records it chained, and whether it went through everything due
 * ({@code complete}) or was told to stop between two transactions.
 */
public record CompactionReport(LocalDate before, boolean dryRun, List<FoldedDay> folded, long kept, long unmatched, long unkeyed, int records,
                               boolean complete) {

    public CompactionReport {
        folded = List.copyOf(folded);
    }

    /** The PASS verdicts folded into the daily rows. */
    public long foldedVerdicts() {
        return folded.stream().mapToLong(FoldedDay::passes).sum();
    }
}
