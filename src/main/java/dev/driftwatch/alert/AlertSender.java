package dev.driftwatch.alert;

import dev.driftwatch.audit.OutboxRow;

/** Sends one alert of the outbox somewhere: Slack, the log, the terminal. */
public interface AlertSender {
    /** One attempt; {@code plain} sends the plain-text fallback instead of the blocks. Never throws for a failed send. */
    DeliveryResult send(OutboxRow row, boolean plain);

    /** Aborts the sends in progress (they fail, and their alerts stay queued): a stopping process cannot wait for a hanging peer. */
    default void cancelInFlight() {
    }
}
