package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The incidents of every check and what the state machine counts for them. Every change happens in
 * {@link #transact}: one write transaction in which the state, the incidents and the outbox rows they cause commit
 * together, chained, or not at all.
 */
public interface IncidentStore {

    /**
     * Runs {@code work} on the alert state of {@code key} inside one write transaction. A second process
     * sharing the trail waits for it, then sees what it committed.
     */
    <T> T transact(CheckKey key, Function<Tx, T> work);

    /** Every check the state machine has seen. */
    List<CheckKey> keys();

    /** The incidents of one check, newest first. */
    List<Incident> incidentsOf(CheckKey key);

    /** The latest {@code limit} incidents of one check, newest first. */
    List<Incident> incidentsOf(CheckKey key, int limit);

    /** Every incident not resolved yet, of every check, oldest first. */
    List<Incident> open();

    /** The view of one check's alerting inside a {@link #transact} call; not to be kept after it. */
    interface Tx {
        /**
         * The counters of the check. The first time, they start from the verdicts already in the trail
         * (recorded before alerting existed, or by runs without alerting): first run and last hold.
         */
        AlertState state();

        void save(AlertState s, Instant now);

        /** The open incident of the check in {@code slot}, if any. */
        Optional<Incident> open(IncidentSlot slot);

        Incident openIncident(IncidentSlot slot, String trigger, Instant firstSeenAt, Instant openedAt);

        void reminded(Incident incident, Instant at);

        void resolve(Incident incident, Instant at);

        /** Records that {@code by} acknowledged the open incident ({@code note} may be null): its reminders stop. */
        Incident acknowledge(Incident incident, String by, String note, Instant at);

        /** The check's latest BROKEN or UNVERIFIED verdict: what an incident that resolves recovered from. */
        Optional<Verdict> lastFailingVerdict();

        /** Records a CHANGED finding's fingerprint; true when it was not announced before. */
        boolean announce(String fingerprint, String rule, Instant at);

        /** Puts an alert in the outbox, due at once; its id orders it after every earlier alert. */
        long enqueue(AlertDraft d);
    }
}
