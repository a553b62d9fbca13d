package dev.driftwatch.audit;

/** One place where the trail no longer matches its journal: where ({@code seq}, the record at or after it), what, and how. */
public record ChainProblem(long seq, Type type, String what) {

    public enum Type {
        /** A record, or the row or state it chained, was changed. */
        ALTERED,
        /** A row or record that no record chained. */
        INSERTED,
        /** A chained record or row is gone. */
        REMOVED,
        /** The journal ends before, or differs at, a head published earlier. */
        TRUNCATED
    }

    @Override
    public String toString() {
        return type.name().toLowerCase(java.util.Locale.ROOT) + " at record " + seq + ": " + what;
    }
}
