import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.driftwatch.alert.VerdictFlow;
import dev.driftwatch.api.ApiChecks;
import dev.driftwatch.api.ApiContext;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.check.Check;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Plan;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.config.ConfigLoader;
import dev.driftwatch.config.LoadedConfig;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.ContractLoader;
import dev.driftwatch.http.ProviderClient;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Benchmark helper (not a test): the cost of one run of the {@code models} check, recorded, as a function of
 * how many verdict rows that check already has in the audit trail. Goal: flat — since the known state
 * (V4__known_state_and_alert_groups.sql, KnownStore) replaced the search of the whole history for the last
 * rate-limit headers, the cost at 100,000 rows should be within noise of the cost at 0.
 *
 * <p>An in-process loopback stand-in (the JDK's {@code com.sun.net.httpserver}, 127.0.0.1, a free port)
 * answers {@code GET /v1/models} with gpt-image-2 and gpt-image-1, an {@code x-request-id} and NO
 * {@code x-ratelimit-*} headers: the case where the old lookup found nothing and scanned every row of the
 * check. For each row count N: a fresh temporary data directory; the shipped checks.yaml loaded with
 * {@code WISGATE_API_BASE} pointing at the stand-in and {@code WISGATE_API_KEY=bench-key-not-a-secret} (no
 * other variable of the process environment is read); the {@code models} check of contract
 * {@code wisgate-gpt-image-2} in its first environment; one baseline run recorded through
 * {@code VerdictFlow.recordOnly}; N copies of that verdict row added with plain JDBC; then WARMUP untimed runs.
 * Then RUNS timed runs of each N, interleaved in blocks of 100 (N1, N2, N3, then N2, N3, N1, ...): measured one
 * N after the other in one JVM, the first N measured paid for the JIT compiler's late work and came out 40 to
 * 80 % dearer whichever N it was. A run is {@code check.run()} then {@code flow.accept(verdict)} on this thread: the
 * HTTP call (OkHttp's synchronous call runs here), the JSON and schema work, the known-state read, and the
 * write transaction (verdict row, known state). Its CPU is this thread's only
 * ({@code ThreadMXBean.getCurrentThreadCpuTime}): the stand-in's threads, the JIT compiler and GC are not
 * counted. Every run must be PASS, and the stand-in must have answered exactly one request per run.
 *
 * <p>For reference it also times, with plain JDBC on the same file just after the fill, the query each run
 * made before the known state ({@code SELECT evidence ... json_type(evidence, '$."rateLimits"') IS NOT NULL
 * ORDER BY id DESC LIMIT 1}), median of 30 executions after 3 untimed ones.
 *
 * <pre>
 *   java -cp target/driftwatch.jar bench/KnownStateCost.java CHECKS_YAML [WARMUP RUNS [N ...]]
 *   java -cp target/driftwatch.jar bench/KnownStateCost.java checks.yaml 300 2000 0 10000 100000
 * </pre>
 *
 * Defaults: WARMUP 300, RUNS 2000, N 0 10000 100000. One line per N:
 * {@code rows=<N> runs=<R> cpu_ms_median=<x.xx> cpu_ms_p90=<x.xx> wall_ms_median=<x.xx> old_lookup_ms_median=<x.xx>},
 * then {@code java.version=... availableProcessors=...}. Every run appends its own verdict, so the check has
 * N + 1 + WARMUP rows at its first timed run and N + WARMUP + RUNS at its last: "rows=0" ends at 2,300.
 */
public final class KnownStateCost {
    private static final String KEY = "bench-key-not-a-secret";
    private static final String CONTRACT = "wisgate-gpt-image-2";
    private static final String CHECK = "models";
    /** Timed runs of one row count before the next row count's turn. */
    private static final int BLOCK = 100;
    private static final byte[] MODELS = ("{\"object\":\"list\",\"data\":["
            + "{\"id\":\"gpt-image-2\",\"object\":\"model\",\"created\":1776729600,\"owned_by\":\"wisgate\"},"
            + "{\"id\":\"gpt-image-1\",\"object\":\"model\",\"created\":1745000000,\"owned_by\":\"wisgate\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] BAD_KEY = ("{\"error\":{\"message\":\"Incorrect API key provided\","
            + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOT_FOUND = ("{\"error\":{\"message\":\"Unknown path\","
            + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"not_found\"}}").getBytes(StandardCharsets.UTF_8);
    /** The query every run made before the known state (commit 04c6e80 replaced it). */
    private static final String OLD_LOOKUP = "SELECT evidence FROM verdicts WHERE contract = ? AND environment = ? AND check_name = ?"
            + " AND json_type(evidence, '$.\"rateLimits\"') IS NOT NULL ORDER BY id DESC LIMIT 1";
    private static final String COPIED = "contract, environment, check_name, outcome, summary, findings, evidence,"
            + " started_at, duration_ms, recorded_at";

    /** A run that did not go as measured: the message says what, and the program exits 1. */
    private static final class BenchFailure extends RuntimeException {
        BenchFailure(String message) {
            super(message);
        }
    }

    public static void main(String[] args) throws Exception {
        try {
            measure(args);
        } catch (BenchFailure e) {
            System.err.println("KnownStateCost: " + e.getMessage());
            System.exit(1);
        }
        System.exit(0); // OkHttp's idle connection pool would keep the JVM alive for minutes
    }

    private static void measure(String[] args) throws Exception {
        if (args.length < 1 || args.length == 2) {
            fail("usage: KnownStateCost CHECKS_YAML [WARMUP RUNS [N ...]]");
        }
        Path checksYaml = Path.of(args[0]);
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        List<Integer> rowCounts = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            rowCounts.add(Integer.parseInt(args[i]));
        }
        if (rowCounts.isEmpty()) {
            rowCounts = List.of(0, 10_000, 100_000);
        }
        if (warmup < 0 || runs < 1 || rowCounts.stream().anyMatch(n -> n < 0)) {
            fail("WARMUP must be >= 0, RUNS >= 1 and every N >= 0");
        }

        AtomicLong served = new AtomicLong();
        HttpServer server = standIn(served);
        try {
            measureAll(checksYaml, warmup, runs, rowCounts, server.getAddress().getPort(), served);
        } finally {
            server.stop(0);
        }
        System.out.printf(Locale.ROOT, "java.version=%s availableProcessors=%d%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    }

    /** One line per row count, against the stand-in on {@code port}, which counts its requests in {@code served}. */
    private static void measureAll(Path checksYaml, int warmup, int runs, List<Integer> rowCounts, int port, AtomicLong served)
            throws Exception {
        String base = "http://127.0.0.1:" + port;
        Map<String, String> env = Map.of("WISGATE_API_BASE", base, "WISGATE_API_KEY", KEY);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            fail("this JVM cannot measure the CPU time of a thread");
        }
        Clock clock = Clock.systemUTC();
        LoadedConfig config = new ConfigLoader(env).load(checksYaml);
        List<Contract> contracts = new ContractLoader().load(config);
        Contract contract = contracts.stream().filter(c -> c.id().equals(CONTRACT)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no contract " + CONTRACT + " in " + checksYaml));
        String environment = contract.environments().get(0).name();
        CheckKey key = new CheckKey(CONTRACT, environment, CHECK);
        ProviderClient client = new ProviderClient(config.file().http(), clock);

        List<Subject> subjects = new ArrayList<>();
        try {
            for (int n : rowCounts) {
                subjects.add(prepare(n, runs, key, contracts, config, client, env, clock, environment));
            }
            long servedBefore = served.get();
            for (Subject s : subjects) {
                for (int i = 0; i < warmup; i++) {
                    record(s.flow, s.check.run(), "warm-up run " + (i + 1) + " at " + s.n + " rows");
                }
            }
            // Interleaved: blocks of BLOCK runs per row count in turn, the first of each round rotating, so the JIT
            // compiler's late work and other load on the machine fall on every row count alike, not on the first.
            for (int round = 0, left = runs; left > 0; round++, left -= BLOCK) {
                for (int j = 0; j < subjects.size(); j++) {
                    Subject s = subjects.get((round + j) % subjects.size());
                    for (int b = 0; b < Math.min(BLOCK, left); b++) {
                        int i = s.timed++;
                        long cpu0 = threads.getCurrentThreadCpuTime();
                        long wall0 = System.nanoTime();
                        Verdict v = s.check.run();
                        VerdictFlow.Accepted accepted = s.flow.accept(v);
                        s.wall[i] = System.nanoTime() - wall0;
                        s.cpu[i] = threads.getCurrentThreadCpuTime() - cpu0;
                        verify(v, accepted, "timed run " + (i + 1) + " at " + s.n + " rows");
                    }
                }
            }
            long requests = served.get() - servedBefore;
            if (requests != (long) subjects.size() * (warmup + runs)) {
                fail("the stand-in answered " + requests + " requests for " + subjects.size() * (warmup + runs) + " runs");
            }
            for (Subject s : subjects) {
                System.out.printf(Locale.ROOT, "rows=%d runs=%d cpu_ms_median=%.2f cpu_ms_p90=%.2f wall_ms_median=%.2f old_lookup_ms_median=%.2f%n",
                        s.n, runs, ms(percentile(s.cpu, 50)), ms(percentile(s.cpu, 90)), ms(percentile(s.wall, 50)), s.oldLookupMs);
            }
        } finally {
            for (Subject s : subjects) {
                s.close();
            }
        }
    }

    /** One row count: its audit trail in its own temporary directory, the check and flow on it, its timings. */
    private static final class Subject implements AutoCloseable {
        final int n;
        final Path dataDir;
        final double oldLookupMs;
        final long[] cpu;
        final long[] wall;
        AuditTrail trail;
        Check check;
        VerdictFlow flow;
        int timed;

        Subject(int n, Path dataDir, double oldLookupMs, int runs) {
            this.n = n;
            this.dataDir = dataDir;
            this.oldLookupMs = oldLookupMs;
            this.cpu = new long[runs];
            this.wall = new long[runs];
        }

        @Override
        public void close() throws IOException {
            if (trail != null) {
                trail.close();
            }
            deleteTree(dataDir);
        }
    }

    /**
     * A fresh trail with the baseline run recorded (so the check has its known state: baseline, family members),
     * then N copies of that verdict row, then the old lookup timed; reopened for the runs to measure.
     */
    private static Subject prepare(int n, int runs, CheckKey key, List<Contract> contracts, LoadedConfig config, ProviderClient client,
                                   Map<String, String> env, Clock clock, String environment) throws Exception {
        Path dataDir = Files.createTempDirectory("driftwatch-known-state-cost.");
        Path db = dataDir.resolve("driftwatch.db");
        double oldLookupMs;
        try {
            try (AuditTrail trail = AuditTrail.openSqlite(db)) {
                Check check = modelsCheck(contracts, config, client, trail, env, clock, environment);
                record(VerdictFlow.recordOnly(trail, VerdictFlow.StoreWatch.NONE), check.run(), "the baseline run");
            }
            oldLookupMs = fill(db, n, key);
        } catch (Exception | Error e) {
            deleteTree(dataDir);
            throw e;
        }
        Subject s = new Subject(n, dataDir, oldLookupMs, runs);
        try {
            s.trail = AuditTrail.openSqlite(db);
            s.check = modelsCheck(contracts, config, client, s.trail, env, clock, environment);
            s.flow = VerdictFlow.recordOnly(s.trail, VerdictFlow.StoreWatch.NONE);
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The models check of the contract in its first environment, reading and writing {@code trail}. */
    private static Check modelsCheck(List<Contract> contracts, LoadedConfig config, ProviderClient client, AuditTrail trail,
                                     Map<String, String> env, Clock clock, String environment) {
        ApiChecks kind = new ApiChecks(ApiContext.of(config, client, trail, env, clock));
        return Plan.of(contracts, List.of(kind), CONTRACT, environment).checks().stream()
                .filter(c -> c.key().check().equals(CHECK)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the contract has no enabled models check"));
    }

    private static void record(VerdictFlow flow, Verdict v, String what) {
        verify(v, flow.accept(v), what);
    }

    private static void verify(Verdict v, VerdictFlow.Accepted accepted, String what) {
        if (v.outcome() != Outcome.PASS) {
            fail(what + " gave " + v.outcome() + " (" + v.summary() + "), not PASS; findings: " + v.findings());
        }
        if (!accepted.recorded()) {
            fail(what + ": the audit trail did not record the verdict");
        }
    }

    /**
     * Adds N copies of the last verdict row (the same check key: the worst case for a query by key) in one
     * transaction, then times the old per-run lookup on the filled file. The copies have no record in the journal
     * (the hash chain), so the trail does not verify after the fill: this benchmark never verifies it, and nothing a
     * check run does reads it.
     */
    private static double fill(Path db, int n, CheckKey key) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            if (n > 0) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
                        + " INSERT INTO verdicts (" + COPIED + ") SELECT " + COPIED
                        + " FROM n, (SELECT " + COPIED + " FROM verdicts ORDER BY id DESC LIMIT 1)")) {
                    ps.setInt(1, n);
                    int added = ps.executeUpdate();
                    if (added != n) {
                        fail("the fill added " + added + " rows, not " + n);
                    }
                }
                c.commit();
                c.setAutoCommit(true);
            }
            try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM verdicts WHERE contract = ? AND environment = ? AND check_name = ?")) {
                bind(count, key);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) != n + 1L) {
                        fail("the check has " + rs.getLong(1) + " verdict rows after the fill, not " + (n + 1));
                    }
                }
            }
            long[] times = new long[30];
            try (PreparedStatement ps = c.prepareStatement(OLD_LOOKUP)) {
                bind(ps, key);
                for (int i = -3; i < times.length; i++) {
                    long t0 = System.nanoTime();
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            fail("the old lookup found rate-limit headers: the stand-in must send none");
                        }
                    }
                    if (i >= 0) {
                        times[i] = System.nanoTime() - t0;
                    }
                }
            }
            return ms(percentile(times, 50));
        }
    }

    private static void bind(PreparedStatement ps, CheckKey key) throws SQLException {
        ps.setString(1, key.contract());
        ps.setString(2, key.environment());
        ps.setString(3, key.check());
    }

    /** GET /v1/models with the right key: the list, an x-request-id, no rate-limit headers. */
    private static HttpServer standIn(AtomicLong served) throws IOException {
        // TCP_NODELAY on the stand-in's sockets (read once, when the server classes load). Without it the JDK server
        // writes the headers and the body in two segments and Nagle holds the second until OkHttp's delayed ACK:
        // about 40 ms more wall time per run on Linux, none of it CPU.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                long id = served.incrementAndGet();
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.getResponseHeaders().set("x-request-id", "req_bench_" + id);
                if (!("Bearer " + KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    send(exchange, 401, BAD_KEY);
                } else if ("GET".equals(exchange.getRequestMethod()) && "/v1/models".equals(exchange.getRequestURI().getPath())) {
                    send(exchange, 200, MODELS);
                } else {
                    send(exchange, 404, NOT_FOUND);
                }
            }
        });
        server.start();
        return server;
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Nearest-rank percentile. */
    private static long percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void fail(String message) {
        throw new BenchFailure(message);
    }
}
