package dev.driftwatch.cli;

import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One line per check — verdict, which check, latency, why — then a count. */
final class TextReport {
    private TextReport() {}

    static void print(List<Verdict> verdicts, PrintWriter out) {
        int width = verdicts.stream().mapToInt(v -> v.key().toString().length()).max().orElse(10);
        for (Verdict v : verdicts) {
            Long latency = v.evidence().latencyMs();
            out.printf("%-10s  %-" + width + "s  %7s  %s%n", v.outcome(), v.key(),
                    latency == null ? "-" : latency + " ms", v.summary());
        }
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        verdicts.forEach(v -> counts.merge(v.outcome(), 1, Integer::sum));
        out.println(verdicts.size() + " check(s): " + (counts.isEmpty() ? "nothing to run"
                : counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))));
    }
}
