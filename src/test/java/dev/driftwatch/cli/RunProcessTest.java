package dev.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.testing.DriftwatchJvm;
import dev.driftwatch.testing.FakeProvider;
import dev.driftwatch.testing.SlackStandIn;
import dev.driftwatch.testing.TestWorkspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code driftwatch run} as a container runs it: a real JVM, stopped by SIGTERM while a slow check is in flight. */
class RunProcessTest {
    private static final CheckKey MODELS = new CheckKey("wisgate-gpt-image-2", "production", "models");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @TempDir
    Path dir;
    FakeProvider provider;
    SlackStandIn slack;
    TestWorkspace ws;
    Process process;

    @BeforeEach
    void setUp() {
        provider = new FakeProvider();
        slack = new SlackStandIn();
        ws = new TestWorkspace(dir);
        ws.alerts("  slack:\n    webhookUrlEnv: SLACK_WEBHOOK_URL\n    timeout: 2s\n");
        ws.edit("\"0 */15 * * * ?\"", "\"* * * * * ?\"").edit("readTimeout: 1s", "readTimeout: 20s").edit("callTimeout: 5s", "callTimeout: 30s");
    }

    @AfterEach
    void tearDown() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        provider.close();
        slack.close();
    }

    @Test
    void sigtermMidCheckExitsZeroWithTheVerdictRecordedAndTheAlertDelivered() throws Exception {
        // A release dropped the pinned model, and the provider is slow to say so: the run is in flight when the stop comes.
        provider.override(FakeProvider.MODELS, r -> new MockResponse.Builder().code(200).headersDelay(3, TimeUnit.SECONDS)
                .setHeader("Content-Type", "application/json").setHeader("x-request-id", "req_slow_models")
                .body("{\"object\":\"list\",\"data\":[{\"id\":\"gpt-image-1\",\"object\":\"model\",\"created\":1776729600,\"owned_by\":\"wisgate\"}]}")
                .build());
        Path stdout = dir.resolve("stdout.log");
        Path stderr = dir.resolve("stderr.log");
        List<String> command = DriftwatchJvm.command("run", "--config", ws.config.toString(), "--log-format", "json", "--grace", "20s", "--port", "0");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().putAll(ws.env(provider));
        pb.environment().put("SLACK_WEBHOOK_URL", slack.webhookUrl());
        pb.environment().remove("DRIFTWATCH_LOG_LEVEL");
        process = pb.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> !provider.requestsTo(FakeProvider.MODELS).isEmpty() || !process.isAlive());
        assertThat(process.isAlive()).as(Files.readString(stderr)).isTrue();
        process.destroy(); // SIGTERM
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(out + err).isZero();

        List<Verdict> history;
        try (AuditTrail trail = AuditTrail.openSqlite(dir.resolve("data/driftwatch.db"))) {
            history = trail.verdicts().latest(MODELS, 100);
        }
        assertThat(history).as("the run in flight at SIGTERM finished and was recorded").isNotEmpty()
                .first().satisfies(v -> assertThat(v.outcome()).isEqualTo(Outcome.BROKEN));
        assertThat(slack.texts()).as("the outbox was flushed before exit")
                .anySatisfy(t -> assertThat(t).startsWith("BROKEN · wisgate-gpt-image-2 · production · models"));

        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.lines().toList()) {
            lines.add(JSON.readTree(line)); // every stdout line is one JSON object
        }
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.path("contract").asString()).isEqualTo("wisgate-gpt-image-2");
            assertThat(l.path("environment").asString()).isEqualTo("production");
            assertThat(l.path("check").asString()).isEqualTo("models");
            assertThat(l.path("verdict").asString()).isEqualTo("BROKEN");
            assertThat(l.path("requestId").asString()).isEqualTo("req_slow_models");
            assertThat(l.path("level").asString()).isEqualTo("INFO");
            assertThat(l.path("message").asString()).contains("BROKEN").contains("wisgate-gpt-image-2/production/models");
        });
        assertThat(lines).anySatisfy(l -> assertThat(l.path("message").asString()).startsWith("stopped"));

        String everything = out + err + ws.dataFilesText();
        assertThat(everything.contains(FakeProvider.KEY)).as("the API key").isFalse();
        assertThat(everything.contains(SlackStandIn.WEBHOOK_SECRET_PART)).as("the webhook URL").isFalse();
    }

    @Test
    void sigtermWhileAFreshTrailIsMigratedLetsTheMigrationEndThenExitsZero() throws Exception {
        Path trailFile = dir.resolve("data/driftwatch.db");
        List<String> command = DriftwatchJvm.command("run", "--config", ws.config.toString(), "--grace", "5s", "--port", "0");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile());
        pb.environment().putAll(ws.env(provider));
        process = pb.start();
        // The file appears as the trail is opened, before its migrations: the stop comes while the start is under way.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2)).until(() -> Files.exists(trailFile) || !process.isAlive());
        process.destroy(); // SIGTERM
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(dir.resolve("out.log"));
        assertThat(process.exitValue()).as(out).isZero();
        CliRun verify = CliRun.of(ws.env(provider), "audit", "verify", "--config", ws.config.toString());
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    }

    @Test
    void sigtermWhileSlackHangsEndsWithinTheGraceAndLeavesTheAlertsQueued() throws Exception {
        // Slack accepts connections and never answers (each send waits its whole 10 s timeout); three checks break.
        slack.down(SlackStandIn.Answer.HANG);
        ws.alerts("  slack:\n    webhookUrlEnv: SLACK_WEBHOOK_URL\n    timeout: 10s\n  groupWait: 0s\n");
        provider.models = List.of("gpt-image-1");
        provider.override(FakeProvider.GENERATIONS, r -> FakeProvider.error(410, "gone", "invalid_request_error", null, null));
        List<String> command = DriftwatchJvm.command("run", "--config", ws.config.toString(), "--log-format", "text", "--grace", "4s", "--port", "0");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dir.resolve("stdout.log").toFile()).redirectError(dir.resolve("stderr.log").toFile());
        pb.environment().putAll(ws.env(provider));
        pb.environment().put("SLACK_WEBHOOK_URL", slack.webhookUrl());
        process = pb.start();
        Path db = dir.resolve("data/driftwatch.db");
        // The trail is opened here only once the daemon has migrated it: two first migrations at once would collide.
        await().atMost(Duration.ofSeconds(60)).until(() -> !process.isAlive()
                || (Files.readString(dir.resolve("stdout.log")).contains("driftwatch running") && pending(db) >= 3));
        assertThat(process.isAlive()).as(Files.readString(dir.resolve("stderr.log"))).isTrue();

        long t0 = System.nanoTime();
        process.destroy(); // SIGTERM
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(process.exitValue()).isZero();
        // The grace bounds the stop, flush included; the JVM's own exit comes on top (a second or two here).
        assertThat(took).as("SIGTERM to exit, with --grace 4s").isLessThan(Duration.ofSeconds(4 + 3));
        assertThat(pending(db)).as("what could not be sent stays queued for the next start").isGreaterThanOrEqualTo(3);
    }

    private static int pending(Path db) {
        try (AuditTrail trail = AuditTrail.openSqlite(db)) {
            return trail.outbox().pending();
        }
    }

    @Test
    void anInvalidConfigurationAtStartIsExitCodeTwoWithTheErrors() {
        ws.edit("\"* * * * * ?\"", "\"every second\"");
        CliRun run = CliRun.of(ws.env(provider), "run", "--config", ws.config.toString(), "--log-format", "text");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("checks.yaml:").contains("not a Quartz cron expression");
    }

    @Test
    void aScheduleThatNeverFiresIsRefusedAtStartWithExitCodeTwo() {
        // Quartz finds no next time for 30 February: refused with the config's errors, not an exception from the scheduler.
        ws.edit("\"0 0 6 * * ?\"", "\"0 0 0 30 2 ?\"");
        CliRun run = CliRun.of(ws.env(provider), "run", "--config", ws.config.toString(), "--log-format", "text");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().satisfies(l -> assertThat(l).startsWith(ws.config + ":").contains("never fires"));
        assertThat(provider.requests).isEmpty();
    }
}
