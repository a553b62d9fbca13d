import dev.driftwatch.audit.AuditTrail;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Builds a synthetic audit trail for the query benchmarks: ROWS verdict rows over CHECKS checks spread evenly over
 * DAYS days ending now, interleaved as a daemon writes them (each check in turn), in the real schema (the trail is
 * created and migrated by driftwatch itself first). 97% PASS, 2% CHANGED, 1% BROKEN, each with its journal record.
 *
 * The rows are written straight into the tables, in large transactions without fsync, because the product's own
 * path (about 2,000 verdicts a second) would take hours for ten million. The journal hashes are therefore NOT a
 * valid chain: this trail measures queries, not `audit verify` (bench/audit-queries.sh measures that on a trail
 * written by the product).
 *
 *   java -cp target/driftwatch.jar bench/SyntheticTrail.java FILE ROWS CHECKS DAYS
 */
public class SyntheticTrail {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long rows = Long.parseLong(args[1]);
        int checks = Integer.parseInt(args[2]);
        int days = Integer.parseInt(args[3]);
        if (Files.exists(file)) {
            throw new IllegalArgumentException(file + " exists; give a new file");
        }
        AuditTrail.openSqlite(file).close(); // the schema, by driftwatch's own migrations
        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant start = end.minus(days, ChronoUnit.DAYS);
        long rounds = (rows + checks - 1) / checks;
        double roundMs = days * 86_400_000.0 / rounds;
        SplittableRandom random = new SplittableRandom(42);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA synchronous = OFF");
                s.execute("PRAGMA cache_size = -262144");
            }
            c.setAutoCommit(false);
            try (PreparedStatement v = c.prepareStatement("INSERT INTO verdicts (id, contract, environment, check_name, outcome, summary,"
                    + " findings, evidence, started_at, duration_ms, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement j = c.prepareStatement("INSERT INTO journal (kind, ref, at, body, digest, keyed, hash)"
                            + " VALUES ('verdict', ?, ?, NULL, NULL, 0, ?)")) {
                for (long i = 0; i < rows; i++) {
                    int check = (int) (i % checks);
                    long round = i / checks;
                    Instant at = start.plusMillis((long) (round * roundMs) + check * 37L);
                    int roll = random.nextInt(100);
                    String outcome = roll < 97 ? "PASS" : roll < 99 ? "CHANGED" : "BROKEN";
                    long duration = 40 + random.nextInt(200);
                    String ts = TS.format(at);
                    String recorded = TS.format(at.plusMillis(duration));
                    v.setLong(1, i + 1);
                    v.setString(2, "contract-" + (check / 3));
                    v.setString(3, "production");
                    v.setString(4, new String[] {"models", "endpoint", "docs:models"}[check % 3] + (check < 999 ? "" : "-extra"));
                    v.setString(5, outcome);
                    v.setString(6, outcome.equals("PASS") ? "gpt-image-2 listed" : outcome.equals("CHANGED")
                            ? "1 new model listed: gpt-image-2-2026-11-01" : "gpt-image-2 missing from /v1/models");
                    v.setString(7, outcome.equals("PASS") ? "[]"
                            : "[{\"rule\":\"model-missing\",\"pointer\":\"/data\",\"expected\":\"gpt-image-2\",\"actual\":null}]");
                    v.setString(8, "{\"models\":[\"gpt-image-2\",\"gpt-image-1\"],\"latencyRatio\":0." + (10 + random.nextInt(80)) + "}");
                    v.setString(9, ts);
                    v.setLong(10, duration);
                    v.setString(11, recorded);
                    v.addBatch();
                    j.setLong(1, i + 1);
                    j.setString(2, recorded);
                    j.setString(3, HexFormat.of().formatHex(sha.digest(Long.toString(i).getBytes())));
                    j.addBatch();
                    if ((i + 1) % 50_000 == 0 || i + 1 == rows) {
                        v.executeBatch();
                        j.executeBatch();
                        c.commit();
                        if ((i + 1) % 1_000_000 == 0) {
                            System.err.printf("%,d rows in %.0f s%n", i + 1, (System.nanoTime() - t0) / 1e9);
                        }
                    }
                }
            }
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE");
            }
        }
        System.out.printf("rows=%d checks=%d days=%d build_s=%.0f bytes=%d%n", rows, checks, days,
                (System.nanoTime() - t0) / 1e9, Files.size(file));
    }
}
