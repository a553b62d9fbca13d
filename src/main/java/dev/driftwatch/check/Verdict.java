package dev.driftwatch.check;

import java.time.Instant;
import java.util.List;

/**
 * The result of one check run, with its findings and evidence, and what the run learned for the check's
 * known state (stored with the verdict, never shown in it); everything downstream consumes these.
 */
public record Verdict(CheckKey key, Outcome outcome, String summary, List<Finding> findings, Evidence evidence,
                      Instant startedAt, long durationMs, KnownChanges knownChanges) {
    public Verdict {
        findings = List.copyOf(findings);
        evidence = evidence == null ? Evidence.NONE : evidence;
        knownChanges = knownChanges == null ? KnownChanges.NONE : knownChanges;
    }

    /** A verdict that teaches the known state nothing (read back from the trail, made by hand). */
    public Verdict(CheckKey key, Outcome outcome, String summary, List<Finding> findings, Evidence evidence,
                   Instant startedAt, long durationMs) {
        this(key, outcome, summary, findings, evidence, startedAt, durationMs, KnownChanges.NONE);
    }

    /** PASS or CHANGED: the contract holds (with or without release news). What "last verified" counts. */
    public boolean holds() {
        return outcome.holds();
    }

    /** The findings that are release news against the known state. */
    public List<Finding> news() {
        return findings.stream().filter(Finding::isNews).toList();
    }

    public Verdict redacted(Redactor r) {
        return new Verdict(key, outcome, r.apply(summary), findings.stream().map(f -> f.redacted(r)).toList(),
                evidence.redacted(r), startedAt, durationMs, knownChanges.redacted(r));
    }
}
