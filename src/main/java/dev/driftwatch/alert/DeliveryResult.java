package dev.driftwatch.alert;

import java.time.Duration;

/** What came of one attempt to send an alert. {@code answer} is Slack's (ok, an error code, an HTTP status), never a secret. */
public sealed interface DeliveryResult {

    /** Accepted. {@code channel} and {@code ts} are known for a bot's message: its thread. */
    record Delivered(String answer, String channel, String ts) implements DeliveryResult {}

    /** Worth trying again later: 5xx, timeout, connection refused, 429 (then {@code retryAfter} is Slack's wish). */
    record Retry(String answer, String error, Duration retryAfter) implements DeliveryResult {}

    /** Slack refused this message as it is ({@code invalid_blocks}, {@code channel_not_found}, ...). */
    record Refused(String answer, String error) implements DeliveryResult {}

    /** The route's variable is not set now: nothing can reach Slack on this route. */
    record Unconfigured(String reason) implements DeliveryResult {}
}
