import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.HistoryQuery;
import dev.driftwatch.check.CheckKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Times the audit trail's reads in one warm JVM, on an existing trail (bench/SyntheticTrail.java builds one):
 * each query WARMUP times, then RUNS timed; prints
 * `query=<name> median_ms=<x> p90_ms=<x> max_ms=<x> cpu_ms_median=<x> result=<size>`.
 *
 *   java -cp target/driftwatch.jar bench/AuditQueries.java FILE [WARMUP] [RUNS]
 */
public class AuditQueries {
    /** SQLite runs in the calling thread, so its CPU time is the query's, whatever else the machine runs. */
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 21;
        try (AuditTrail trail = AuditTrail.openSqlite(file)) {
            Map<String, Supplier<Object>> queries = new LinkedHashMap<>();
            queries.put("last-verified", () -> trail.verdicts().lastVerified());
            queries.put("latest-decided", () -> trail.verdicts().latestDecided());
            // One check over the last 30 days, every verdict with its journal record, and its incidents, alerts, acceptances.
            CheckKey oneCheck = trail.queries().recordedChecks().get(0);
            queries.put("history-30d", () -> trail.queries().history(new HistoryQuery(List.of(oneCheck), Set.of(), null,
                    Instant.now().minus(Duration.ofDays(30)), null, 0)));
            for (Map.Entry<String, Supplier<Object>> q : queries.entrySet()) {
                Object result = null;
                for (int i = 0; i < warmup; i++) {
                    result = q.getValue().get();
                }
                double[] ms = new double[runs];
                double[] cpu = new double[runs];
                for (int i = 0; i < runs; i++) {
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    result = q.getValue().get();
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                    cpu[i] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
                }
                Arrays.sort(ms);
                Arrays.sort(cpu);
                System.out.printf("query=%s median_ms=%.1f p90_ms=%.1f max_ms=%.1f cpu_ms_median=%.1f result=%s%n", q.getKey(),
                        ms[runs / 2], ms[(int) Math.ceil(runs * 0.9) - 1], ms[runs - 1], cpu[runs / 2], size(result));
            }
        }
    }

    private static String size(Object result) {
        return result instanceof java.util.Collection<?> c ? c.size() + " rows" : result instanceof Map<?, ?> m ? m.size() + " rows"
                : String.valueOf(result);
    }
}
