package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import java.time.Instant;

/**
 * One stored reading of a docs page, without its text: what {@code driftwatch audit snapshots} lists.
 * {@code changed} is true when the hash differs from the previous reading of the same key (and for the first one).
 */
public record SnapshotEntry(CheckKey key, Instant fetchedAt, String hash, long size, boolean changed) {}
