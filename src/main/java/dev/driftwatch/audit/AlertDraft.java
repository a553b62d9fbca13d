package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import java.time.Instant;

/**
 * An alert to put in the outbox: rendered already (Block Kit {@code payload} and its {@code plainText}
 * fallback, both redacted), addressed to a {@code route} name, tied to its incident if any. Alerts with the
 * same {@code groupKey} made within one window share a message, sent no sooner than {@code holdUntil};
 * both null for an alert sent on its own, at once.
 */
public record AlertDraft(Long incidentId, AlertKind kind, CheckKey key, String route, String payload, String plainText,
                         Instant createdAt, String groupKey, Instant holdUntil) {
    /** The environment part of the group key of a check about its contract as a whole (a docs page): it joins any. */
    public static final String ANY_ENVIRONMENT = "*";

    /** The group of a check's alerts: its contract and environment, or its contract alone ({@code spansEnvironments}). */
    public static String groupKey(CheckKey key, boolean spansEnvironments) {
        return key.contract() + "/" + (spansEnvironments ? ANY_ENVIRONMENT : key.environment());
    }

    /** The environment part of a group key. */
    static String groupEnvironment(String groupKey) {
        return groupKey.substring(groupKey.lastIndexOf('/') + 1);
    }
}
