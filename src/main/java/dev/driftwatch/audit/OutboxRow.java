package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import java.time.Instant;

/**
 * One alert in the outbox. When claimed for delivery it also carries the Slack thread of its incident
 * ({@code threadChannel}, {@code threadTs}) once the opening message was posted by a bot. Alerts with a
 * {@code groupKey} wait until {@code holdUntil} for the others of their group, to share one message.
 */
public record OutboxRow(long id, Long incidentId, AlertKind kind, CheckKey key, String route, String payload, String plainText,
                        boolean usePlain, int attempts, Instant createdAt, Instant nextAttemptAt, Instant deliveredAt,
                        String slackAnswer, String lastError, String threadChannel, String threadTs, String groupKey, Instant holdUntil) {

    public boolean delivered() {
        return deliveredAt != null;
    }

    /** The Slack thread this alert replies in, or null when it is a message of its own (it opens an incident, or has none). */
    public String replyThread() {
        return kind.opensThread() ? null : threadTs;
    }

    /** The same row as claimed once more by a worker. */
    OutboxRow claimed() {
        return new OutboxRow(id, incidentId, kind, key, route, payload, plainText, usePlain, attempts + 1, createdAt, nextAttemptAt, null,
                slackAnswer, lastError, threadChannel, threadTs, groupKey, holdUntil);
    }
}
