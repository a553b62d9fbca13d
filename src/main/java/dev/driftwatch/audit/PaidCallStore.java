package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import java.time.Instant;
import java.time.LocalDate;

/** The ledger of paid calls: one chained row per call taken from a contract's daily budget, written before the call. */
public interface PaidCallStore {

    /**
     * Takes one paid call from the contract's budget for the UTC day of {@code now}, or answers false when it is spent.
     * The count and the reservation share one write transaction, so two environments or two processes cannot both
     * take the last unit.
     */
    boolean reserve(CheckKey key, int dailyBudget, Instant now);

    /** Paid calls reserved for {@code contract} on the UTC day {@code day}: what its daily budget has spent. */
    int countOn(String contract, LocalDate day);
}
