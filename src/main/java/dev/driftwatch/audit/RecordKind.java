package dev.driftwatch.audit;

import java.util.Arrays;

/**
 * The kinds of record the journal chains. The wire name is part of each record's canonical form: a name is never
 * changed or reused, only new kinds added.
 */
public enum RecordKind {
    /** The first record of a trail that existed before the journal: what it took over, and whether the old chain held. */
    ADOPTION("adoption"),
    VERDICT("verdict"),
    SNAPSHOT("snapshot"),
    PAID_CALL("paid-call"),
    /** The seal of a check's known and alerting state, after a change that came without a verdict. */
    CHECK_STATE("check-state"),
    INCIDENT_OPENED("incident-opened"),
    INCIDENT_REMINDED("incident-reminded"),
    INCIDENT_RESOLVED("incident-resolved"),
    INCIDENT_THREADED("incident-threaded"),
    /** An incident as it stood when the journal took over the trail. */
    INCIDENT_ADOPTED("incident-adopted"),
    ALERT_QUEUED("alert-queued"),
    ALERT_DELIVERED("alert-delivered"),
    ALERT_FAILED("alert-failed"),
    /** An alert as it stood when the journal took over the trail. */
    ALERT_ADOPTED("alert-adopted"),
    /** A person adopted what a check last saw as its known state (driftwatch accept): who, when, why, which findings. */
    ACCEPTANCE("acceptance"),
    /** A person acknowledged an open incident (driftwatch ack): its reminders stop. */
    INCIDENT_ACKNOWLEDGED("incident-acknowledged"),
    /** Old PASS verdicts folded into daily rows: which records' rows it folded, and the rows it wrote. */
    COMPACTION("compaction");

    private final String wire;

    RecordKind(String wire) {
        this.wire = wire;
    }

    /** The name in the canonical form, the CLI and exports. */
    public String wire() {
        return wire;
    }

    /** The kind of a wire name; null for one this version does not know. */
    public static RecordKind ofWire(String wire) {
        return Arrays.stream(values()).filter(k -> k.wire.equals(wire)).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        return wire;
    }
}
