package dev.driftwatch.audit;

/** The two incidents a check can have open at once: failing verdicts, and no verdict that holds for too long. */
public enum IncidentSlot {
    FAILING, STALE
}
