package dev.driftwatch.alert;

import dev.driftwatch.audit.OutboxRow;

/** Told of every attempt the outbox worker makes to send an alert, after the outbox recorded it (metrics); must not throw. */
@FunctionalInterface
public interface DeliveryListener {
    DeliveryListener NONE = (row, delivered) -> { };

    /** {@code delivered} is false for every attempt that leaves the alert in the outbox: retry, refusal, no Slack configured. */
    void attempted(OutboxRow row, boolean delivered);
}
