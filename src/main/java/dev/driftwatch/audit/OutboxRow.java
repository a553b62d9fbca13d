package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import java.time.Instant;

/**
 * One alert in the outbox. When claimed for delivery it also carries the Slack thread of its incident
 * ({@code threadChannel}, {@code threadTs}) once the opening message was posted by a bot.
 */
public record OutboxRow(long id, Long incidentId, AlertKind kind, CheckKey key, String route, String payload, String plainText,
                        boolean usePlain, int attempts, Instant createdAt, Instant nextAttemptAt, Instant deliveredAt,
                        String slackAnswer, String lastError, String threadChannel, String threadTs) {

    public boolean delivered() {
        return deliveredAt != null;
    }
}
