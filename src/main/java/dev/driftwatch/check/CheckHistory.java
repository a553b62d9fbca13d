package dev.driftwatch.check;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** What checks may ask of the past. Implemented by the audit trail; checks know no SQL. */
public interface CheckHistory {

    /** What {@code key} already knows; {@link KnownState#EMPTY} before its first run. One indexed read, however long the history. */
    KnownState knownState(CheckKey key);

    /**
     * The fact {@code subject} as every check of {@code contract} knows it: how one kind reads what another
     * published ({@link ContractFacts}), without knowing the other's name.
     */
    Map<CheckKey, KnownFact> knownAcross(String contract, String subject);

    /**
     * Takes one paid call from the contract's budget for the UTC day of {@code now}, or answers false
     * when the budget is spent. Atomic, and durable before the call is made, so neither a race
     * between environments nor a restart can spend twice.
     */
    boolean reservePaidCall(CheckKey key, int dailyBudget, Instant now);

    /** The most recent verdict of {@code key}, if it ever ran. */
    Optional<Verdict> lastVerdict(CheckKey key);

    /** The most recent snapshot of a docs page, the one a new reading is compared with. */
    Optional<Snapshot> lastSnapshot(CheckKey key);

    /** Appends a snapshot; never replaces one. */
    void saveSnapshot(CheckKey key, Snapshot snapshot);
}
