package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alerts waiting for Slack, and those delivered. A worker claims rows with a lease, in one transaction, so two
 * workers (two threads, two processes on one trail) never hold the same row; a row becomes due only when every
 * earlier row of the same check is delivered, so alerts keep their order. Queuing, delivery and each failed
 * attempt are chained; leases are working state.
 */
public interface OutboxStore {

    /** Claims the oldest due row for {@code worker} until {@code now + lease} (see {@link #claimNextGroup}). */
    default Optional<OutboxRow> claimNext(String worker, Instant now, Duration lease) {
        return claimNextGroup(worker, now, lease, false).stream().findFirst();
    }

    /**
     * Claims the oldest due row and the alerts that share its message, all for {@code worker} until
     * {@code now + lease}, the head first. A row is due when its retry time has come and, if it waits for its
     * group, its hold is over ({@code windowsClosed}: nobody waits, the process is about to stop or the run is
     * over). Its companions are the undelivered alerts of its group made before its hold ended, on the same
     * route and in the same Slack thread, each the first undelivered alert of its check (or following one
     * already in the batch), so no alert overtakes an earlier one of its check. Counts the attempt now, so a
     * crash mid-send still counts. Empty when nothing is due.
     */
    List<OutboxRow> claimNextGroup(String worker, Instant now, Duration lease, boolean windowsClosed);

    /**
     * Marks a claimed row delivered with Slack's answer; an opening message's channel and ts become its
     * incident's thread. Only the worker holding the lease can mark it.
     */
    default void delivered(long id, String worker, Instant at, String answer, String channel, String ts) {
        delivered(List.of(id), worker, at, answer, channel, ts);
    }

    /** Marks the claimed rows that shared one message delivered, with the message's answer, channel and ts. */
    void delivered(List<Long> ids, String worker, Instant at, String answer, String channel, String ts);

    /** Gives back rows claimed but not attempted (no time was left to send them): they stay due, their attempt uncounted. */
    void release(List<Long> ids, String worker);

    /** Releases a claimed row after a failed attempt: Slack's answer, the error, when to try again, whether with plain text. */
    default void failed(long id, String worker, String answer, String error, Instant nextAttemptAt, boolean usePlain) {
        failed(List.of(id), worker, answer, error, nextAttemptAt, usePlain);
    }

    /** Releases the claimed rows of one message after a failed attempt; they are tried again together. */
    void failed(List<Long> ids, String worker, String answer, String error, Instant nextAttemptAt, boolean usePlain);

    /** How many alerts are not delivered yet. */
    int pending();

    /**
     * When the next pending alert may be sent (its retry time, the end of its group's hold unless
     * {@code windowsClosed}, or the end of another worker's lease); empty when none is pending.
     */
    Optional<Instant> nextDueAt(boolean windowsClosed);

    /** How many reminders were queued for each of {@code incidentIds}; an incident never reminded of is left out. */
    Map<Long, Integer> reminders(Collection<Long> incidentIds);

    /** Every alert of one check, oldest first. */
    List<OutboxRow> rowsOf(CheckKey key);

    /** Every alert, oldest first. */
    List<OutboxRow> all();
}
