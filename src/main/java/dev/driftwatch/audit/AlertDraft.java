package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import java.time.Instant;

/**
 * An alert to put in the outbox: rendered already (Block Kit {@code payload} and its {@code plainText}
 * fallback, both redacted), addressed to a {@code route} name, tied to its incident if any.
 */
public record AlertDraft(Long incidentId, AlertKind kind, CheckKey key, String route, String payload, String plainText,
                         Instant createdAt) {}
