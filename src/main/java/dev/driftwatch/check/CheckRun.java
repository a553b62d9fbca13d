package dev.driftwatch.check;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Collects what one run of a check observes, judged against what the check already knows, then
 * concludes it: a finding with {@code error} makes it BROKEN, a change since the known state
 * ({@link Change#NEW}) makes it CHANGED, anything else (nothing, standing conditions, a first run's
 * baseline) makes it PASS. UNVERIFIED and SKIPPED are said outright. What the run learned goes with
 * the verdict ({@link Verdict#knownChanges()}), to be stored with it.
 */
public final class CheckRun {
    private final CheckKey key;
    private final Clock clock;
    private final Instant startedAt;
    private final KnownState known;
    private final List<Finding> findings = new ArrayList<>();
    private final List<KnownChanges.Op> learned = new ArrayList<>();
    private Evidence evidence = Evidence.NONE;

    /** A run that judges nothing against a known state (a fallback verdict, a test). */
    public CheckRun(CheckKey key, Clock clock) {
        this(key, clock, KnownState.EMPTY);
    }

    public CheckRun(CheckKey key, Clock clock, KnownState known) {
        this.key = key;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.known = Objects.requireNonNull(known, "known");
    }

    public CheckKey key() {
        return key;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** What the check knew when this run started. */
    public KnownState known() {
        return known;
    }

    /**
     * A finding that is not release news: a break (error), or the reason the run could not tell. A break a person
     * accepted ({@link AcceptedFindings}) is known state: {@link Change#ACCEPTED}, not an error.
     */
    public CheckRun add(Finding finding) {
        if (finding.severity() == Severity.ERROR && finding.change() == Change.NONE && accepted(finding)) {
            findings.add(finding.as(Change.ACCEPTED));
            return this;
        }
        findings.add(finding);
        return this;
    }

    public CheckRun addAll(List<Finding> more) {
        more.forEach(this::add);
        return this;
    }

    /**
     * Release news the check has established differs from its known state: announced as {@link Change#NEW},
     * or recorded as {@link Change#BASELINE} before the check's first verdict that held. Remembers
     * {@code subject = value}, so the next run knows it.
     */
    public CheckRun change(String subject, String value, Finding f) {
        remember(subject, value);
        return announce(f);
    }

    /**
     * Release news whose facts the caller remembers itself ({@link #remember}, {@link #markGone}): {@link Change#NEW},
     * or {@link Change#BASELINE} before the check's first verdict that held.
     */
    public CheckRun announce(Finding f) {
        findings.add(f.as(!known.baselined() ? Change.BASELINE : accepted(f) ? Change.ACCEPTED : Change.NEW));
        return this;
    }

    /** True when a person accepted this finding as known state; seen again, its acceptance is refreshed. */
    private boolean accepted(Finding f) {
        String subject = AcceptedFindings.subject(f);
        Optional<String> value = known.value(subject);
        value.ifPresent(v -> remember(subject, v));
        return value.isPresent();
    }

    /**
     * A condition that may stand for many runs (a docs/live disagreement, a dated notice, a redirect):
     * news the first time {@code subject} has this {@code value}, a {@link Change#KNOWN} warning after.
     */
    public CheckRun condition(String subject, String value, Finding f) {
        if (known.value(subject).filter(value::equals).isPresent()) {
            remember(subject, value);
            findings.add(f.as(Change.KNOWN));
            return this;
        }
        return change(subject, value, f);
    }

    /** Remembers {@code subject = value} with no finding: seen again, or seen for the first time and not worth telling. */
    public CheckRun remember(String subject, String value) {
        learned.add(new KnownChanges.Seen(subject, value));
        return this;
    }

    /** A member the check no longer sees, in a run that holds: kept as gone, so its return is a restoration. */
    public CheckRun markGone(String subject) {
        learned.add(new KnownChanges.Gone(subject));
        return this;
    }

    /** A condition that no longer holds: forgotten, so it is news again if it comes back. */
    public CheckRun forget(String subject) {
        if (known.fact(subject).isPresent()) {
            learned.add(new KnownChanges.Forget(subject));
        }
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
        Outcome outcome = hasErrors() ? Outcome.BROKEN : findings.stream().anyMatch(Finding::isNews) ? Outcome.CHANGED : Outcome.PASS;
        String summary = switch (outcome) {
            case BROKEN -> describeFirst(findings.stream().filter(f -> f.severity() == Severity.ERROR).toList());
            case CHANGED -> describeFirst(findings.stream().filter(Finding::isNews).toList());
            default -> acceptedSummary().orElse(passSummary == null || passSummary.isEmpty() ? describeFirst(findings) : passSummary);
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
        return new Verdict(key, outcome, summary, findings, evidence, startedAt, ms, new KnownChanges(learned));
    }

    /** A verdict that holds only because a person accepted what it found says so, not that all is as pinned. */
    private Optional<String> acceptedSummary() {
        List<Finding> accepted = findings.stream().filter(f -> f.change() == Change.ACCEPTED).toList();
        return accepted.isEmpty() ? Optional.empty() : Optional.of("holds as accepted: " + describeFirst(accepted));
    }

    private static String describeFirst(List<Finding> list) {
        if (list.isEmpty()) {
            return "";
        }
        return list.get(0).describe() + (list.size() > 1 ? " (+" + (list.size() - 1) + " more)" : "");
    }
}
