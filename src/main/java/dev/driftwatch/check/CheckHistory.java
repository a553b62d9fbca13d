package dev.driftwatch.check;

import java.time.Instant;
import java.util.Optional;

/** What checks may ask of the past. Implemented by the audit trail; checks know no SQL. */
public interface CheckHistory {

    /** Evidence of the most recent verdict of {@code key} that recorded the detail {@code name}. */
    Optional<Evidence> lastEvidenceWith(CheckKey key, String name);

    /**
     * Takes one paid call from the contract's budget for the UTC day of {@code now}, or answers false
     * when the budget is spent. Atomic, and durable before the call is made, so neither a race
     * between environments nor a restart can spend twice.
     */
    boolean reservePaidCall(CheckKey key, int dailyBudget, Instant now);

    /** A history that remembers nothing, for one-off runs without an audit trail. */
    static CheckHistory empty() {
        return new CheckHistory() {
            @Override
            public Optional<Evidence> lastEvidenceWith(CheckKey key, String name) {
                return Optional.empty();
            }

            @Override
            public boolean reservePaidCall(CheckKey key, int dailyBudget, Instant now) {
                return dailyBudget > 0;
            }
        };
    }
}
