package dev.driftwatch.spec;

/** Why a published spec gives no pinned operation: the rule a verdict names, and one line saying why. */
public final class SpecProblem extends Exception {
    private final String rule;

    SpecProblem(String rule, String reason) {
        super(reason, null, false, false);
        this.rule = rule;
    }

    /** {@code spec-unreadable}, {@code spec-not-openapi}, {@code spec-remote-ref} or {@code spec-operation-missing}. */
    public String rule() {
        return rule;
    }
}
