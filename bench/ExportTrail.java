import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark helper (not a test) for bench/export-throughput.sh: writes a synthetic trail of ROWS verdicts over
 * CHECKS checks through AuditTrail.record (every verdict its own transaction, chained, durable), as the daemon
 * writes them. One verdict in 100 is BROKEN with a finding; the rest PASS with the evidence a live-API check keeps
 * (status, latency, request id, URL). Verdicts are a minute apart from 2026-01-01, so --since has dates to cut at.
 * Prints one line: {@code rows=<N> checks=<C> write_s=<s> appends_per_s=<n> bytes=<file size>}.
 *
 *   java -cp target/driftwatch.jar bench/ExportTrail.java DATA_DIR ROWS CHECKS
 */
public final class ExportTrail {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java -cp target/driftwatch.jar bench/ExportTrail.java DATA_DIR ROWS CHECKS");
            System.exit(2);
        }
        Path db = Path.of(args[0], "driftwatch.db");
        int rows = Integer.parseInt(args[1]);
        int checks = Integer.parseInt(args[2]);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        long t0 = System.nanoTime();
        try (AuditTrail trail = AuditTrail.openSqlite(db)) {
            for (int i = 0; i < rows; i++) {
                int c = i % checks;
                CheckKey key = new CheckKey(String.format(Locale.ROOT, "contract-%03d", c / 10), "production",
                        List.of("models", "endpoint", "generation", "docs:models", "docs:pricing", "docs:limits", "docs:errors",
                                "spec:openapi", "docs:changelog", "docs:sizes").get(c % 10));
                Instant at = start.plusSeconds(60L * i);
                Evidence evidence = new Evidence(200, 40L + i % 200, String.format(Locale.ROOT, "req_%012d", i),
                        Map.of(Evidence.URL, "https://api.example.test/v1/" + key.check()));
                Verdict v = i % 100 == 99
                        ? new Verdict(key, Outcome.BROKEN, "model-not-listed: gpt-image-2 is not in /v1/models",
                                List.of(Finding.error("model-not-listed", "/data", "gpt-image-2 listed", "not listed")), evidence, at, 120)
                        : new Verdict(key, Outcome.PASS, "listed", List.of(), evidence, at, 40 + i % 200);
                trail.record(v);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "rows=%d checks=%d write_s=%.1f appends_per_s=%.0f bytes=%d%n", rows, checks, seconds, rows / seconds,
                Files.size(db));
    }
}
