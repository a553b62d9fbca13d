package dev.driftwatch.check;

import java.util.ArrayList;
import java.util.List;

/**
 * What one run learned, to be written to the check's known state in the same transaction as its
 * verdict: facts seen (added, or refreshed with their value), members gone, conditions forgotten.
 */
public record KnownChanges(List<Op> ops) {
    public static final KnownChanges NONE = new KnownChanges(List.of());

    public KnownChanges {
        ops = List.copyOf(ops);
    }

    /** One change of the known state. */
    public sealed interface Op permits Seen, Gone, Forget {
        String subject();
    }

    /** Seen in this run, with this value: added if new, refreshed (and no longer gone) if known. */
    public record Seen(String subject, String value) implements Op {}

    /** A member that a run that held no longer saw: kept, marked gone. */
    public record Gone(String subject) implements Op {}

    /** A condition that no longer holds: removed, so its return is news again. */
    public record Forget(String subject) implements Op {}

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    /** True when this run sets {@code subject} (e.g. {@link KnownState#SUSPENDED}). */
    public boolean sets(String subject) {
        return ops.stream().anyMatch(o -> o instanceof Seen s && s.subject().equals(subject));
    }

    public KnownChanges redacted(Redactor r) {
        List<Op> out = new ArrayList<>();
        for (Op op : ops) {
            out.add(op instanceof Seen s ? new Seen(s.subject(), r.apply(s.value())) : op);
        }
        return new KnownChanges(out);
    }
}
