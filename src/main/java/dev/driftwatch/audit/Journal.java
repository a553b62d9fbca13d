package dev.driftwatch.audit;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Optional;

/**
 * The chain over every record of the trail, in commit order. Each record's hash covers the previous record's hash
 * and its own canonical form (v1, {@link CanonicalJson}), with SHA-256 or, with a {@link ChainKey}, HMAC-SHA-256.
 */
public interface Journal {

    /** The newest record's sequence number and hash; {@link ChainHead#EMPTY} before the first. */
    ChainHead head();

    /**
     * Walks every record and every chained row and state, and reports each record altered, inserted or removed.
     *
     * @param published a head published earlier (null for none): a journal that ends before it, or differs at it, was truncated or rewritten
     */
    ChainReport verify(ChainHead published);

    /**
     * Writes the records as self-verifying JSON Lines ({@code driftwatch audit export}): one line per record in
     * sequence order, each with what its hash is computed over and its content as JSON, then the head line.
     *
     * @param since null for every record; else from the first record at or after it, whose line names the hash of the record before
     * @throws IOException when {@code out} fails
     */
    ExportSummary export(Instant since, Writer out) throws IOException;

    /** One record, with its canonical form; empty when there is no record {@code seq}. */
    Optional<JournalRecord> record(long seq);
}
