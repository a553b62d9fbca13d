package dev.driftwatch.cli;

import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import java.util.List;

/** The exit codes CI pipelines branch on; documented in the README. */
final class ExitCode {
    static final int OK = 0;
    static final int BROKEN = 1;
    static final int CONFIG = 2;
    static final int UNVERIFIED = 3;
    static final int FAILURE = 4;

    private ExitCode() {}

    /** 1 if anything is BROKEN, else 3 if anything is UNVERIFIED, else 0. */
    static int of(List<Verdict> verdicts) {
        if (verdicts.stream().anyMatch(v -> v.outcome() == Outcome.BROKEN)) {
            return BROKEN;
        }
        if (verdicts.stream().anyMatch(v -> v.outcome() == Outcome.UNVERIFIED)) {
            return UNVERIFIED;
        }
        return OK;
    }
}
