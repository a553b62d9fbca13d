package dev.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.ChainHead;
import dev.driftwatch.audit.ChainKey;
import dev.driftwatch.audit.ChainReport;
import dev.driftwatch.testing.DriftwatchJvm;
import dev.driftwatch.testing.FakeProvider;
import dev.driftwatch.testing.TestWorkspace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} while {@code verify} records verdicts, fifty times, each time a real JVM writing the one trail they all
 * share: after every kill the trail opens, its chain verifies (and still reaches the head seen after the kill before),
 * SQLite finds the file sound, and every verdict the killed process said it had recorded ({@code --progress}) is there.
 * The kill comes a random time after a run's first recorded verdict, within the first third of how long a whole run goes
 * on writing on this machine (measured by the first run), while several checks are recording in parallel: the delays
 * are seeded (the seed is printed, and {@code -Ddriftwatch.kills.seed=N} replays them). A run that ends before its kill
 * is checked all the same and does not count as one of the fifty.
 */
class VerifyKilledMidWriteTest {
    private static final int KILLS = 50;
    /** Four copies of the shipped contract: 32 checks, several at a time; more would only make each start slower. */
    private static final int CONTRACTS = 4;
    private static final Pattern RECORDED = Pattern.compile("driftwatch: recorded ([^/]+)/([^/]+)/(\\S+) (\\w+) started (\\S+)");
    private static final String KEY = "kill-test-chain-key-0123456789abcdef";
    @TempDir
    Path dir;
    FakeProvider provider;
    TestWorkspace ws;
    Map<String, String> env;
    Path db;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void setUp() {
        provider = new FakeProvider();
        ws = new TestWorkspace(dir.resolve("workspace"));
        // Every run pays its probe (the paid-call reservation is a write of its own) ...
        ws.edit("dailyBudget: 1 ", "dailyBudget: 100000 ");
        copies(CONTRACTS);
        // ... and the models check is BROKEN, so the incident logic (--notify) writes in the verdicts' transactions.
        provider.models = List.of("gpt-image-1", "dall-e-3");
        env = ws.env(provider);
        env.put(ChainKey.VARIABLE, KEY);
        db = dir.resolve("workspace/data/driftwatch.db");
    }

    @AfterEach
    void tearDown() {
        watchdog.shutdownNow();
        provider.close();
    }

    @Test
    void fiftyKillsMidWriteLoseNoVerdictReportedAsRecordedAndLeaveTheChainIntact() throws Exception {
        long seed = Long.getLong("driftwatch.kills.seed", System.nanoTime());
        System.out.println("VerifyKilledMidWriteTest: seed " + seed + " (replay with -Ddriftwatch.kills.seed=" + seed + ")");
        Random random = new Random(seed);
        long began = System.nanoTime();
        DriftwatchJvm jvm = DriftwatchJvm.forRepeatedStarts(dir.resolve("jvm"));
        String[] verify = {"verify", "--config", ws.config.toString(), "--notify", "--progress"};

        // A whole run first: it makes the class-data archive the killed runs start from, and the trail's first history,
        // and shows how long a run goes on writing after its first verdict on this machine, today.
        Round whole = run(jvm.training(verify), null);
        assertThat(whole.exitCode).as(whole.stderr()).isEqualTo(ExitCode.BROKEN);
        assertThat(whole.recorded).hasSize(CONTRACTS * 8);
        ChainHead head = check(whole, null, "the whole run");
        long window = Math.max(1, whole.writingMillis());

        int kills = 0;
        int rounds = 0;
        int unreported = 0;
        while (kills < KILLS) {
            rounds++;
            assertThat(rounds).as("rounds that ended before their kill: too many, the runs write too briefly (seed " + seed + ")")
                    .isLessThanOrEqualTo(2 * KILLS);
            // Anywhere in the first third of the time a run goes on writing: a random point of the stream of commits, early
            // enough that few runs end before it (a JVM that starts from the archive writes faster than the first run).
            long delay = (long) (random.nextDouble() * window / 3);
            String what = "round " + rounds + " (kill " + (kills + 1) + " of " + KILLS + "), " + delay + " ms after the first recorded verdict, seed " + seed;
            long before = verdictRows();
            Round round = run(jvm.fromArchive(verify), Duration.ofMillis(delay));
            if (round.killed) {
                kills++;
                unreported += (int) (verdictRows() - before - round.recorded.size());
            } else {
                // The run finished first (a faster moment of the machine): what it left must hold all the same.
                assertThat(round.exitCode).as(what + "\n" + round.stderr()).isEqualTo(ExitCode.BROKEN);
            }
            head = check(round, head, what);
        }
        // Verdicts committed after the last line the killed process printed: the kills landed while writing.
        System.out.println("VerifyKilledMidWriteTest: " + kills + " kills in " + rounds + " runs, " + verdictRows() + " verdicts in the trail, "
                + unreported + " committed but not yet reported when their process was killed; kills up to " + window / 3
                + " ms after a run's first verdict; head " + head + "; " + Duration.ofNanos(System.nanoTime() - began).toMillis() + " ms in all");
    }

    /**
     * Starts one run and, unless {@code killAfter} is null, kills it (SIGKILL) that long after it says its first verdict
     * is recorded. Every line it printed before dying is read, up to the end of the pipe.
     */
    private Round run(List<String> command, Duration killAfter) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        pb.environment().remove("DRIFTWATCH_LOG_LEVEL");
        Process process = pb.start();
        // A run that hangs must not hang the build: it is killed, and fails the round as one the test did not kill.
        ScheduledFuture<?> hung = watchdog.schedule(() -> process.toHandle().destroyForcibly(), 120, TimeUnit.SECONDS);
        Round round = new Round();
        CountDownLatch writing = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader err = process.errorReader()) {
                String line;
                while ((line = err.readLine()) != null) {
                    Matcher m = RECORDED.matcher(line);
                    synchronized (round) {
                        round.lines.add(line);
                        if (m.matches()) {
                            round.recorded.add(new Recorded(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)));
                            if (round.firstRecorded == 0) {
                                round.firstRecorded = System.nanoTime();
                            }
                            round.lastRecorded = System.nanoTime();
                        }
                    }
                    if (m.matches()) {
                        writing.countDown();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "stderr of the run");
        reader.start();
        if (killAfter != null) {
            assertThat(writing.await(120, TimeUnit.SECONDS)).as("a first verdict recorded").isTrue();
            // The random kill delay: the run goes on writing meanwhile, unless it ends first.
            if (!process.waitFor(killAfter.toMillis(), TimeUnit.MILLISECONDS)) {
                // SIGKILL: no shutdown hook, no finally, no close. Through the handle, which (unlike
                // Process.destroyForcibly) leaves the pipe open, so the lines already in it are still read.
                process.toHandle().destroyForcibly();
            }
        }
        // Lines already in the pipe when the kill came are read too: they were said before it.
        reader.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        hung.cancel(false);
        round.exitCode = process.exitValue();
        // By the exit status, not by the kill sent: a run may end by itself just before the signal comes.
        round.killed = killAfter != null && round.exitCode == 128 + 9;
        return round;
    }

    /**
     * What must hold after any run, killed or not: the trail opens, its chain is intact and reaches the head seen before,
     * SQLite finds no damage, and every verdict the run reported is there as reported. Answers the head now.
     */
    private ChainHead check(Round round, ChainHead before, String what) throws SQLException {
        ChainHead head;
        try (AuditTrail trail = AuditTrail.openSqlite(db, ChainKey.fromEnvironment(env))) {
            ChainReport report = trail.journal().verify(before);
            assertThat(report.problems()).as(what).isEmpty();
            assertThat(report.unverifiedKeyed()).as(what).isZero();
            head = report.head();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                assertThat(rs.next() ? rs.getString(1) : null).as(what).isEqualTo("ok");
            }
            // A check of a contract starts once per run, so its start time names the one verdict the line is about.
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM verdicts"
                    + " WHERE contract = ? AND environment = ? AND check_name = ? AND outcome = ? AND started_at = ?")) {
                for (Recorded r : round.recorded) {
                    ps.setString(1, r.contract);
                    ps.setString(2, r.environment);
                    ps.setString(3, r.check);
                    ps.setString(4, r.outcome);
                    ps.setString(5, r.startedAt);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertThat(rs.getLong(1)).as(what + ": reported as recorded: " + r).isEqualTo(1);
                    }
                }
            }
        }
        return head;
    }

    private long verdictRows() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM verdicts")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The shipped contract {@code n} times under different IDs. */
    private void copies(int n) {
        String text = ws.configText();
        int at = text.indexOf("\ncontracts:\n") + "\ncontracts:\n".length();
        String contract = text.substring(at);
        StringBuilder out = new StringBuilder(text.substring(0, at));
        for (int i = 0; i < n; i++) {
            out.append(contract.replace("id: wisgate-gpt-image-2", "id: contract-" + i));
        }
        ws.writeConfig(out.toString());
    }

    private record Recorded(String contract, String environment, String check, String outcome, String startedAt) {
    }

    /** What one run said on stderr, and how it ended. */
    private static final class Round {
        final List<String> lines = new ArrayList<>();
        final List<Recorded> recorded = new ArrayList<>();
        boolean killed;
        int exitCode;
        long firstRecorded;
        long lastRecorded;

        /** From the first verdict it said it recorded to the last. */
        synchronized long writingMillis() {
            return TimeUnit.NANOSECONDS.toMillis(lastRecorded - firstRecorded);
        }

        synchronized String stderr() {
            return String.join("\n", lines);
        }
    }
}
