package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Outcome;
import java.time.Instant;

/**
 * One line of a check's story: a verdict, an incident's transition, an alert, an acceptance. {@code seq} is its
 * record in the journal, the ID {@code audit show} takes (0 for a row the journal does not chain one by one).
 *
 * @param outcome a verdict's outcome, else null
 * @param incident the incident it is about, else null
 * @param alert the outbox row of an alert, else null
 * @param by who acknowledged or accepted, else null
 * @param text a verdict's summary, an alert's delivery, an acceptance's reason, an acknowledgement's note
 */
public record HistoryEntry(long seq, Instant at, CheckKey key, RecordKind kind, Outcome outcome, Long incident, Long alert, String by,
                           String text) {
}
