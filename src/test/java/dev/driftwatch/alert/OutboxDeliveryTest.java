package dev.driftwatch.alert;

import static dev.driftwatch.audit.AlertKind.OPENED;
import static dev.driftwatch.audit.AlertKind.RESOLVED;
import static dev.driftwatch.check.Outcome.BROKEN;
import static dev.driftwatch.check.Outcome.PASS;
import static dev.driftwatch.testing.AlertScenario.modelNotListed;
import static dev.driftwatch.testing.SlackStandIn.Answer.ACCEPT_THEN_HANG;
import static dev.driftwatch.testing.SlackStandIn.Answer.ERROR_500;
import static dev.driftwatch.testing.SlackStandIn.Answer.HANG;
import static dev.driftwatch.testing.SlackStandIn.Answer.INVALID_BLOCKS;
import static dev.driftwatch.testing.SlackStandIn.Answer.RATE_LIMITED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.OutboxRow;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.testing.AlertScenario;
import dev.driftwatch.testing.FakeProvider;
import dev.driftwatch.testing.SlackStandIn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The outbox against a Slack that fails in the ways Slack fails: no alert lost, none sent twice, none out of order. */
class OutboxDeliveryTest extends AlertScenarioTest {
    @Test
    void slackAnswering500IsRetriedWithBackoffThenDeliveredOnce() {
        s.webhook("").start();
        s.slack.next(ERROR_500, ERROR_500);
        s.run(BROKEN, modelNotListed());
        assertThat(s.deliverDue()).isZero();
        OutboxRow failed = s.outbox().get(0);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.slackAnswer()).isEqualTo("HTTP 500 internal_error");
        assertThat(failed.nextAttemptAt()).isAfter(s.clock.instant());
        assertThat(s.deliverDue()).as("not due again before its backoff").isZero();

        assertThat(s.flush()).isZero();
        assertThat(s.slack.accepted).hasSize(1);
        assertThat(s.slack.requests).hasSize(3);
        assertThat(s.clock.sleeps).hasSize(2);
        // Exponential with jitter: the second wait lies in a band twice as high as the first.
        assertThat(s.clock.sleeps.get(0)).isBetween(Duration.ofMillis(750), Duration.ofSeconds(2));
        assertThat(s.clock.sleeps.get(1)).isBetween(Duration.ofMillis(1750), Duration.ofSeconds(4));
        OutboxRow done = s.outbox().get(0);
        assertThat(done.delivered()).isTrue();
        assertThat(done.slackAnswer()).isEqualTo("ok");
        assertThat(done.attempts()).isEqualTo(3);
    }

    @ParameterizedTest(name = "through the {0}")
    @ValueSource(strings = {"webhook", "bot"})
    void rateLimitedWaitsAtLeastRetryAfter(String transport) {
        (transport.equals("bot") ? s.bot("") : s.webhook("")).start();
        s.slack.retryAfterSeconds = 42;
        s.slack.next(RATE_LIMITED);
        s.run(BROKEN, modelNotListed());
        assertThat(s.flush()).isZero();
        assertThat(s.clock.sleeps).singleElement().satisfies(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofSeconds(42)));
        assertThat(s.slack.accepted).hasSize(1);
    }

    @Test
    void blocksSlackRefusesAreSentAgainAsPlainTextNeverDropped() {
        s.webhook("").start();
        s.slack.next(INVALID_BLOCKS);
        s.run(BROKEN, modelNotListed());
        assertThat(s.flush()).isZero();
        assertThat(s.slack.accepted).singleElement().satisfies(m -> {
            assertThat(m.hasBlocks()).isFalse();
            assertThat(m.text()).startsWith("BROKEN · wisgate-gpt-image-2 · production · models")
                    .contains("model-not-listed").contains("driftwatch audit history");
        });
        OutboxRow row = s.outbox().get(0);
        assertThat(row.slackAnswer()).isEqualTo("ok (as plain text)");
        assertThat(row.lastError()).contains("invalid_blocks");
    }

    @Test
    void botMessagesSlackRefusesAreSentAgainAsPlainTextInTheirThread() {
        s.bot("").start();
        s.run(BROKEN, modelNotListed());
        s.run(PASS);
        s.slack.next(dev.driftwatch.testing.SlackStandIn.Answer.OK, INVALID_BLOCKS);
        assertThat(s.flush()).isZero();
        assertThat(s.slack.accepted).hasSize(2);
        assertThat(s.slack.accepted.get(1).hasBlocks()).isFalse();
        assertThat(s.slack.accepted.get(1).threadTs()).isEqualTo(s.slack.accepted.get(0).ts());
    }

    @Test
    void aHangingSlackTimesOutAndTheAlertIsRetriedLater() {
        s.webhook("").start();
        s.slack.next(HANG);
        s.run(BROKEN, modelNotListed());
        assertThat(s.deliverDue()).isZero();
        assertThat(s.outbox().get(0).lastError()).containsIgnoringCase("timeout");
        assertThat(s.flush()).isZero();
        assertThat(s.slack.accepted).hasSize(1);
    }

    @Test
    void aBotMessageSlackTookWhoseAnswerWasLostIsFoundByItsMetadataAndNotPostedAgain() {
        s.bot("").start();
        s.slack.next(ACCEPT_THEN_HANG);
        s.run(BROKEN, modelNotListed());
        assertThat(s.deliverDue()).as("the answer never came: a timeout").isZero();
        assertThat(s.slack.accepted).hasSize(1);

        assertThat(s.flush()).isZero();
        assertThat(s.slack.accepted).as("looked up before posting again: one message").hasSize(1);
        assertThat(s.slack.lookUps).hasValue(1);
        OutboxRow row = s.outbox().get(0);
        assertThat(row.delivered()).isTrue();
        assertThat(row.slackAnswer()).isEqualTo("ok (posted by an earlier attempt, found by its metadata)");
        // The thread is the message found, so the resolution replies under it.
        s.run(PASS);
        assertThat(s.flush()).isZero();
        assertThat(s.slack.accepted).hasSize(2);
        assertThat(s.slack.accepted.get(1).threadTs()).isEqualTo(s.slack.accepted.get(0).ts());
    }

    @Test
    void aReplyWhoseAnswerWasLostIsFoundInItsThread() {
        s.bot("").start();
        s.run(BROKEN, modelNotListed());
        assertThat(s.flush()).isZero();
        s.run(PASS);
        s.slack.next(ACCEPT_THEN_HANG);
        assertThat(s.flush()).isZero();
        assertThat(s.slack.accepted).hasSize(2);
        assertThat(s.slack.accepted.get(1).threadTs()).isEqualTo(s.slack.accepted.get(0).ts());
        assertThat(s.outbox().get(1).slackAnswer()).contains("found by its metadata");
    }

    @Test
    void aWebhookMessageWhoseAnswerWasLostComesTwiceTheDocumentedWindow() {
        s.webhook("").start();
        s.slack.next(ACCEPT_THEN_HANG);
        s.run(BROKEN, modelNotListed());
        assertThat(s.flush()).isZero();
        assertThat(s.slack.accepted).as("a webhook cannot be asked what it took").hasSize(2);
    }

    @Test
    void aBotThatMayNotReadTheChannelPostsAgainAndSaysWhatToGrant() {
        s.bot("").start();
        s.slack.lookUpAllowed = false;
        s.slack.next(ACCEPT_THEN_HANG);
        s.run(BROKEN, modelNotListed());
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(SlackAlerts.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try {
            assertThat(s.flush()).isZero();
        } finally {
            log.detachAppender(logged);
        }
        assertThat(s.slack.accepted).hasSize(2);
        assertThat(logged.list).singleElement().satisfies(e ->
                assertThat(e.getFormattedMessage()).contains("missing_scope").contains("channels:history").doesNotContain(SlackStandIn.BOT_TOKEN));
    }

    @Test
    void aLookUpSlackCannotAnswerNowIsTriedAgainBeforeAnyPost() {
        s.bot("").start();
        s.slack.next(ACCEPT_THEN_HANG, ERROR_500);
        s.run(BROKEN, modelNotListed());
        assertThat(s.flush()).isZero();
        assertThat(s.slack.accepted).hasSize(1);
        assertThat(s.outbox().get(0).attempts()).isEqualTo(3);
    }

    @Test
    void slackDownForTheWholeIncidentDeliversOpenedThenResolvedOnceEachWhenItComesBack() {
        s.webhook("").start();
        s.slack.down(ERROR_500);
        s.run(BROKEN, modelNotListed());
        for (int i = 0; i < 5; i++) {
            s.deliverDue();
            s.clock.advance(Duration.ofMinutes(10));
        }
        s.run(BROKEN, modelNotListed());
        s.run(PASS);
        s.deliverDue();
        assertThat(s.slack.accepted).isEmpty();
        assertThat(s.trail().outbox().pending()).isEqualTo(2);

        s.slack.up();
        assertThat(s.flush()).isZero();
        assertThat(s.slack.texts()).satisfiesExactly(
                t -> assertThat(t).startsWith("BROKEN · "),
                t -> assertThat(t).startsWith("RESOLVED · "));
        s.clock.advance(Duration.ofDays(1));
        assertThat(s.deliverDue()).isZero();
        assertThat(s.slack.accepted).hasSize(2);
    }

    @Test
    void aResolvedNeverOvertakesItsOpened() {
        s.webhook("").start();
        s.slack.next(ERROR_500);
        s.runNow(BROKEN, modelNotListed());
        assertThat(s.deliverDue()).isZero(); // OPENED waits for its backoff
        s.runNow(PASS); // RESOLVED is due at once, but its OPENED is not delivered yet
        assertThat(s.deliverDue()).isZero();
        assertThat(s.slack.accepted).isEmpty();
        assertThat(s.flush()).isZero();
        assertThat(s.outbox()).extracting(OutboxRow::kind).containsExactly(OPENED, RESOLVED);
        // Made within one group window, they share a message, the opening first.
        assertThat(s.slack.accepted).singleElement().satisfies(m -> {
            assertThat(m.text()).startsWith("BROKEN + RESOLVED · wisgate-gpt-image-2 · production · 2 alerts");
            assertThat(m.blocks().indexOf("*BROKEN · wisgate-gpt-image-2 · production · models*"))
                    .isLessThan(m.blocks().indexOf("*RESOLVED · wisgate-gpt-image-2 · production · models*"));
        });
    }

    @Test
    void aProcessKilledBetweenTheIncidentChangeAndTheDeliveryDeliversAfterRestartOnce() {
        s.webhook("").start();
        assertThat(s.run(BROKEN, modelNotListed())).containsExactly(OPENED);
        s.stop(); // killed: nothing was sent
        assertThat(s.slack.requests).isEmpty();

        s.start();
        assertThat(s.deliverDue()).isEqualTo(1);
        assertThat(s.deliverDue()).isZero();
        s.restart();
        assertThat(s.deliverDue()).isZero();
        assertThat(s.slack.accepted).hasSize(1);
    }

    @Test
    void aProcessKilledWhileSendingLeavesALeaseTheNextWorkerWaitsOut() {
        s.webhook("").start();
        s.run(BROKEN, modelNotListed());
        // Claimed by a worker that then died before sending.
        assertThat(s.trail().outbox().claimNext("dead-worker", s.clock.instant(), Duration.ofMinutes(2))).isPresent();
        s.restart();
        assertThat(s.deliverDue()).as("the lease is still held").isZero();
        assertThat(s.flush()).isZero();
        assertThat(s.slack.accepted).hasSize(1);
        assertThat(s.clock.sleeps).singleElement().satisfies(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMinutes(2)));
    }

    @Test
    void twoWorkersOnTheSameFileNeverSendTheSameAlert() throws Exception {
        s.webhook("").start();
        List<String> checks = List.of("models", "endpoint", "generation");
        for (int i = 0; i < 10; i++) {
            for (String check : checks) {
                s.run(s.verdict(new CheckKey(AlertScenario.MODELS.contract(), "production", check), Outcome.CHANGED,
                        Finding.info("model-released", "/data", null, "gpt-image-2." + check + "." + i).as(dev.driftwatch.check.Change.NEW)));
            }
        }
        assertThat(s.trail().outbox().pending()).isEqualTo(30);
        try (AuditTrail other = AuditTrail.openSqlite(s.auditFile());
             Alerting twin = Alerting.create(new dev.driftwatch.config.ConfigLoader(s.env).load(s.workspace.config).file().alerts(),
                     s.checks(), java.util.Map.of(), s.env, other, LocalAlerts.toLog(), List.of(), CheckPageLinks.NONE, s.clock, s.clock::sleep)) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> runs = new ArrayList<>();
                for (OutboxWorker w : List.of(s.alerting().worker(), twin.worker())) {
                    runs.add(pool.submit(() -> {
                        int n = 0;
                        while (s.trail().outbox().pending() > 0) {
                            n += w.deliverDue();
                        }
                        return n;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : runs) {
                    total += f.get();
                }
                assertThat(total).isEqualTo(30);
            } finally {
                pool.shutdownNow();
            }
        }
        List<String> texts = s.slack.texts();
        assertThat(texts).hasSize(30);
        assertThat(new HashSet<>(s.slack.accepted.stream().map(SlackStandIn.Message::blocks).toList())).hasSize(30);
        for (String check : checks) {
            List<String> ofCheck = s.slack.accepted.stream().map(SlackStandIn.Message::blocks)
                    .filter(b -> b.contains("gpt-image-2." + check + ".")).toList();
            for (int i = 0; i < 10; i++) {
                assertThat(ofCheck.get(i)).as("alerts of %s in order", check).contains("gpt-image-2." + check + "." + i);
            }
        }
    }

    @Test
    void theDaemonsLoopDeliversWhatTheIncidentLogicEnqueuesUntilToldToStop() throws Exception {
        s.webhook("").start();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread loop = new Thread(() -> s.alerting().worker().run(running::get, Duration.ofMillis(20)), "outbox-loop");
        loop.start();
        try {
            s.slack.next(ERROR_500);
            s.runNow(BROKEN, modelNotListed());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(s.slack.accepted).hasSize(1));
            s.runNow(PASS);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(s.slack.texts()).hasSize(2));
        } finally {
            running.set(false);
            loop.join(5000);
        }
        assertThat(loop.isAlive()).isFalse();
        assertThat(s.slack.texts().get(1)).startsWith("RESOLVED");
    }

    @Test
    void withoutSlackAlertsAreWrittenLocallyAndMarkedDelivered() {
        s.alerts("  slack:\n    webhookUrlEnv: SLACK_WEBHOOK_URL\n").start(); // variable not set
        s.run(BROKEN, modelNotListed());
        assertThat(s.flush()).isZero();
        assertThat(s.printed.toString()).startsWith("BROKEN · wisgate-gpt-image-2 · production · models").contains("model-not-listed");
        assertThat(s.outbox().get(0).route()).isEqualTo("log");
        assertThat(s.outbox().get(0).slackAnswer()).isEqualTo("printed");
        assertThat(s.slack.requests).isEmpty();
    }

    @Test
    void theWebhookUrlTheBotTokenAndTheApiKeyAppearNowhere() throws Exception {
        s.webhook("");
        s.env.put("SLACK_BOT_TOKEN", SlackStandIn.BOT_TOKEN);
        s.env.put("DRIFTWATCH_LOG_LEVEL", "DEBUG");
        PrintStream realErr = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Level level = root.getLevel();
        root.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try {
            s.start();
            s.slack.next(ERROR_500, HANG, INVALID_BLOCKS);
            // A provider that echoed the key, in a verdict that reached alerting unredacted.
            var echoed = s.verdict(AlertScenario.MODELS, BROKEN,
                    Finding.error("auth-rejected", null, "HTTP 2xx", "HTTP 401: Incorrect API key provided: " + FakeProvider.KEY));
            s.trail().record(echoed.redacted(new dev.driftwatch.check.Redactor(List.of(FakeProvider.KEY))),
                    tx -> s.alerting().incidents().observeIn(tx, echoed));
            s.clock.advance(Duration.ofMinutes(15)); // outside the group window: two messages
            s.run(PASS);
            assertThat(s.flush()).isZero();
        } finally {
            root.setLevel(level);
            System.setErr(realErr);
        }
        String db = s.workspace.dataFilesText();
        String everything = logs.toString(StandardCharsets.UTF_8) + s.printed + s.outbox() + db
                + s.slack.accepted.stream().map(m -> m.text() + m.blocks()).toList();
        assertThat(s.slack.accepted).hasSize(2);
        assertThat(everything.contains(SlackStandIn.WEBHOOK_SECRET_PART)).as("the webhook URL's secret part").isFalse();
        assertThat(everything.contains(SlackStandIn.BOT_TOKEN)).as("the bot token").isFalse();
        assertThat(everything.contains(FakeProvider.KEY)).as("the API key").isFalse();
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("refused by Slack (invalid_blocks)");
        assertThat(s.slack.accepted.get(0).text()).as("sent as plain text after invalid_blocks").contains("[REDACTED]");
    }
}
