package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import java.time.Instant;

/**
 * One incident of one check, from the alert that opened it ({@code trigger} BROKEN, UNVERIFIED or STALE)
 * to its resolution; the Slack channel and ts of its opening message once a bot has posted it; who acknowledged
 * it, when and with what note ({@code driftwatch ack}), null until someone does.
 */
public record Incident(long id, CheckKey key, IncidentSlot slot, String trigger, Instant firstSeenAt, Instant openedAt,
                       Instant lastRemindedAt, Instant resolvedAt, String slackChannel, String slackTs,
                       Instant acknowledgedAt, String acknowledgedBy, String acknowledgedNote) {

    /** An incident nobody acknowledged. */
    public Incident(long id, CheckKey key, IncidentSlot slot, String trigger, Instant firstSeenAt, Instant openedAt,
                    Instant lastRemindedAt, Instant resolvedAt, String slackChannel, String slackTs) {
        this(id, key, slot, trigger, firstSeenAt, openedAt, lastRemindedAt, resolvedAt, slackChannel, slackTs, null, null, null);
    }

    /** Someone said they are on it: its reminders stop. */
    public boolean acknowledged() {
        return acknowledgedAt != null;
    }

    public boolean open() {
        return resolvedAt == null;
    }

    /** When the last alert about it was made: its opening or its last reminder. */
    public Instant lastAlertAt() {
        return lastRemindedAt != null ? lastRemindedAt : openedAt;
    }
}
