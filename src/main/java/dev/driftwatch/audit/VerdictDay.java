package dev.driftwatch.audit;

import dev.driftwatch.check.Outcome;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One UTC day of one check's verdicts: how many runs ended in each outcome, and how long the runs took
 * ({@code minMs}, {@code avgMs}, {@code maxMs} over the runs whose duration is known; null when none is).
 */
public record VerdictDay(LocalDate day, Map<Outcome, Integer> runs, Long minMs, Long avgMs, Long maxMs) {

    public VerdictDay {
        EnumMap<Outcome, Integer> copy = new EnumMap<>(Outcome.class);
        copy.putAll(runs);
        runs = Collections.unmodifiableMap(copy);
    }

    /** Runs that ended in {@code outcome}. */
    public int runs(Outcome outcome) {
        return runs.getOrDefault(outcome, 0);
    }

    /** Every run of the day. */
    public int total() {
        return runs.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Runs in which the contract held: PASS or CHANGED. */
    public int held() {
        return runs(Outcome.PASS) + runs(Outcome.CHANGED);
    }

    /** Runs that said something about the contract: every run but the SKIPPED ones. */
    public int decided() {
        return total() - runs(Outcome.SKIPPED);
    }
}
