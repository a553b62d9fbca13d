package dev.driftwatch.check;

import java.time.Instant;
import java.util.List;

/** The result of one check run, with its findings and evidence; everything downstream consumes these. */
public record Verdict(CheckKey key, Outcome outcome, String summary, List<Finding> findings, Evidence evidence,
                      Instant startedAt, long durationMs) {
    public Verdict {
        findings = List.copyOf(findings);
        evidence = evidence == null ? Evidence.NONE : evidence;
    }

    public Verdict redacted(Redactor r) {
        return new Verdict(key, outcome, r.apply(summary), findings.stream().map(f -> f.redacted(r)).toList(),
                evidence.redacted(r), startedAt, durationMs);
    }
}
