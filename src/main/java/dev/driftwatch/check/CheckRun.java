package dev.driftwatch.check;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what one run of a check observes, then concludes it: findings with {@code error} make it
 * BROKEN, any other finding makes it CHANGED, none makes it PASS; UNVERIFIED and SKIPPED are said outright.
 */
public final class CheckRun {
    private final CheckKey key;
    private final Clock clock;
    private final Instant startedAt;
    private final List<Finding> findings = new ArrayList<>();
    private Evidence evidence = Evidence.NONE;

    public CheckRun(CheckKey key, Clock clock) {
        this.key = key;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    public CheckKey key() {
        return key;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public CheckRun add(Finding finding) {
        findings.add(finding);
        return this;
    }

    public CheckRun addAll(List<Finding> more) {
        findings.addAll(more);
        return this;
    }

    public boolean hasErrors() {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    public Evidence evidence() {
        return evidence;
    }

    public CheckRun evidence(Evidence e) {
        this.evidence = e;
        return this;
    }

    public CheckRun detail(String name, Object value) {
        this.evidence = evidence.with(name, value);
        return this;
    }

    /** PASS, BROKEN or CHANGED from the findings; {@code passSummary} says what was verified. */
    public Verdict conclude(String passSummary) {
        Outcome outcome = findings.stream().anyMatch(f -> f.severity() == Severity.ERROR) ? Outcome.BROKEN
                : findings.isEmpty() ? Outcome.PASS : Outcome.CHANGED;
        String summary = switch (outcome) {
            case BROKEN -> findings.stream().filter(f -> f.severity() == Severity.ERROR).findFirst().orElseThrow().describe()
                    + more(findings.size() - 1);
            case CHANGED -> findings.get(0).describe() + more(findings.size() - 1);
            default -> passSummary;
        };
        return finish(outcome, summary);
    }

    /** Could not tell; the finding says why (rule {@code unreachable}, {@code rate-limited}, ...). */
    public Verdict unverified(Finding why) {
        if (!findings.contains(why)) {
            findings.add(why);
        }
        return finish(Outcome.UNVERIFIED, why.describe());
    }

    public Verdict skipped(String reason) {
        return finish(Outcome.SKIPPED, reason);
    }

    private Verdict finish(Outcome outcome, String summary) {
        long ms = Duration.between(startedAt, clock.instant()).toMillis();
        return new Verdict(key, outcome, summary, findings, evidence, startedAt, ms);
    }

    private static String more(int n) {
        return n <= 0 ? "" : " (+" + n + " more)";
    }
}
