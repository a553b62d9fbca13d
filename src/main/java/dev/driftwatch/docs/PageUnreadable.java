package dev.driftwatch.docs;

/**
 * A fetched body that cannot be read as a docs page (binary, empty, or over the size cap); the
 * message is one line saying why, so the docs check can report UNVERIFIED rather than a change.
 */
public final class PageUnreadable extends Exception {
    private static final long serialVersionUID = 1L;

    public PageUnreadable(String reason) {
        super(reason);
    }
}
