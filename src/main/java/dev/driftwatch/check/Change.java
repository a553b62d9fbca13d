package dev.driftwatch.check;

import java.util.Locale;

/**
 * Whether a finding is release news, judged against the check's known state: only {@link #NEW} makes a
 * verdict CHANGED and is announced; what was seen before is not told twice.
 */
public enum Change {
    /** Not a release change: a break (an error), or why the check could not tell. */
    NONE,
    /** Differs from the known state: the verdict is CHANGED, and the finding is announced once. */
    NEW,
    /** Already known and still so (a standing condition): a warning on a verdict that holds. */
    KNOWN,
    /** Seen before the check's first verdict that held: recorded as the starting point, not announced. */
    BASELINE,
    /**
     * A break or a change a person accepted as the new known state ({@code driftwatch accept}): a warning on a
     * verdict that holds, never a break or news again while it is what the check sees.
     */
    ACCEPTED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value {@link #label()} wrote; NONE for null. */
    public static Change ofLabel(String label) {
        return label == null ? NONE : valueOf(label.toUpperCase(Locale.ROOT));
    }
}
