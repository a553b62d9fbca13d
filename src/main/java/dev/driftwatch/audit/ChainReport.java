package dev.driftwatch.audit;

import java.util.Comparator;
import java.util.List;

/**
 * What {@code audit verify} found: how many records it walked (and how many of them are keyed), the head it ended
 * on, and every problem, first first. {@code unverifiedKeyed} counts keyed records whose links could not be checked
 * because the key was not given.
 */
public record ChainReport(long records, long keyedRecords, long unverifiedKeyed, ChainHead head, List<ChainProblem> problems) {

    public ChainReport {
        problems = problems.stream().sorted(Comparator.comparingLong(ChainProblem::seq)).toList();
    }

    /** Nothing altered, inserted or removed that verification could see. */
    public boolean intact() {
        return problems.isEmpty();
    }

    /** The earliest problem; null when intact. */
    public ChainProblem first() {
        return problems.isEmpty() ? null : problems.get(0);
    }
}
