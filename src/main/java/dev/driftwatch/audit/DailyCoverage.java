package dev.driftwatch.audit;

import java.time.LocalDate;

/**
 * One check's runs on one UTC day, from its verdicts as they are and the days compaction folded: how many ran, how
 * many held (PASS or CHANGED) and how many were SKIPPED (they say nothing about the contract, so uptime is
 * {@code held / (runs - skipped)}), and the durations of the runs that held (null when none did): folded days keep
 * only those of their PASS verdicts, so a latency chart reads the same before and after compaction.
 */
public record DailyCoverage(LocalDate day, long runs, long held, long skipped, Long heldDurationMinMs, Long heldDurationMaxMs,
                            long heldDurationSumMs) {

    /** Both counts of the same day together. */
    DailyCoverage plus(DailyCoverage o) {
        return new DailyCoverage(day, runs + o.runs, held + o.held, skipped + o.skipped, min(heldDurationMinMs, o.heldDurationMinMs),
                max(heldDurationMaxMs, o.heldDurationMaxMs), heldDurationSumMs + o.heldDurationSumMs);
    }

    private static Long min(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.min(a, b));
    }

    private static Long max(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.max(a, b));
    }
}
