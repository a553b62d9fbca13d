package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Finding;
import java.time.Instant;
import java.util.List;

/**
 * A person's recorded decision to adopt what a check last saw as its known state: who ({@code by}), when, why,
 * the verdict whose observation it adopted ({@code verdictId}, null when none), and the findings it accepted.
 * {@code id} is its row; {@code seq} its record in the journal (0 until chained).
 */
public record Acceptance(long id, long seq, CheckKey key, String by, String reason, Instant at, Long verdictId, List<Finding> findings) {
    public Acceptance {
        findings = List.copyOf(findings);
    }
}
