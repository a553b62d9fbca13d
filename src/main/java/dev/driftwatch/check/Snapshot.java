package dev.driftwatch.check;

import java.time.Instant;

/**
 * A docs page as read once: its normalized text (noise removed) and that text's SHA-256, with the
 * validators for a conditional GET next time. The audit trail keeps every one.
 */
public record Snapshot(Instant fetchedAt, String hash, String text, String etag, String lastModified) {}
