package dev.driftwatch.audit;

/** What an alert in the outbox announces. */
public enum AlertKind {
    /** An incident opened: BROKEN, or UNVERIFIED for too long. */
    OPENED,
    /** An incident is still open after {@code remindEvery}. */
    REMINDER,
    /** An incident is over: the check holds again. */
    RESOLVED,
    /** A release change that does not break the contract, announced once per fingerprint. */
    CHANGED,
    /** A check has not held for longer than {@code maxUnverified} ({@code verification-stale}). */
    STALE,
    /** Someone acknowledged an open incident ({@code driftwatch ack}): said in its thread; its reminders stop. */
    ACKNOWLEDGED,
    /** A problem of driftwatch itself (a refused checks.yaml, an audit trail that cannot be written, a clock jump). */
    DAEMON;

    /** The kinds that start a thread the later alerts of the incident reply in. */
    public boolean opensThread() {
        return this == OPENED || this == STALE;
    }
}
