package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Snapshot;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Every reading of a docs page, append-only and chained; a text equal to the previous reading's is stored once. */
public interface SnapshotStore {

    /** Appends a reading in its own transaction; never replaces one. */
    void save(CheckKey key, Snapshot snapshot);

    /** The reading saved last for {@code key}, with its text. */
    Optional<Snapshot> last(CheckKey key);

    /**
     * What the page said at {@code at}: the newest reading fetched at or before it, in {@code environment}
     * or, when that is null, in any environment. For a calendar date pass the end of that day.
     */
    Optional<Snapshot> at(String contract, String environment, String check, Instant at);

    /** Every reading of one docs check in every environment, newest first, without the texts. */
    List<SnapshotEntry> list(String contract, String check);

    /** The latest {@code limit} versions of one check's page (readings whose text changed), newest first, without the texts. */
    List<SnapshotVersion> versions(CheckKey key, int limit);

    /** The reading {@code id} of {@code key}, with its text; empty when {@code key} has no such reading. */
    Optional<Snapshot> reading(CheckKey key, long id);
}
