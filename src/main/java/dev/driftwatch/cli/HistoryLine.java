package dev.driftwatch.cli;

import dev.driftwatch.audit.VerdictDay;
import dev.driftwatch.check.Verdict;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One line of {@code audit history}: a verdict as it was recorded, or a day whose PASS verdicts retention folded into
 * one row, shown at its last run with how many there were, so the history of a check goes back as far as before.
 */
record HistoryLine(Instant at, String verdict, String summary) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** The newest {@code limit} of both, newest first. */
    static List<HistoryLine> latest(List<Verdict> verdicts, List<VerdictDay> folded, int limit) {
        List<HistoryLine> lines = new ArrayList<>();
        verdicts.forEach(v -> lines.add(new HistoryLine(v.startedAt(), v.outcome().name(), v.summary())));
        folded.forEach(d -> lines.add(new HistoryLine(d.lastAt(), "PASS ×" + d.passes(), "folded by retention: " + d.passes()
                + " PASS verdict(s) on " + d.day() + " from " + TIME.format(d.firstAt()) + " to " + TIME.format(d.lastAt()))));
        lines.sort(Comparator.comparing(HistoryLine::at).reversed());
        return lines.subList(0, Math.min(Math.max(0, limit), lines.size()));
    }
}
