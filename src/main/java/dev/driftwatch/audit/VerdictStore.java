package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every verdict, append-only: written once in the transaction that records it, chained, never updated. */
public interface VerdictStore {

    /** Appends the verdict in {@code tx}, chained with a seal of its check's state; answers its row id. */
    long append(Transaction tx, Verdict v, Instant recordedAt);

    /** The most recent verdict of {@code key}. */
    Optional<Verdict> last(CheckKey key);

    /** The latest {@code limit} verdicts of one check, newest first. */
    List<Verdict> latest(CheckKey key, int limit);

    /**
     * One check's verdicts per UTC day from {@code from} to {@code to} (both included), oldest first; a day without
     * runs is left out. Aggregated by the store, so a page over months reads no verdict itself.
     */
    List<VerdictDay> days(CheckKey key, LocalDate from, LocalDate to);

    /** When the check last held (its newest PASS or CHANGED verdict); empty if it never did. */
    Optional<Instant> lastHeld(CheckKey key);

    /**
     * One row per check ever recorded, ordered by contract, environment, check: when it last held (PASS or CHANGED;
     * compaction keeps each check's newest PASS, so a folded one is never the last), and its latest verdict.
     */
    List<LastVerified> lastVerified();

    /**
     * The latest verdict of each check that was not SKIPPED (a SKIPPED run says nothing about the contract), by check;
     * a check only ever SKIPPED is not in it. Read once at start, for the current-state gauges.
     */
    Map<CheckKey, Outcome> latestDecided();

    /** The check's latest BROKEN or UNVERIFIED verdict, read inside {@code tx}: what an incident that resolves recovered from. */
    Optional<Verdict> lastFailing(Transaction tx, CheckKey key);

    /** When the check's first verdict was recorded and when it last held (folded days included), read inside {@code tx}. */
    Span span(Transaction tx, CheckKey key);

    /**
     * Per UTC day from {@code from} to the day before {@code until}, the check's runs, those that held and those
     * SKIPPED, and the durations of those that held: from its verdicts and the days compaction folded, so the answer
     * is the same before and after. Only days with a run are listed, in order.
     */
    List<DailyCoverage> dailyCoverage(CheckKey key, java.time.LocalDate from, java.time.LocalDate until);

    /** A trivial read: throws an {@link AuditException} when the store cannot answer (readiness). */
    void ping();

    /** A check's first verdict and its last that held; null when there is none. */
    record Span(Instant firstAt, Instant lastHeldAt) {
    }
}
