package dev.driftwatch.audit;

import java.util.function.Consumer;

/**
 * The links of the chain, record after record, wherever the records come from (the journal table, an export file):
 * each record's number follows the one before, its hash links its digest to the previous record's hash (HMAC when
 * keyed), no record drops the key once records before it are keyed, and the chain reaches a head published earlier.
 */
final class ChainLinks {
    private final ChainKey key;
    private final ChainHead published;
    private final long firstSeq;
    private final String source;
    private final Consumer<ChainProblem> problems;

    private long expectedSeq;
    private String prev;
    private ChainHead last;
    private String hashAtPublished;
    private long count;
    private long keyedCount;
    private long unverified;
    private boolean keyedSeen;

    /**
     * @param firstSeq     the number the first record should have (1 for a whole journal)
     * @param previousHash the hash of the record before it ({@link ChainKey#GENESIS} before record 1)
     * @param source       what the records are, for messages: "the journal", "the export"
     */
    ChainLinks(ChainKey key, ChainHead published, long firstSeq, String previousHash, String source, Consumer<ChainProblem> problems) {
        this.key = key;
        this.published = published;
        this.firstSeq = firstSeq;
        this.source = source;
        this.problems = problems;
        this.expectedSeq = firstSeq;
        this.prev = previousHash;
        this.last = new ChainHead(firstSeq - 1, previousHash);
        if (published != null && published.seq() == firstSeq - 1) {
            hashAtPublished = previousHash;
        }
    }

    /** The hash the next record must link to. */
    String previousHash() {
        return prev;
    }

    /**
     * Checks one record's place and link.
     *
     * @param digest the SHA-256 of its canonical form (or the digest it kept); null when it cannot be known (its row is gone, reported by the caller)
     */
    void next(JournalRecord r, String digest) {
        count++;
        if (r.seq() > expectedSeq) {
            problems.accept(new ChainProblem(r.seq(), ChainProblem.Type.REMOVED, r.seq() - expectedSeq == 1
                    ? "record " + expectedSeq + " is missing" : "records " + expectedSeq + " to " + (r.seq() - 1) + " are missing"));
        } else if (r.seq() < expectedSeq) {
            problems.accept(new ChainProblem(r.seq(), ChainProblem.Type.INSERTED, "record " + r.seq() + " comes again, or out of order, after record "
                    + (expectedSeq - 1)));
        }
        expectedSeq = Math.max(expectedSeq, r.seq() + 1);
        if (r.keyed()) {
            keyedCount++;
            keyedSeen = true;
        } else if (keyedSeen) {
            problems.accept(new ChainProblem(r.seq(), ChainProblem.Type.ALTERED,
                    "it is not keyed though records before it are: written or rewritten without " + ChainKey.VARIABLE));
        }
        if (digest != null) {
            if (r.keyed() && !key.present()) {
                unverified++;
            } else if (!key.link(prev, digest, r.keyed()).equals(r.hash())) {
                problems.accept(new ChainProblem(r.seq(), ChainProblem.Type.ALTERED, describe(r) + " does not match its hash"));
            }
        }
        prev = r.hash();
        last = new ChainHead(r.seq(), r.hash());
        if (published != null && r.seq() == published.seq()) {
            hashAtPublished = r.hash();
        }
    }

    /** After the last record: a keyed chain rewritten without its key, and a published head the records do not reach. */
    void end() {
        endKeyed();
        endPublished();
    }

    /** After the last record: a keyed chain rewritten without its key (a problem at the first record). */
    void endKeyed() {
        if (key.present() && count > 0 && keyedCount == 0) {
            // A trail rewritten without the key (every record downgraded to plain SHA-256) looks like one never keyed.
            problems.accept(new ChainProblem(firstSeq, ChainProblem.Type.ALTERED, "no record is keyed though " + ChainKey.VARIABLE
                    + " is set: the trail was written or rewritten without the key (a key just set is used from the next record on)"));
        }
    }

    /** After the last record: a published head the records do not reach, or reach with another hash. */
    void endPublished() {
        if (published != null) {
            if (published.seq() > last.seq()) {
                problems.accept(new ChainProblem(last.seq() + 1, ChainProblem.Type.TRUNCATED, source + " ends at record " + last.seq()
                        + " but head " + published + " was published: the records after it are gone"));
            } else if (hashAtPublished == null || !published.matches(published.seq(), hashAtPublished)) {
                problems.accept(new ChainProblem(published.seq(), ChainProblem.Type.TRUNCATED, "record " + published.seq()
                        + (hashAtPublished == null ? " is gone" : " hashes to " + hashAtPublished) + ", not the published " + published.hash()
                        + ": the history up to it was rewritten"));
            }
        }
    }

    long records() {
        return count;
    }

    long keyedRecords() {
        return keyedCount;
    }

    /** Keyed records whose links could not be checked for want of the key. */
    long unverifiedKeyed() {
        return unverified;
    }

    /** The last record's number and hash (the one before the first while there is none). */
    ChainHead head() {
        return last;
    }

    static String describe(JournalRecord r) {
        return "the " + r.kindName() + (r.ref() == null ? "" : " #" + r.ref()) + " of record " + r.seq();
    }
}
