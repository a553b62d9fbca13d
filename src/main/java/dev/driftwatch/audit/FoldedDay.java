package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import java.time.Instant;
import java.time.LocalDate;

/**
 * PASS verdicts of one check on one UTC day, folded into one row by compaction: how many, when the first and the
 * last of them started, and their durations (shortest, longest, total).
 */
public record FoldedDay(CheckKey key, LocalDate day, long passes, Instant firstAt, Instant lastAt, long durationMinMs, long durationMaxMs,
                         long durationSumMs) {
}
