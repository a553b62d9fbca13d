import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.ChainReport;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Appends through the product's own path, durability on: THREADS threads each record verdicts with
 * AuditTrail.record (the verdict, its known state, its incident step and its journal record, committed with a
 * synchronous commit before record returns) until N verdicts over CHECKS checks are in; then `audit verify`'s walk
 * of the same trail. The trail is a fresh file under the given directory, removed afterwards.
 *
 *   java -cp target/driftwatch.jar bench/AppendRate.java DIR N THREADS CHECKS
 *
 * Prints `appends=<n> threads=<t> seconds=<s> appends_per_s=<x>` and `verify_records=<n> seconds=<s> records_per_s=<x>`.
 */
public class AppendRate {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory(Path.of(args[0]), "append-rate");
        int n = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        int checks = Integer.parseInt(args[3]);
        Path file = dir.resolve("driftwatch.db");
        try (AuditTrail trail = AuditTrail.openSqlite(file)) {
            Instant start = Instant.parse("2026-01-01T00:00:00Z");
            AtomicLong next = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long t0 = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    for (long i; (i = next.getAndIncrement()) < n; ) {
                        CheckKey key = new CheckKey("contract-" + (i % checks) / 3, "production", new String[] {"models", "endpoint", "docs:models"}[(int) (i % 3)]);
                        trail.record(new Verdict(key, Outcome.PASS, "gpt-image-2 listed", List.of(),
                                Evidence.NONE.with("models", List.of("gpt-image-2", "gpt-image-1")).with("latencyRatio", 0.42),
                                start.plusSeconds(i), 120), tx -> null);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            double s = (System.nanoTime() - t0) / 1e9;
            pool.shutdown();
            System.out.printf("appends=%d threads=%d seconds=%.2f appends_per_s=%.0f bytes_per_verdict=%d%n", n, threads, s, n / s,
                    Files.size(file) / n);
            long v0 = System.nanoTime();
            ChainReport report = trail.journal().verify(null);
            double vs = (System.nanoTime() - v0) / 1e9;
            System.out.printf("verify_records=%d intact=%s seconds=%.2f records_per_s=%.0f%n", report.records(), report.intact(), vs,
                    report.records() / vs);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
