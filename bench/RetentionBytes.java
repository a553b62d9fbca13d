import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.ChainKey;
import dev.driftwatch.audit.ChainReport;
import dev.driftwatch.audit.CompactionReport;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Benchmark helper (not a test): bytes on disk per stored PASS verdict, before and after retention's compaction.
 * Writes a trail of CHECKS checks that each PASS every ten minutes for DAYS days (the models check's evidence: URL,
 * the models listed, a request ID), through the real audit trail (verdict rows, their journal records, the known
 * state); VACUUMs it and measures the file; compacts it as the daemon would RAW_DAYS days after its last day (so
 * every day written is due: all but each check's first and newest PASS are folded), verifies the chain, VACUUMs and
 * measures again.
 *
 *   java -cp target/driftwatch.jar bench/RetentionBytes.java DIR CHECKS DAYS RAW_DAYS
 *
 * Prints the file size and bytes per verdict at each stage, the bytes per table (SQLite's dbstat), the time the
 * compaction and the verification took, and the last line {@code bytes_per_pass_before=<n> bytes_per_pass_after=<n>}.
 */
public final class RetentionBytes {
    private static final Instant START = Instant.parse("2026-01-01T00:00:07Z");
    private static final List<String> MODELS = List.of("gpt-image-2", "gpt-image-1", "gpt-image-1-mini", "dall-e-3");

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: RetentionBytes DIR CHECKS DAYS RAW_DAYS");
            System.exit(2);
        }
        Path file = Path.of(args[0]).resolve("driftwatch.db");
        int checks = Integer.parseInt(args[1]);
        int days = Integer.parseInt(args[2]);
        int rawDays = Integer.parseInt(args[3]);
        long verdicts = (long) checks * days * 144;
        Instant end = START.plus(Duration.ofDays(days));
        Settable clock = new Settable(START);

        long t0 = System.nanoTime();
        try (AuditTrail trail = AuditTrail.openSqlite(file, ChainKey.none(), clock)) {
            // The batch writer is package-private (the scenarios' way to write months in seconds); one commit per
            // verdict would measure the disk's fsync, not the bytes, and take hours at this size.
            Method recordAll = AuditTrail.class.getDeclaredMethod("recordAll", List.class, Function.class);
            recordAll.setAccessible(true);
            Function<Verdict, Instant> endOfRun = v -> v.startedAt().plusMillis(v.durationMs());
            // A few thousand verdicts a transaction, as RetentionHistory writes months for the tests.
            int runsPerBatch = Math.max(1, 3000 / checks);
            List<Verdict> batch = new ArrayList<>();
            for (int run = 0; run < days * 144; run++) {
                Instant at = START.plus(Duration.ofMinutes(10L * run));
                for (int c = 0; c < checks; c++) {
                    long ms = 38 + (run * 7L + c) % 45;
                    batch.add(new Verdict(new CheckKey("provider-" + c, "production", "models"), Outcome.PASS, "gpt-image-2 listed among 4 models",
                            List.of(), new Evidence(200, ms, "req_" + Long.toHexString(0x5f3a00L + run * 131L + c),
                                    Map.of("url", "https://api.provider-" + c + ".example/v1/models", "models", MODELS, "modelCount", 4L)),
                            at.plusSeconds(c % 60), ms));
                }
                if ((run + 1) % runsPerBatch == 0 || run == days * 144 - 1) {
                    clock.now = at.plusSeconds(61);
                    recordAll.invoke(trail, batch, endOfRun);
                    batch.clear();
                }
            }
        }
        System.out.printf(Locale.ROOT, "wrote %,d PASS verdicts (%d checks x %d days x 144) in %.1f s%n", verdicts, checks, days, secs(t0));
        long before = vacuumedSize(file);
        System.out.printf(Locale.ROOT, "before compaction: %,d bytes, %.1f bytes per PASS verdict%n", before, (double) before / verdicts);
        tables(file);

        Instant now = end.plus(Duration.ofDays(rawDays)).plus(Duration.ofHours(1));
        clock.now = now;
        CompactionReport report;
        ChainReport verified;
        long t1 = System.nanoTime();
        try (AuditTrail trail = AuditTrail.openSqlite(file, ChainKey.none(), clock)) {
            report = trail.retention().compact(now, rawDays, false, () -> true);
            double compactSecs = secs(t1);
            System.out.printf(Locale.ROOT, "compacted: %,d folded into %,d daily rows in %d compaction records, %,d kept raw, in %.1f s (%,.0f verdicts/s)%n",
                    report.foldedVerdicts(), report.folded().size(), report.records(), report.kept(), compactSecs,
                    report.foldedVerdicts() / compactSecs);
            long t2 = System.nanoTime();
            verified = trail.journal().verify(null);
            System.out.printf(Locale.ROOT, "verified: %s, %,d records in %.1f s%n", verified.intact() ? "intact" : "BROKEN " + verified.problems(),
                    verified.records(), secs(t2));
        }
        long after = vacuumedSize(file);
        System.out.printf(Locale.ROOT, "after compaction: %,d bytes, %.1f bytes per PASS verdict%n", after, (double) after / verdicts);
        tables(file);
        System.out.printf(Locale.ROOT, "bytes_per_pass_before=%.1f bytes_per_pass_after=%.1f%n", (double) before / verdicts, (double) after / verdicts);
        if (!verified.intact()) {
            System.exit(1);
        }
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static long vacuumedSize(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            s.execute("VACUUM");
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        return Files.size(file);
    }

    /** Bytes per table and index, when this SQLite has the dbstat table (sqlite-jdbc builds it in). */
    private static void tables(Path file) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC")) {
            StringBuilder line = new StringBuilder("  by table:");
            while (rs.next()) {
                if (rs.getLong(2) >= 1 << 16) {
                    line.append(String.format(Locale.ROOT, " %s %.1f MB;", rs.getString(1), rs.getLong(2) / 1048576.0));
                }
            }
            System.out.println(line);
        } catch (Exception e) {
            System.out.println("  by table: not available (" + e.getMessage() + ")");
        }
    }

    /** The time each verdict is recorded at, set by the writer. */
    private static final class Settable extends Clock {
        volatile Instant now;

        Settable(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
