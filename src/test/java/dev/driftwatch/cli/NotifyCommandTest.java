package dev.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.OutboxRow;
import dev.driftwatch.testing.FakeProvider;
import dev.driftwatch.testing.SlackStandIn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code driftwatch verify --notify} end to end, as a cron job or a CI pipeline runs it: real checks, real trail, a Slack stand-in. */
class NotifyCommandTest extends CliScenarioTest {
    private static final List<String> HEALTHY = List.of("gpt-image-2", "gpt-image-1", "gpt-image-1-mini", "dall-e-3");
    SlackStandIn slack;

    @BeforeEach
    void startSlack() {
        slack = new SlackStandIn();
    }

    @AfterEach
    void stopSlack() {
        slack.close();
    }

    private void botAlerts() {
        env.put("SLACK_BOT_TOKEN", SlackStandIn.BOT_TOKEN);
        ws.alerts("  slack:\n    botTokenEnv: SLACK_BOT_TOKEN\n    channel: \"#ai-contracts\"\n"
                + "    apiUrl: " + slack.apiUrl() + "\n    timeout: 500ms\n");
    }

    private CliRun verifyNotify(String... more) {
        return verifyNotifyWithin("3s", more);
    }

    private CliRun verifyNotifyWithin(String within, String... more) {
        return verify(Stream.concat(Stream.of("--notify", "--notify-within", within), Stream.of(more)).toArray(String[]::new));
    }

    @Test
    void modelRemovedFromModelsOneBrokenAlertTenMoreRunsNoneRevertOneResolvedInTheThread() {
        botAlerts();
        assertThat(verifyNotify().exitCode()).isZero();
        assertThat(slack.accepted).isEmpty();

        provider.models = List.of("gpt-image-2.5", "gpt-image-1");
        CliRun broken = verifyNotify();
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.err()).contains("alerts go to Slack; 0 alert(s) pending");
        // One release, one message: the break, the release seen with it, and the docs and the spec that now disagree.
        assertThat(slack.accepted).singleElement().satisfies(m -> {
            assertThat(m.text()).startsWith("BROKEN + CHANGED · wisgate-gpt-image-2 · production, public · 4 alerts");
            assertThat(m.blocks()).contains("*BROKEN · wisgate-gpt-image-2 · production · models*").contains("model-not-listed")
                    .contains("*CHANGED · wisgate-gpt-image-2 · production · models*").contains("new model gpt-image-2.5")
                    .contains("*CHANGED · wisgate-gpt-image-2 · public · docs:models*").contains("live-only: gpt-image-2.5")
                    .contains("*CHANGED · wisgate-gpt-image-2 · public · spec:openai*").contains("spec-live-disagree")
                    .contains("request ID").contains("driftwatch audit history");
            assertThat(m.channel()).isEqualTo("#ai-contracts");
        });
        for (int i = 0; i < 10; i++) {
            assertThat(verifyNotify().exitCode()).isEqualTo(1);
        }
        // The news of the same change came once, in the first broken run.
        assertThat(slack.accepted).hasSize(1);
        int before = slack.accepted.size();

        provider.models = HEALTHY;
        assertThat(verifyNotify().exitCode()).isZero();
        List<SlackStandIn.Message> after = slack.accepted.subList(before, slack.accepted.size());
        SlackStandIn.Message resolved = after.stream().filter(m -> m.text().startsWith("RESOLVED")).findFirst().orElseThrow();
        assertThat(resolved.text()).startsWith("RESOLVED · wisgate-gpt-image-2 · production · models");
        assertThat(resolved.threadTs()).isEqualTo(slack.accepted.get(0).ts());
        assertThat(slack.texts().stream().filter(t -> t.startsWith("RESOLVED"))).hasSize(1);

        CliRun history = CliRun.of(env, "audit", "history", "--check", "models");
        assertThat(history.exitCode()).as(history.err()).isZero();
        assertThat(history.out()).contains("wisgate-gpt-image-2/production/models").contains("BROKEN").contains("PASS")
                .contains("#1 BROKEN").contains("resolved").contains("OPENED").contains("RESOLVED").contains("(ok)");
    }

    @Test
    void everySlackMessageEndsWithTheAuditHeadAndTheTrailVerifiesAgainstIt() {
        botAlerts();
        provider.models = List.of("gpt-image-1");
        assertThat(verifyNotify().exitCode()).isEqualTo(1);
        provider.models = HEALTHY;
        assertThat(verifyNotify().exitCode()).isZero();
        assertThat(slack.accepted).hasSizeGreaterThanOrEqualTo(2);
        List<String> heads = new java.util.ArrayList<>();
        for (SlackStandIn.Message m : slack.accepted) {
            java.util.regex.Matcher head = java.util.regex.Pattern.compile("audit head `(\\d+:[0-9a-f]{64})`").matcher(m.blocks());
            assertThat(head.find()).as(m.text()).isTrue();
            heads.add(head.group(1));
        }
        assertThat(heads).as("each message publishes the head as it was sent").doesNotHaveDuplicates();
        for (String head : heads) {
            CliRun check = CliRun.of(env, "audit", "verify", "--expect-head", head);
            assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        }
    }

    @Test
    void withoutSlackTheAlertsArePrintedAndTheExitCodeIsUnchanged() {
        ws.alerts("  slack:\n    webhookUrlEnv: SLACK_WEBHOOK_URL\n");
        provider.models = List.of("gpt-image-1");
        CliRun run = verifyNotify();
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("BROKEN      wisgate-gpt-image-2/production/models")
                .contains("BROKEN · wisgate-gpt-image-2 · production · models").contains("model-not-listed");
        assertThat(run.err()).contains("no Slack configured (set SLACK_WEBHOOK_URL): alerts printed; 0 alert(s) pending");
        assertThat(verifyNotify().out()).as("the same break again").doesNotContain("BROKEN · ");
    }

    @Test
    void withJsonOutputTheAlertsGoToStderrAndStdoutStaysJson() {
        provider.models = List.of("gpt-image-1");
        CliRun run = verifyNotify("--format", "json");
        assertThat(run.out().strip()).startsWith("{").endsWith("}");
        assertThat(run.err()).contains("BROKEN · wisgate-gpt-image-2 · production · models");
    }

    @Test
    void slackDownTheAlertWaitsInTheOutboxAndTheNextRunDeliversItOnce() throws Exception {
        env.put("SLACK_WEBHOOK_URL", slack.webhookUrl());
        ws.alerts("  slack:\n    webhookUrlEnv: SLACK_WEBHOOK_URL\n    timeout: 500ms\n");
        slack.down(SlackStandIn.Answer.ERROR_500);
        provider.models = List.of("gpt-image-1");
        CliRun down = verifyNotifyWithin("1s");
        assertThat(down.exitCode()).isEqualTo(1);
        // The BROKEN models check; the docs page's disagreement on this first run of it is its baseline, not news.
        assertThat(down.err()).contains("1 alert(s) pending in the outbox, retried by the next 'verify --notify' or the daemon");
        assertThat(slack.accepted).isEmpty();
        List<OutboxRow> waiting;
        try (AuditTrail trail = AuditTrail.openSqlite(dir.resolve("data/driftwatch.db"))) {
            waiting = trail.outbox().all();
        }
        assertThat(waiting).extracting(OutboxRow::delivered).containsExactly(false);
        assertThat(waiting).allSatisfy(r -> assertThat(r.slackAnswer()).isEqualTo("HTTP 500 internal_error"));

        slack.up();
        CliRun up = verifyNotifyWithin("10s");
        assertThat(up.err()).contains("0 alert(s) pending");
        assertThat(slack.texts()).singleElement().satisfies(t -> assertThat(t).startsWith("BROKEN · wisgate-gpt-image-2 · production · models"));
        assertThat(verifyNotify().err()).contains("0 alert(s) pending");
        assertThat(slack.accepted).hasSize(1);
    }

    @Test
    void theWebhookUrlAndTheTokenNeverReachOutputLogsOrTheAuditTrail() throws Exception {
        env.put("SLACK_WEBHOOK_URL", slack.webhookUrl());
        env.put("DRIFTWATCH_LOG_LEVEL", "DEBUG");
        ws.alerts("  slack:\n    webhookUrlEnv: SLACK_WEBHOOK_URL\n    timeout: 500ms\n");
        slack.next(SlackStandIn.Answer.ERROR_500, SlackStandIn.Answer.HANG);
        provider.models = List.of("gpt-image-1");
        PrintStream realErr = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        CliRun run;
        CliRun history;
        try {
            run = verifyNotifyWithin("10s");
            history = CliRun.of(env, "audit", "history", "--check", "models");
        } finally {
            System.setErr(realErr);
        }
        assertThat(slack.accepted).as(run.err()).isNotEmpty();
        String db = ws.dataFilesText();
        String everything = run.out() + run.err() + history.out() + history.err() + logs.toString(StandardCharsets.UTF_8) + db;
        assertThat(everything.contains(SlackStandIn.WEBHOOK_SECRET_PART)).as("the webhook URL").isFalse();
        assertThat(everything.contains(FakeProvider.KEY)).as("the API key").isFalse();
        assertThat(history.out()).contains("webhook:SLACK_WEBHOOK_URL");
    }
}
