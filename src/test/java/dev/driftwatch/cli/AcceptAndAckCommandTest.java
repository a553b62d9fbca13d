package dev.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.testing.FakeProvider;
import dev.driftwatch.testing.SlackStandIn;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code driftwatch accept} and {@code driftwatch ack} end to end: real checks against the loopback provider, a real
 * trail, the CLI in-process, alerts delivered to a Slack stand-in by the next {@code verify --notify}.
 */
class AcceptAndAckCommandTest extends CliScenarioTest {
    private static final String CONTRACT = "wisgate-gpt-image-2";
    /** gpt-image-2 is gone from /v1/models, gpt-image-2.5 came in its place. */
    private static final List<String> RENAMED = List.of("gpt-image-2.5", "gpt-image-1", "gpt-image-1-mini", "dall-e-3");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    SlackStandIn slack;

    @BeforeEach
    void startSlack() {
        slack = new SlackStandIn();
        env.put("SLACK_BOT_TOKEN", SlackStandIn.BOT_TOKEN);
        ws.alerts("  slack:\n    botTokenEnv: SLACK_BOT_TOKEN\n    channel: \"#ai-contracts\"\n"
                + "    apiUrl: " + slack.apiUrl() + "\n    timeout: 2s\n");
    }

    @AfterEach
    void stopSlack() {
        slack.close();
    }

    private CliRun verifyNotify() {
        return verify("--notify", "--notify-within", "5s");
    }

    private CliRun cli(String... args) {
        return CliRun.of(env, args);
    }

    /** The models check's latest verdict as 'audit history --format json' tells it. */
    private JsonNode latestModelsVerdict() {
        CliRun history = cli("audit", "history", "--contract", CONTRACT, "--env", "production", "--check", "models", "--verdict",
                "PASS,BROKEN,CHANGED,UNVERIFIED,SKIPPED", "--limit", "1", "--format", "json");
        assertThat(history.exitCode()).as(history.err()).isZero();
        for (JsonNode entry : JSON.readTree(history.out()).get("history")) {
            if (entry.get("kind").asString().equals("verdict")) {
                return entry;
            }
        }
        throw new AssertionError("no verdict in " + history.out());
    }

    @Test
    void aBrokenModelRenameAcceptedResolvesTheIncidentWithOneAlertNamingWhoAndWhyAndTheNextRunHolds() {
        assertThat(verifyNotify().exitCode()).isZero();
        provider.models = RENAMED;
        assertThat(verifyNotify().exitCode()).isEqualTo(1);
        assertThat(latestModelsVerdict().get("verdict").asString()).isEqualTo("BROKEN");
        SlackStandIn.Message opening = slack.accepted.stream().filter(m -> m.text().startsWith("BROKEN")).findFirst().orElseThrow();
        int before = slack.accepted.size();

        CliRun accept = cli("accept", "--contract", CONTRACT, "--env", "production", "--check", "models",
                "--reason", "gpt-image-2 was renamed gpt-image-2.5; our client follows", "--by", "alice");
        assertThat(accept.exitCode()).as(accept.err()).isZero();
        assertThat(accept.out()).contains("accepted by alice for " + CONTRACT + "/production/models").contains("model-not-listed")
                .contains("incident #1 (BROKEN) resolved");
        assertThat(cli("audit", "incidents", "--open").out()).contains("(no open incidents)");

        CliRun next = verifyNotify();
        assertThat(next.exitCode()).as("the same observation is no longer a break: " + next.out()).isZero();
        JsonNode models = latestModelsVerdict();
        assertThat(models.get("verdict").asString()).isEqualTo("PASS");
        assertThat(models.get("text").asString()).startsWith("holds as accepted: model-not-listed");
        List<SlackStandIn.Message> after = slack.accepted.subList(before, slack.accepted.size());
        assertThat(after).as("one alert, the resolution").singleElement().satisfies(m -> {
            assertThat(m.text()).startsWith("RESOLVED · " + CONTRACT + " · production · models").contains("accepted by alice")
                    .contains("gpt-image-2 was renamed gpt-image-2.5");
            assertThat(m.threadTs()).as("in the incident's thread").isEqualTo(opening.ts());
        });
        int settled = slack.accepted.size();
        assertThat(verifyNotify().exitCode()).as("and the run after it holds too").isZero();
        assertThat(slack.accepted).hasSize(settled);

        CliRun history = cli("audit", "history", "--check", "models", "--env", "production");
        assertThat(history.out()).contains("accepted by alice").contains("incident #1 resolved").contains("incident #1 BROKEN opened");
        CliRun audit = cli("audit", "verify");
        assertThat(audit.exitCode()).as(audit.out()).isZero();

        // Anything new on the same check is still a break: the key refused now.
        provider.override(FakeProvider.MODELS, r -> FakeProvider.error(401, "Incorrect API key provided", "invalid_request_error", null,
                "invalid_api_key"));
        assertThat(verifyNotify().exitCode()).isEqualTo(1);
        assertThat(latestModelsVerdict().get("verdict").asString()).isEqualTo("BROKEN");
    }

    @Test
    void anAcknowledgedIncidentSaysWhoInItsThreadAndCannotBeAcknowledgedTwice() {
        assertThat(verifyNotify().exitCode()).isZero();
        provider.models = List.of("gpt-image-1");
        assertThat(verifyNotify().exitCode()).isEqualTo(1);
        SlackStandIn.Message opening = slack.accepted.stream().filter(m -> m.text().startsWith("BROKEN")).findFirst().orElseThrow();

        CliRun ack = cli("ack", "--env", "production", "--check", "models", "--by", "bob", "--note", "asking WisGate");
        assertThat(ack.exitCode()).as(ack.err()).isZero();
        assertThat(ack.out()).contains("incident #1 of " + CONTRACT + "/production/models (BROKEN) acknowledged by bob").contains("no more reminders");
        CliRun again = cli("ack", "--env", "production", "--check", "models", "--by", "carol");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err().lines()).singleElement().asString().contains("already acknowledged by bob");

        int before = slack.accepted.size();
        verifyNotify();
        assertThat(slack.accepted.subList(before, slack.accepted.size())).singleElement().satisfies(m -> {
            assertThat(m.text()).startsWith("ACKNOWLEDGED · " + CONTRACT + " · production · models").contains("acknowledged by bob");
            assertThat(m.blocks()).contains("asking WisGate");
            assertThat(m.threadTs()).isEqualTo(opening.ts());
        });
        CliRun incidents = cli("audit", "incidents", "--open", "--format", "json");
        JsonNode open = JSON.readTree(incidents.out()).get("incidents");
        assertThat(open).hasSize(1);
        assertThat(open.get(0).get("acknowledgedBy").asString()).isEqualTo("bob");
        assertThat(open.get(0).get("acknowledgedNote").asString()).isEqualTo("asking WisGate");
        assertThat(cli("audit", "verify").exitCode()).isZero();
    }

    @Test
    void aSecretPastedIntoAReasonOrANoteReachesNeitherTheTrailNorSlack() {
        String apiKey = env.get("WISGATE_API_KEY");
        String botToken = env.get("SLACK_BOT_TOKEN");
        assertThat(apiKey).isNotBlank();
        assertThat(botToken).isNotBlank();
        assertThat(verifyNotify().exitCode()).isZero();
        provider.models = RENAMED;
        assertThat(verifyNotify().exitCode()).isEqualTo(1);

        assertThat(cli("ack", "--env", "production", "--check", "models", "--by", "bob", "--note", "tried curl with " + botToken)
                .exitCode()).isZero();
        assertThat(cli("accept", "--contract", CONTRACT, "--env", "production", "--check", "models", "--by", "alice",
                "--reason", "works with key " + apiKey).exitCode()).isZero();
        verifyNotify();

        String trail = cli("audit", "export").out() + cli("audit", "history", "--check", "models", "--env", "production", "--format", "json").out();
        assertThat(trail).contains("works with key [REDACTED]").contains("tried curl with [REDACTED]").doesNotContain(apiKey)
                .doesNotContain(botToken);
        assertThat(slack.accepted).allSatisfy(m -> assertThat(m.text() + m.blocks()).doesNotContain(apiKey).doesNotContain(botToken));
        assertThat(slack.accepted).anySatisfy(m -> assertThat(m.text() + m.blocks()).contains("works with key [REDACTED]"));
    }

    @Test
    void whatCannotBeDecidedIsOneLineAndExitTwo() {
        assertThat(verify().exitCode()).isZero();
        assertOneLine(cli("accept", "--contract", CONTRACT, "--env", "production", "--check", "models"), "needs --reason");
        assertOneLine(cli("accept", "--contract", CONTRACT, "--env", "production", "--check", "models", "--reason", " "), "needs --reason");
        assertOneLine(cli("accept", "--contract", CONTRACT, "--check", "nope", "--reason", "x"), "no check 'nope' in the audit trail");
        assertOneLine(cli("accept", "--contract", CONTRACT, "--env", "production", "--check", "models", "--reason", "x"), "nothing to accept");
        assertOneLine(cli("ack", "--env", "production", "--check", "models"), "no open incident of " + CONTRACT + "/production/models");
        assertOneLine(cli("ack", "--check", "nope"), "no check 'nope'");
        assertThat(cli("audit", "history", "--check", "models", "--env", "production").out()).doesNotContain("accepted by");
    }

    private static void assertOneLine(CliRun run, String says) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).singleElement().asString().startsWith("driftwatch: ").contains(says);
    }
}
