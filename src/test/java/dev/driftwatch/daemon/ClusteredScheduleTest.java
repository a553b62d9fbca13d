package dev.driftwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.ChainKey;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.testing.FakeProvider;
import dev.driftwatch.testing.PostgresServer;
import dev.driftwatch.testing.TestWorkspace;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two daemons (replicas, here in one JVM) on one PostgreSQL database share one schedule through Quartz's clustered
 * store: a check due every second runs once a second in all, not once per replica, and the trail stays one chain; each
 * says on /readyz who is checked in and where the shared database is, and labels its metrics with its instance.
 */
class ClusteredScheduleTest {
    private static final CheckKey MODELS = new CheckKey("wisgate-gpt-image-2", "production", "models");
    @TempDir
    Path dir;
    FakeProvider provider;
    TestWorkspace ws;
    Map<String, String> env;
    String database;

    @BeforeEach
    void setUp() {
        provider = new FakeProvider();
        ws = new TestWorkspace(dir);
        env = new HashMap<>(ws.env(provider));
        database = PostgresServer.newDatabase();
        env.put("DRIFTWATCH_AUDIT_URL", PostgresServer.jdbcUrl(database)); // the shipped checks.yaml's audit.url
        ws.edit("schedule: \"0 */15 * * * ?\"      # Quartz cron: every 15 minutes", "schedule: \"* * * * * ?\"");
        env.put("DRIFTWATCH_AUDIT_USER", "postgres");
        env.put("DRIFTWATCH_CLUSTER_CHECKIN_MS", "1000");
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    /** A daemon on the shared database with instance id {@code id}, not started. */
    private Daemon replica(String id) throws Exception {
        DaemonSettings settings = DaemonSettings.defaults(ws.config).withJitterSeconds(0).withWatchConfig(false).withGrace(Duration.ofSeconds(10)).withPort(0);
        Map<String, String> own = new HashMap<>(env);
        own.put("DRIFTWATCH_INSTANCE_ID", id);
        return new Daemon(own, Clock.systemUTC(), settings);
    }

    private static String get(Daemon d, String path) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + d.httpPort() + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body().strip();
    }

    @Test
    void theCatchUpAtStartCountsTheRunsOfEveryReplica() throws Exception {
        // A check due once a year: a replica that starts runs it once if it never ran, on whichever replica it ran.
        ws.edit("schedule: \"* * * * * ?\"", "schedule: \"0 0 3 1 1 ?\"");
        Daemon first = replica("replica-a");
        Daemon second = replica("replica-b");
        try {
            first.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> provider.requestsTo(FakeProvider.MODELS).size() == 1);
            second.start();
            org.awaitility.Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> provider.requestsTo(FakeProvider.MODELS).size() == 1);
        } finally {
            first.stop(Duration.ofSeconds(5));
            second.stop(Duration.ofSeconds(5));
        }
        assertThat(provider.requestsTo(FakeProvider.MODELS)).as("the second replica's start found the first's run in the shared trail").hasSize(1);
    }

    @Test
    void aCheckDueEverySecondRunsOnceASecondAcrossTwoReplicas() throws Exception {
        Daemon first = replica("replica-a");
        Daemon second = replica("replica-b");
        Instant from;
        Instant until;
        try {
            first.start();
            second.start();
            Thread.sleep(2_000); // both have joined and the catch-up runs are done
            for (Daemon d : List.of(first, second)) {
                String ready = get(d, "/readyz");
                assertThat(ready).startsWith("200 ready").contains("checked in: replica-a, replica-b").contains("jdbc:postgresql://");
                assertThat(get(d, "/metrics")).contains("instance=\"" + (d == first ? "replica-a" : "replica-b") + "\"");
            }
            from = Instant.now();
            Thread.sleep(8_000);
            until = Instant.now();
        } finally {
            first.stop(Duration.ofSeconds(5));
            second.stop(Duration.ofSeconds(5));
        }
        try (AuditTrail trail = AuditTrail.openPostgres(PostgresServer.jdbcUrl(database), "postgres", null, ChainKey.none(), Clock.systemUTC())) {
            List<Verdict> runs = trail.verdicts().latest(MODELS, 1000).stream()
                    .filter(v -> !v.startedAt().isBefore(from) && v.startedAt().isBefore(until)).toList();
            Map<Long, Integer> perSecond = new TreeMap<>();
            runs.forEach(v -> perSecond.merge(v.startedAt().getEpochSecond(), 1, Integer::sum));
            // Once a second in all, not once per replica: about 8 runs in 8 s, not 16. A run a busy machine starts late
            // lands in the next second, so a second may hold two (and the one before none), never more.
            assertThat(runs.size()).as("runs per second " + perSecond).isBetween(7, 9);
            assertThat(perSecond.values()).as("runs per second " + perSecond).allMatch(n -> n <= 2);
            assertThat(trail.journal().verify(trail.journal().head()).intact()).isTrue();
        }
    }

    @Test
    void aReloadOnOneReplicaChangesTheSharedScheduleWithoutDuplicatingJobs() throws Exception {
        Daemon first = replica("replica-a");
        Daemon second = replica("replica-b");
        try {
            first.start();
            second.start();
            int checks = first.scheduledChecks().size();
            ws.edit("schedule: \"* * * * * ?\"", "schedule: \"*/5 * * * * ?\"");
            assertThat(second.reload()).isTrue();
            assertThat(first.scheduledChecks()).as("the other replica reads the shared schedule")
                    .filteredOn(c -> c.key().equals(MODELS)).singleElement().satisfies(c -> assertThat(c.schedule()).isEqualTo("*/5 * * * * ?"));
            assertThat(first.reload()).isTrue(); // the same file again on the other replica: nothing doubles
            try (var c = dev.driftwatch.testing.PostgresServer.dataSource(database).getConnection(); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT count(*), count(DISTINCT job_name) FROM qrtz_job_details WHERE job_group = 'checks'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("one job per check").isEqualTo(checks).isEqualTo(rs.getInt(2));
            }
            try (var c = dev.driftwatch.testing.PostgresServer.dataSource(database).getConnection(); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT count(*) FROM qrtz_triggers WHERE trigger_group = 'checks'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("one schedule per check").isEqualTo(checks);
            }
        } finally {
            first.stop(Duration.ofSeconds(5));
            second.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void alertsOfOneContractFromChecksRunOnEitherReplicaGoOutAsOneMessage() throws Exception {
        dev.driftwatch.testing.SlackStandIn slack = new dev.driftwatch.testing.SlackStandIn();
        try {
            ws.alerts("  slack:\n    webhookUrlEnv: SLACK_WEBHOOK_URL\n    timeout: 2s\n  groupWait: 5s\n");
            ws.edit("schedule: \"30 5/30 * * * ?\"     # twice an hour, free: n=0 is refused before any image is made", "schedule: \"* * * * * ?\"");
            env.put("SLACK_WEBHOOK_URL", slack.webhookUrl());
            Daemon first = replica("replica-a");
            Daemon second = replica("replica-b");
            try {
                first.start();
                second.start();
                Thread.sleep(3_000);
                // One release breaks two checks of the contract at once; their runs land on either replica.
                provider.models = List.of("gpt-image-2.5", "gpt-image-1");
                provider.override(FakeProvider.GENERATIONS, r -> FakeProvider.error(410, "gone", "invalid_request_error", null, null));
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> slack.texts().stream().anyMatch(t -> t.startsWith("BROKEN")));
                Thread.sleep(3_000);
            } finally {
                first.stop(Duration.ofSeconds(5));
                second.stop(Duration.ofSeconds(5));
            }
            List<String> broken = slack.texts().stream().filter(t -> t.startsWith("BROKEN")).toList();
            assertThat(broken).as("one message for the contract's breaks: " + slack.texts()).hasSize(1);
            assertThat(broken.get(0)).contains("· production").contains("alerts");
        } finally {
            slack.close();
        }
    }
}
