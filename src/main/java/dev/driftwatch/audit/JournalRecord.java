package dev.driftwatch.audit;

/**
 * One record of the journal as stored, in its stored text (so an edited value is shown as it is, not refused):
 * its place, kind, the row it chained ({@code ref}), when, its body (for records kept in the journal itself), the
 * digest kept for a record whose row was compacted away, whether it is keyed, and its hash.
 */
public record JournalRecord(long seq, String kindName, Long ref, String at, String body, String digest, boolean keyed, String hash) {

    /** The kind, or null for a name this version does not know (an edited record). */
    public RecordKind kind() {
        return RecordKind.ofWire(kindName);
    }
}
