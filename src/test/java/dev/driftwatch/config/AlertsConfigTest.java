package dev.driftwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code alerts:} section and the per-check {@code alert:} thresholds, and the mistakes people make in them. */
class AlertsConfigTest extends ChecksYamlTest {
    /** Shaped like a webhook URL, on a host that cannot exist (RFC 2606): a fixture, not a credential. */
    private static final String WEBHOOK = "https://hooks.example.invalid/services/T000/B000/fixture-webhook-part";

    @Test
    void theShippedFileAlertsThroughAWebhookVariableWithDefaultsAndAStricterDailyProbe() throws Exception {
        ChecksFile file = load();
        AlertsConfig alerts = file.alerts();
        assertThat(alerts.slack().webhookUrlEnv()).isEqualTo("SLACK_WEBHOOK_URL");
        assertThat(alerts.slack().apiUrl().toString()).isEqualTo("https://slack.com/api/");
        ChecksConfig checks = file.contracts().get(0).checks();
        AlertThresholds models = alerts.thresholds(checks.alertOf("models"));
        assertThat(models).isEqualTo(new AlertThresholds(1, 3, 1, TimeSpanOrOff.of("24h"), TimeSpan.of("7d")));
        assertThat(alerts.thresholds(checks.alertOf("generation")).unverifiedThreshold()).isEqualTo(2);
    }

    @Test
    void remindEveryCanBeSwitchedOffPerDocsPage() throws Exception {
        ws.edit("      - name: home\n", "      - name: home\n        alert: {remindEvery: off, failureThreshold: 2}\n");
        ChecksFile file = load();
        AlertThresholds home = file.alerts().thresholds(file.contracts().get(0).docs().get(0).alert());
        assertThat(home.remindEvery().duration()).isEmpty();
        assertThat(home.failureThreshold()).isEqualTo(2);
        assertThat(home.maxUnverified().duration()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void anUnknownKeyIsRefusedWithTheKnownOnes() {
        ws.edit("    webhookUrlEnv: SLACK_WEBHOOK_URL", "    webhookUrl: SLACK_WEBHOOK_URL");
        assertThat(errorOf()).isEqualTo(at("webhookUrl:") + ": unknown key 'webhookUrl' — use one of: apiUrl, botTokenEnv, channel, timeout, webhookUrlEnv");
    }

    @Test
    void aWebhookUrlPastedWhereItsVariableBelongsIsRefusedWithoutEchoingIt() {
        ws.edit("    webhookUrlEnv: SLACK_WEBHOOK_URL", "    webhookUrlEnv: " + WEBHOOK);
        String error = errorOf();
        assertThat(error).startsWith(at(WEBHOOK) + ": not a variable name — write the NAME of the environment variable that holds the webhook URL")
                .doesNotContain("fixture-webhook-part");
    }

    @Test
    void aRouteForAContractThatDoesNotExistIsRefusedAtItsKey() {
        ws.edit("  # routes:", "  routes:\n    wisgate-gpt-image-3: { webhookUrlEnv: TEAM_WEBHOOK_URL }\n  # routes:");
        assertThat(errorOf()).isEqualTo(at("wisgate-gpt-image-3") + ": route for unknown contract 'wisgate-gpt-image-3'"
                + " — use a contract id declared under contracts: wisgate-gpt-image-2");
    }

    @Test
    void aBotTokenNeedsAChannelAndAChannelNeedsABotToken() {
        ws.edit("    webhookUrlEnv: SLACK_WEBHOOK_URL", "    botTokenEnv: SLACK_BOT_TOKEN");
        assertThat(errorOf()).contains("missing 'channel' in /alerts/slack — add the channel the bot posts to");
        ws.edit("    botTokenEnv: SLACK_BOT_TOKEN", "    webhookUrlEnv: SLACK_WEBHOOK_URL\n    channel: \"#x\"");
        assertThat(errorOf()).startsWith(at("\"#x\"") + ": a channel needs a bot token");
    }

    @Test
    void aThresholdOfZeroAndADurationThatIsNotOneAreRefusedAtTheirValues() {
        ws.edit("    failureThreshold: 1 ", "    failureThreshold: 0 ");
        assertThat(errorOf()).isEqualTo(at("0                 # BROKEN verdicts")
                + ": the threshold must be 1 or more — write a count of consecutive verdicts; 1 alerts on the first BROKEN verdict");
        ws.edit("    failureThreshold: 0 ", "    failureThreshold: 1 ").edit("remindEvery: 24h", "remindEvery: daily");
        assertThat(errorOf()).isEqualTo(at("daily") + ": 'daily' is not a duration or 'off' — write e.g. 24h, or off to switch it off");
    }

    private ChecksFile load() throws ConfigException {
        return new ConfigLoader(Map.of()).load(ws.config).file();
    }
}
