package dev.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.check.Change;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Severity;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.testing.ApiScenario;
import dev.driftwatch.testing.FakeProvider;
import dev.driftwatch.testing.SlackStandIn;
import dev.driftwatch.testing.TestImages;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an on-call engineer reads into a verdict or an alert, held against provider behaviour nobody here wrote:
 * OpenAI's documented answers, a provider that refuses in another error shape or does not refuse at all,
 * more images than asked for, a shutdown date already past, text that tries to ping a channel. One scenario
 * per thing that was seen to go wrong.
 */
class VerdictsPeopleCanActOnTest {
    private static final List<String> HEALTHY = List.of("gpt-image-2", "gpt-image-1", "gpt-image-1-mini", "dall-e-3");
    /** The docs list gpt-image-2 only; the live API has a dated snapshot too. */
    private static final List<String> WITH_SNAPSHOT = List.of("gpt-image-2", "gpt-image-2-2026-04-21", "gpt-image-1", "dall-e-3");
    @TempDir
    Path dir;
    ApiScenario scenario;
    FakeProvider provider;
    SlackStandIn slack;
    Map<String, String> env;

    @BeforeEach
    void start() {
        scenario = new ApiScenario(dir);
        provider = scenario.provider;
        scenario.workspace.edit("dailyBudget: 1", "dailyBudget: 100");
        slack = new SlackStandIn();
        env = new java.util.HashMap<>(scenario.workspace.env(provider));
        env.put("SLACK_WEBHOOK_URL", slack.webhookUrl());
        scenario.workspace.alerts("  slack:\n    webhookUrlEnv: SLACK_WEBHOOK_URL\n    apiUrl: " + slack.apiUrl() + "\n    timeout: 500ms\n");
    }

    @AfterEach
    void stop() {
        scenario.close();
        slack.close();
    }

    private CliRun verify(String... more) {
        String[] args = Stream.concat(Stream.of("verify", "--config", scenario.workspace.config.toString()), Stream.of(more)).toArray(String[]::new);
        return CliRun.of(env, args);
    }

    private CliRun notifyRun() {
        return verify("--notify", "--notify-within", "5s");
    }

    /** OpenAI's documented example response of POST /images/generations (f85dbe2), with a real image where it says "...". */
    private static ObjectNode documentedExample(ObjectNode ignored) {
        ObjectNode body = FakeProvider.object("{\"created\":1713833628,\"data\":[{\"b64_json\":\"...\"}],\"usage\":{\"total_tokens\":100,"
                + "\"input_tokens\":50,\"output_tokens\":50,\"input_tokens_details\":{\"text_tokens\":10,\"image_tokens\":40}}}");
        ((ObjectNode) body.get("data").get(0)).put("b64_json", TestImages.pngBase64(1024, 1024));
        return body;
    }

    // 1. Day one is not a release.

    @Test
    void openAisDocumentedExampleResponseIsPassOnDayOne() {
        provider.generationBody = VerdictsPeopleCanActOnTest::documentedExample;
        Verdict v = scenario.run("generation");
        assertThat(v.outcome()).as(v.summary()).isEqualTo(Outcome.PASS);
        assertThat(v.findings()).isEmpty();
    }

    @Test
    void anUndeclaredFieldOnDayOneIsTheBaselineNotARelease() {
        provider.generationBody = b -> {
            ((ObjectNode) b.get("data").get(0)).put("watermark", "c2pa");
            return b;
        };
        Verdict first = scenario.run("generation");
        assertThat(first.outcome()).isEqualTo(Outcome.PASS);
        assertThat(first.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("response-property-added");
            assertThat(f.change()).isEqualTo(Change.BASELINE);
            assertThat(f.severity()).isEqualTo(Severity.INFO);
        });
        assertThat(scenario.run("generation").findings()).as("known from then on").isEmpty();
    }

    @Test
    void docsListingFewerDatedIdsThanTheLiveApiIsAStandingWarningAndTheCheckCountsAsVerified() {
        provider.models = WITH_SNAPSHOT;
        assertThat(verify().exitCode()).isZero();
        for (int run = 0; run < 3; run++) {
            CliRun again = verify("--format", "json");
            assertThat(again.exitCode()).isZero();
            assertThat(again.out()).doesNotContain("\"CHANGED\"");
        }
        Verdict docs = scenario.audit().lastVerdict(new dev.driftwatch.check.CheckKey("wisgate-gpt-image-2", "public", "docs:models")).orElseThrow();
        assertThat(docs.outcome()).isEqualTo(Outcome.PASS);
        assertThat(docs.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("docs-live-disagree");
            assertThat(f.pointer()).isEqualTo("models:live-only");
            assertThat(f.change()).isEqualTo(Change.KNOWN);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
        });
        CliRun lastVerified = CliRun.of(env, "audit", "last-verified");
        assertThat(lastVerified.out().lines().filter(l -> l.contains("docs:models")).findFirst().orElseThrow())
                .doesNotContain("never").contains("PASS");
    }

    // 2. Memory is more than the previous run.

    @Test
    void afterAFailingRunTheNextGoodRunAnnouncesNothingAlreadyKnown() {
        provider.models = WITH_SNAPSHOT;
        provider.generationBody = b -> {
            ((ObjectNode) b.get("data").get(0)).put("watermark", "c2pa");
            return b;
        };
        scenario.baseline("models");
        scenario.baseline("generation");

        provider.override(FakeProvider.MODELS, r -> provider.json(200, FakeProvider.object("{\"object\":\"list\",\"data\":[]}")));
        provider.generationBody = b -> {
            b.putArray("data");
            return b;
        };
        assertThat(scenario.run("models").outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(scenario.run("generation").outcome()).isEqualTo(Outcome.BROKEN);

        provider.override(FakeProvider.MODELS, null);
        provider.generationBody = b -> {
            ((ObjectNode) b.get("data").get(0)).put("watermark", "c2pa");
            return b;
        };
        Verdict models = scenario.run("models");
        Verdict generation = scenario.run("generation");
        assertThat(models.outcome()).as(models.summary()).isEqualTo(Outcome.PASS);
        assertThat(models.findings()).isEmpty();
        assertThat(generation.outcome()).as(generation.summary()).isEqualTo(Outcome.PASS);
        assertThat(generation.findings()).isEmpty();
    }

    @Test
    void thePinnedModelBackAfterARenameIsARecoveryNotARelease() {
        assertThat(notifyRun().exitCode()).isZero();
        provider.models = List.of("gpt-image-2.5", "gpt-image-1");
        assertThat(notifyRun().exitCode()).isEqualTo(1);
        int before = slack.accepted.size();
        provider.models = HEALTHY;
        assertThat(notifyRun().exitCode()).isZero();
        List<SlackStandIn.Message> recovery = slack.accepted.subList(before, slack.accepted.size());
        assertThat(recovery).singleElement().satisfies(m -> {
            assertThat(m.text()).startsWith("RESOLVED").contains("model-not-listed recovered").doesNotContain("model-released");
            assertThat(m.blocks()).contains("*Recovered:*").doesNotContain("model-released");
        });
    }

    // 3. A release seen during an open incident is told.

    @Test
    void aReleaseSeenInTheSameResponsesAsABreakIsToldThenNeverAgain() {
        assertThat(notifyRun().exitCode()).isZero();
        provider.generationBody = b -> {
            b.put("created", "2026-11-30T06:00:00Z");
            ((ObjectNode) b.get("data").get(0)).put("watermark", "c2pa");
            return b;
        };
        assertThat(notifyRun().exitCode()).isEqualTo(1);
        assertThat(slack.accepted).singleElement().satisfies(m -> {
            assertThat(m.text()).startsWith("BROKEN + CHANGED · wisgate-gpt-image-2 · production · 2 alerts");
            assertThat(m.blocks()).contains("response-property-type-changed").contains("/data/0/watermark");
        });
        provider.generationBody = b -> {
            ((ObjectNode) b.get("data").get(0)).put("watermark", "c2pa");
            return b;
        };
        assertThat(notifyRun().exitCode()).isZero();
        assertThat(slack.accepted).hasSize(2);
        assertThat(slack.accepted.get(1).text()).startsWith("RESOLVED · ").doesNotContain("watermark");
    }

    // 4. The zero-cost endpoint probe, graded by what it proves.

    @Test
    void aRefusalInRfc9457ShapeProvesTheEndpointValidatesAndQuotesTheProvider() {
        provider.override(FakeProvider.GENERATIONS, r -> new MockResponse.Builder().code(422).setHeader("Content-Type", "application/problem+json")
                .body("{\"type\":\"https://errors.example/validation\",\"title\":\"Unprocessable Entity\",\"status\":422,"
                        + "\"validation\":[{\"message\":\"Request body property n must be >= 1\"}]}").build());
        Verdict v = scenario.run("endpoint");
        assertThat(v.outcome()).as("it holds: the invalid request was refused").isEqualTo(Outcome.PASS);
        assertThat(v.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("error-envelope-changed");
            assertThat(f.actual()).contains("HTTP 422 application/problem+json").contains("\"Request body property n must be >= 1\"");
        });
        assertThat(v.findings().stream().filter(f -> f.severity() == Severity.ERROR)).isEmpty();
    }

    @Test
    void anAcceptedInvalidRequestIsBrokenMayHaveBeenBilledAndIsNotSentAgain() {
        provider.override(FakeProvider.GENERATIONS, r -> provider.json(200, FakeProvider.object("{\"created\":1,\"data\":[]}")));
        CliRun first = notifyRun();
        assertThat(first.exitCode()).isEqualTo(1);
        assertThat(first.out()).contains("BROKEN      wisgate-gpt-image-2/production/endpoint").contains("validation-missing");
        assertThat(slack.accepted).singleElement().satisfies(m -> assertThat(m.blocks())
                .contains("may have been billed").contains("driftwatch stopped this probe"));
        int calls = provider.requestsTo(FakeProvider.GENERATIONS).size();
        CliRun second = verify();
        assertThat(second.out()).contains("SKIPPED     wisgate-gpt-image-2/production/endpoint").contains("suspended since");
        assertThat(provider.requestsTo(FakeProvider.GENERATIONS)).as("only the paid probe called it again").hasSize(calls + 1);
    }

    // 5. What costs money is checked.

    @Test
    void moreImagesThanAskedForAreBrokenEachIsBilled() {
        provider.generationBody = b -> {
            ArrayNode data = (ArrayNode) b.get("data");
            data.addObject().put("b64_json", TestImages.pngBase64(1024, 1024));
            data.addObject().put("b64_json", TestImages.pngBase64(1024, 1024));
            return b;
        };
        Verdict v = scenario.run("generation");
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(v.findings()).filteredOn(f -> f.severity() == Severity.ERROR).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("response-items-extra");
            assertThat(f.pointer()).isEqualTo("/data");
            assertThat(f.actual()).isEqualTo("3 image(s), each billed");
        });
    }

    @Test
    void aResponseSizeOtherThanAskedForIsBroken() {
        provider.generationBody = b -> b.put("size", "1536x1024");
        Verdict v = scenario.run("generation");
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(v.findings()).filteredOn(f -> f.severity() == Severity.ERROR).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("response-size-mismatch");
            assertThat(f.pointer()).isEqualTo("/size");
            assertThat(f.expected()).startsWith("1024x1024");
        });
    }

    // 6. A shutdown date has a sense of time.

    @Test
    void aShutdownDateAlreadyPastOnThePinnedModelIsBrokenWithARealPointer() {
        provider.models = List.of("dall-e-3", "gpt-image-1", "gpt-image-2");
        provider.modelEntry = m -> m.path("id").asString().equals("gpt-image-2") ? m.put("shutdown_date", "2026-10-23") : m;
        Verdict v = scenario.at(Clock.fixed(Instant.parse("2026-11-30T09:00:00Z"), ZoneOffset.UTC)).run("models");
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(v.findings()).filteredOn(f -> f.severity() == Severity.ERROR).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("model-shutdown-passed");
            assertThat(f.pointer()).isEqualTo("/data/2/shutdown_date");
            assertThat(f.actual()).isEqualTo("shutdown of gpt-image-2 was on 2026-10-23, 38 days ago");
        });
        assertThat(CliRun.of(env, "verify", "--config", scenario.workspace.config.toString(), "--env", "production").exitCode())
                .as("a passed date stays BROKEN, exit 1").isEqualTo(1);
    }

    @Test
    void aShutdownDateIsToldWhenSeenAgainAtEachLeadTimeAndStandsAsAWarningInBetween() {
        Instant day = Instant.parse("2026-11-30T00:00:00Z");
        scenario.at(Clock.fixed(day, ZoneOffset.UTC)).baseline("models");
        provider.modelEntry = m -> m.path("id").asString().equals("gpt-image-2") ? m.put("shutdown_date", "2027-01-09") : m;
        Map<Integer, Outcome> expected = new java.util.LinkedHashMap<>();
        expected.put(0, Outcome.CHANGED);   // 40 days left: first seen
        expected.put(1, Outcome.PASS);      // 39: standing
        expected.put(10, Outcome.CHANGED);  // 30: the 30d reminder
        expected.put(11, Outcome.PASS);
        expected.put(33, Outcome.CHANGED);  // 7
        expected.put(34, Outcome.PASS);
        expected.put(39, Outcome.CHANGED);  // 1
        expected.put(40, Outcome.BROKEN);   // the day itself
        expected.forEach((days, outcome) -> {
            Verdict v = scenario.at(Clock.fixed(day.plus(Duration.ofDays(days)), ZoneOffset.UTC)).run("models");
            assertThat(v.outcome()).as("day +%d: %s", days, v.summary()).isEqualTo(outcome);
            if (outcome != Outcome.BROKEN) {
                assertThat(v.findings()).singleElement().satisfies(f -> {
                    assertThat(f.rule()).isEqualTo("model-shutdown-announced");
                    assertThat(f.actual()).contains("on 2027-01-09 — " + (40 - days) + " day");
                });
            }
        });
    }

    @Test
    void aSunsetHeaderWhoseDateHasPassedIsBroken() {
        provider.extraHeaders = Headers.of("Sunset", "Fri, 20 Nov 2026 00:00:00 GMT");
        Verdict v = scenario.at(Clock.fixed(Instant.parse("2026-11-30T09:00:00Z"), ZoneOffset.UTC)).run("models");
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(v.findings()).filteredOn(f -> f.severity() == Severity.ERROR).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("sunset-passed");
            assertThat(f.pointer()).isEqualTo("header:Sunset");
            assertThat(f.actual()).contains("2026-11-20, 10 days ago");
        });
    }

    // 8. Clear image faults.

    @Test
    void aB64JsonThatIsNotBase64SaysSoWhereItIsWithAnExcerpt() {
        provider.generationBody = b -> {
            ((ObjectNode) b.get("data").get(0)).put("b64_json", "<html>upstream error: quota</html>");
            return b;
        };
        Verdict v = scenario.run("generation");
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(v.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("image-undecodable");
            assertThat(f.pointer()).isEqualTo("/data/0/b64_json");
            assertThat(f.actual()).isEqualTo("not valid base64: \"<html>upstream error: quota</html>\"");
        });
    }

    // 9. One provider release, one message.

    @Test
    void aModelRenameIsOneMessageAndItsRevertAnother() {
        assertThat(notifyRun().exitCode()).isZero();
        provider.models = List.of("gpt-image-2.5", "gpt-image-1");
        provider.override(FakeProvider.GENERATIONS, r -> FakeProvider.error(404, "The model `gpt-image-2` does not exist",
                "invalid_request_error", "model", "model_not_found"));
        assertThat(notifyRun().exitCode()).isEqualTo(1);
        assertThat(slack.accepted).singleElement().satisfies(m -> {
            assertThat(m.text()).startsWith("BROKEN + CHANGED · wisgate-gpt-image-2 · production, public");
            assertThat(m.blocks()).contains("*BROKEN · wisgate-gpt-image-2 · production · models*")
                    .contains("*BROKEN · wisgate-gpt-image-2 · production · endpoint*")
                    .contains("*CHANGED · wisgate-gpt-image-2 · public · docs:models*");
        });
        provider.models = HEALTHY;
        provider.override(FakeProvider.GENERATIONS, null);
        assertThat(notifyRun().exitCode()).isZero();
        assertThat(slack.accepted).hasSize(2);
        assertThat(slack.accepted.get(1).text()).startsWith("RESOLVED");
        assertThat(slack.accepted.get(1).blocks()).contains("production · models").contains("production · endpoint");
    }

    // 10. No mention or link from provider text.

    @Test
    void providerTextCannotPingAChannelOrHideALinkInAnyFieldOfTheMessage() {
        String hostile = "<!channel> model gone, see <https://evil.example|Click here> & retry";
        provider.override(FakeProvider.GENERATIONS, r -> FakeProvider.error(404, hostile, "invalid_request_error", null, null));
        assertThat(notifyRun().exitCode()).isEqualTo(1);
        assertThat(slack.accepted).isNotEmpty().allSatisfy(m -> {
            assertThat(m.text()).doesNotContain("<!channel>").doesNotContain("<https://").contains("&lt;!channel&gt;");
            assertThat(m.blocks()).doesNotContain("<!channel>").doesNotContain("<https://evil");
        });
    }
}
