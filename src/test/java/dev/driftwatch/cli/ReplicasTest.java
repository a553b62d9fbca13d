package dev.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.ChainKey;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.testing.DriftwatchJvm;
import dev.driftwatch.testing.FakeProvider;
import dev.driftwatch.testing.PostgresServer;
import dev.driftwatch.testing.SlackStandIn;
import dev.driftwatch.testing.TestWorkspace;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three replicas of {@code driftwatch run}, separate JVMs on one real PostgreSQL: the models check due every second for a
 * minute runs once a second in all; the replica running it killed with SIGKILL mid-check, its work goes on on the others once the
 * cluster notices (within the check-in interval); a break all of them see is one Slack alert, its recovery one RESOLVED; the paid probe's
 * budget of one a day is spent once; the shared chain verifies.
 */
class ReplicasTest {
    private static final CheckKey MODELS = new CheckKey("wisgate-gpt-image-2", "production", "models");
    private static final Duration CHECKIN = Duration.ofSeconds(1);
    @TempDir
    Path dir;
    FakeProvider provider;
    SlackStandIn slack;
    TestWorkspace ws;
    String database;
    final List<Process> replicas = new ArrayList<>();

    @BeforeEach
    void setUp() {
        provider = new FakeProvider();
        slack = new SlackStandIn();
        ws = new TestWorkspace(dir);
        ws.alerts("  slack:\n    webhookUrlEnv: SLACK_WEBHOOK_URL\n    timeout: 2s\n  groupWait: 0s\n");
        ws.edit("\"0 */15 * * * ?\"", "\"* * * * * ?\"").edit("readTimeout: 1s", "readTimeout: 20s").edit("callTimeout: 5s", "callTimeout: 30s");
        database = PostgresServer.newDatabase();
    }

    @AfterEach
    void tearDown() {
        replicas.forEach(Process::destroyForcibly);
        provider.close();
        slack.close();
    }

    private Process replica(String id) throws Exception {
        List<String> command = DriftwatchJvm.command("run", "--config", ws.config.toString(), "--log-format", "text", "--grace", "10s", "--port", "0");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dir.resolve(id + ".out").toFile()).redirectError(dir.resolve(id + ".err").toFile());
        pb.environment().putAll(ws.env(provider));
        pb.environment().put("SLACK_WEBHOOK_URL", slack.webhookUrl());
        pb.environment().put("DRIFTWATCH_AUDIT_URL", PostgresServer.jdbcUrl(database)); // the shipped checks.yaml's audit.url
        pb.environment().put("DRIFTWATCH_AUDIT_USER", "postgres");
        pb.environment().put("DRIFTWATCH_INSTANCE_ID", id);
        pb.environment().put("DRIFTWATCH_CLUSTER_CHECKIN_MS", String.valueOf(CHECKIN.toMillis()));
        Process p = pb.start();
        replicas.add(p);
        return p;
    }

    /** The replica running the models check now, from Quartz's own table of fired triggers; null when none is. */
    private String runningModels() throws Exception {
        try (Connection c = PostgresServer.dataSource(database).getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT instance_name FROM qrtz_fired_triggers WHERE job_name = ? AND state = 'EXECUTING'")) {
            ps.setString(1, MODELS.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Test
    void threeReplicasShareTheWorkSurviveAKillAndAlertOnce() throws Exception {
        Map<String, Process> byId = new TreeMap<>();
        for (String id : List.of("replica-a", "replica-b", "replica-c")) {
            byId.put(id, replica(id));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> provider.requestsTo(FakeProvider.MODELS).size() >= 3 || replicas.stream().anyMatch(p -> !p.isAlive()));
        assertThat(replicas).as(Files.readString(dir.resolve("replica-a.err"))).allMatch(Process::isAlive);
        Thread.sleep(3_000); // every replica has joined the cluster
        Instant from = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 1); // whole seconds: a run fires at the start of one
        Thread.sleep(15_000);
        // Mid-check: the provider holds the next models request; the replica that sent it is killed while it waits.
        int before = provider.requestsTo(FakeProvider.MODELS).size();
        provider.script(FakeProvider.MODELS, new MockResponse.Builder().headersDelay(20, TimeUnit.SECONDS).body("{}").build());
        await().atMost(Duration.ofSeconds(20)).until(() -> provider.requestsTo(FakeProvider.MODELS).size() > before && runningModels() != null);
        Process a = byId.get(runningModels());
        Instant killedAt = Instant.now();
        a.destroyForcibly(); // SIGKILL: no goodbye to the cluster
        assertThat(a.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(15_000);
        provider.models = List.of("gpt-image-2.5", "gpt-image-1"); // a release renames the pinned model
        await().atMost(Duration.ofSeconds(30)).until(() -> slack.texts().stream().anyMatch(t -> t.startsWith("BROKEN")));
        Thread.sleep(5_000);
        provider.models = List.of("gpt-image-2", "gpt-image-1", "gpt-image-1-mini", "dall-e-3"); // reverted
        await().atMost(Duration.ofSeconds(30)).until(() -> slack.texts().stream().anyMatch(t -> t.startsWith("RESOLVED")));
        Thread.sleep(15_000);
        Instant until = Instant.ofEpochSecond(Instant.now().getEpochSecond() - 1);
        for (Process p : replicas) {
            p.destroy();
        }
        for (Process p : replicas) {
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        try (AuditTrail trail = AuditTrail.openPostgres(PostgresServer.jdbcUrl(database), "postgres", null, ChainKey.none(), Clock.systemUTC())) {
            Map<Long, Integer> perSecond = new TreeMap<>();
            for (Verdict v : trail.verdicts().latest(MODELS, 10_000)) {
                if (!v.startedAt().isBefore(from) && v.startedAt().isBefore(until)) {
                    perSecond.merge(v.startedAt().getEpochSecond(), 1, Integer::sum);
                }
            }
            long killed = killedAt.getEpochSecond();
            // The killed replica held the check (a check's runs never overlap), so it waited for the take-over: another
            // replica notices within the check-in interval, redoes the run it lost (requestRecovery) and the trigger runs
            // on. Two seconds more: the run held before the kill, and three JVMs on a busy two-core machine.
            long recovery = CHECKIN.toSeconds() + 2;
            long last = -1;
            int outside = 0;
            long outsideSeconds = 0;
            for (long s = from.getEpochSecond(); s < until.getEpochSecond(); s++) {
                int runs = perSecond.getOrDefault(s, 0);
                if (runs > 0) {
                    assertThat(last < 0 ? 0 : s - last).as("no pause longer than the recovery after the kill (per second: %s)", perSecond)
                            .isLessThanOrEqualTo(recovery);
                    last = s;
                }
                boolean nearTheKill = s >= killed - 1 && s <= killed + recovery;
                if (!nearTheKill) {
                    outside += runs;
                    outsideSeconds++;
                    // A run a busy machine starts late lands in the next second: two in one, none in the one before.
                    assertThat(runs).as("second %d (per second: %s)", s - from.getEpochSecond(), perSecond).isLessThanOrEqualTo(2);
                }
            }
            // Every trigger ran once in all away from the kill: as many runs as seconds, give or take the edges of the
            // window; two replicas firing the same trigger would double it.
            assertThat(outside).as("runs in the %d seconds away from the kill (per second: %s)", outsideSeconds, perSecond)
                    .isBetween((int) outsideSeconds - 2, (int) outsideSeconds + 2);
            assertThat(trail.journal().verify(trail.journal().head()).intact()).as("one chain, three writers").isTrue();
            int paid = trail.paidCalls().countOn("wisgate-gpt-image-2", java.time.LocalDate.now(java.time.ZoneOffset.UTC))
                    + trail.paidCalls().countOn("wisgate-gpt-image-2", java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1));
            assertThat(paid).as("the paid probe's budget of one a day, spent once").isEqualTo(1);
        }
        assertThat(provider.requestsTo(FakeProvider.GENERATIONS).stream().filter(r -> !r.getBody().utf8().contains("\"n\":0")).count())
                .as("one paid request in all").isEqualTo(1);
        List<String> models = slack.texts().stream().filter(t -> t.contains("· production")).toList();
        assertThat(models.stream().filter(t -> t.startsWith("BROKEN"))).as("one alert for the break three replicas saw: " + slack.texts()).hasSize(1);
        assertThat(models.stream().filter(t -> t.startsWith("RESOLVED"))).as("one for its recovery").hasSize(1);
    }
}
