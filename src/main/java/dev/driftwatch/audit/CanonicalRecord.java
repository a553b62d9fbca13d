package dev.driftwatch.audit;

/**
 * The canonical form of a journal record, version 1: three lines. The first is the header
 * {@code {"v":1,"seq":…,"kind":…,"ref":…,"at":…}}; the second the canonical text of the row the record chained
 * (a verdict, a snapshot, a paid call) or {@code null}; the third its body as kept in the journal, or {@code null}.
 * A record's digest is the SHA-256 of this text and its hash links that digest to the previous record's hash
 * ({@link ChainKey#link}). A later version gets a new number; records keep the version they were written with.
 */
final class CanonicalRecord {
    static final long VERSION = 1;

    private CanonicalRecord() {
    }

    static String text(long seq, RecordKind kind, Long ref, String at, String row, String body) {
        return text(seq, kind.wire(), ref, at, row, body);
    }

    /** The same, from the stored kind name (verification hashes what is stored, known kind or not). */
    static String text(long seq, String kind, Long ref, String at, String row, String body) {
        return CanonicalJson.of(CanonicalJson.object("v", VERSION, "seq", seq, "kind", kind, "ref", ref, "at", at))
                + "\n" + (row == null ? "null" : row) + "\n" + (body == null ? "null" : body);
    }
}
