import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.ChainKey;
import dev.driftwatch.audit.ChainReport;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Appends to the shared chain on PostgreSQL, durability on, as REPLICAS replicas would: that many AuditTrail instances
 * (each its own HikariCP pool) on one database, THREADS_EACH threads each recording verdicts with AuditTrail.record
 * until N are in; every write of every replica takes the journal's advisory lock. Then `audit verify`'s walk of it,
 * and the connections PostgreSQL saw.
 *
 *   java -cp target/driftwatch.jar bench/AppendRatePostgres.java JDBC_URL USER N REPLICAS THREADS_EACH CHECKS
 *
 * Prints `appends=<n> replicas=<r> threads=<t> seconds=<s> appends_per_s=<x> connections=<c>` and
 * `verify_records=<n> intact=<b> seconds=<s> records_per_s=<x>`.
 */
public class AppendRatePostgres {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        int n = Integer.parseInt(args[2]);
        int replicas = Integer.parseInt(args[3]);
        int threadsEach = Integer.parseInt(args[4]);
        int checks = Integer.parseInt(args[5]);
        List<AuditTrail> trails = new ArrayList<>();
        for (int r = 0; r < replicas; r++) {
            trails.add(AuditTrail.openPostgres(url, user, null, ChainKey.none(), Clock.systemUTC()));
        }
        try {
            Instant start = Instant.parse("2026-01-01T00:00:00Z");
            AtomicLong next = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(replicas * threadsEach);
            long t0 = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int r = 0; r < replicas; r++) {
                AuditTrail trail = trails.get(r);
                for (int t = 0; t < threadsEach; t++) {
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
            }
            for (Future<?> f : running) {
                f.get();
            }
            double s = (System.nanoTime() - t0) / 1e9;
            pool.shutdown();
            long connections;
            try (var c = DriverManager.getConnection(url, user, null); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")) {
                rs.next();
                connections = rs.getLong(1);
            }
            System.out.printf("appends=%d replicas=%d threads=%d seconds=%.2f appends_per_s=%.0f connections=%d%n", n, replicas,
                    replicas * threadsEach, s, n / s, connections);
            long v0 = System.nanoTime();
            ChainReport report = trails.get(0).journal().verify(null);
            double vs = (System.nanoTime() - v0) / 1e9;
            System.out.printf("verify_records=%d intact=%s seconds=%.2f records_per_s=%.0f%n", report.records(), report.intact(), vs,
                    report.records() / vs);
        } finally {
            trails.forEach(AuditTrail::close);
        }
    }
}
