package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What {@code audit history} asks: the verdicts of {@code checks} (each read through its own index range) whose
 * outcome is one of {@code outcomes} (empty: any) and which found {@code rule} (null: any), started within
 * [{@code since}, {@code until}] (null: open), the newest {@code limit} of them (0: all).
 */
public record HistoryQuery(List<CheckKey> checks, Set<Outcome> outcomes, String rule, Instant since, Instant until, int limit) {
    public HistoryQuery {
        checks = List.copyOf(checks);
        outcomes = Set.copyOf(outcomes);
    }
}
