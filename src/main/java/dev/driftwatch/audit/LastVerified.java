package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Outcome;
import java.time.Instant;

/**
 * The answer to "when did we last verify X": the last verdict that held, PASS or CHANGED (null if never),
 * beside the latest verdict.
 */
public record LastVerified(CheckKey key, Instant lastVerified, Outcome latestOutcome, Instant latestAt, String latestSummary) {
}
