package dev.driftwatch.check;

/** What one check run concluded about its claim. */
public enum Outcome {
    /** The contract holds. */
    PASS,
    /** The contract no longer holds. */
    BROKEN,
    /** A release change that does not break the contract: a new model, an additive field, a deprecation notice. */
    CHANGED,
    /** Could not tell: network, timeout, 5xx, rate limit. */
    UNVERIFIED,
    /** Not run: not configured (no key) or over budget. */
    SKIPPED;

    /** PASS or CHANGED: the contract holds, with or without release news. What "last verified" counts. */
    public boolean holds() {
        return this == PASS || this == CHANGED;
    }
}
