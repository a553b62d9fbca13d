package dev.driftwatch.audit;

import java.time.Instant;

/**
 * A reading of a docs page whose text differed from the reading before it (or the first reading): one version of the
 * page, without its text. {@code id} names it for {@link SnapshotStore#reading}.
 */
public record SnapshotVersion(long id, Instant fetchedAt, String hash, long size) {}
