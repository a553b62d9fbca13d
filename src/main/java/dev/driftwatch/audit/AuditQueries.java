package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import java.util.List;
import java.util.Optional;

/**
 * The questions people ask of the whole trail, across its stores, each answered through indexes: what a check's
 * history was (verdicts interleaved with its incidents, alerts and acceptances), which incidents there were, and
 * one record in full by its place in the journal.
 */
public interface AuditQueries {

    /** Every check with at least one verdict, ordered by contract, environment, check; one index seek per check. */
    List<CheckKey> recordedChecks();

    /**
     * The verdicts {@code q} selects, newest first, interleaved with the incident transitions, alerts and
     * acceptances of the same checks over the period those verdicts cover.
     */
    List<HistoryEntry> history(HistoryQuery q);

    /** The incidents of {@code checks} (empty: of every check), newest first; only those still open with {@code openOnly}. */
    List<IncidentEntry> incidents(List<CheckKey> checks, boolean openOnly);

    /** The record {@code seq} with what it chained; empty when there is no such record. */
    Optional<RecordView> show(long seq);

    /** The first and last sequence numbers in the journal, {0, 0} when it is empty: the IDs {@code show} takes. */
    long[] seqRange();
}
