package dev.driftwatch.api;

import static dev.driftwatch.api.ModelsCheckTest.rules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.testing.ProviderScenarioTest;
import dev.driftwatch.testing.FakeProvider;
import dev.driftwatch.testing.TestImages;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GenerationCheckTest extends ProviderScenarioTest {
    @BeforeEach
    void start() {
        scenario.workspace.edit("dailyBudget: 1", "dailyBudget: 5");
    }

    @Test
    void realImageOfTheAskedSizePasses() {
        Verdict v = scenario.run("generation");
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
        assertThat(v.summary()).isEqualTo("generated 1 image(s) of 1024x1024 png matching the response schema");
        assertThat(provider.requestsTo(FakeProvider.GENERATIONS).get(0).getBody().utf8())
                .isEqualTo("{\"model\":\"gpt-image-2\",\"prompt\":\"A beautiful sunset\",\"n\":1,\"size\":\"1024x1024\"}");
    }

    @Test
    void imageOfTheWrongPixelSizeIsBroken() {
        provider.imageWidth = 512;
        provider.imageHeight = 512;
        Verdict v = scenario.run("generation");
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(v.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("image-size-mismatch");
            assertThat(f.expected()).startsWith("1024x1024");
            assertThat(f.actual()).isEqualTo("512x512 png");
        });
    }

    @Test
    void responseFieldRemovedIsBroken() {
        provider.generationBody = b -> {
            b.remove("created");
            return b;
        };
        Verdict v = scenario.run("generation");
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(v.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("response-property-removed");
            assertThat(f.pointer()).isEqualTo("/created");
        });
    }

    @Test
    void createdTurnedIntoAStringIsBroken() {
        provider.generationBody = b -> b.put("created", "2026-11-21T10:00:00Z");
        Verdict v = scenario.run("generation");
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(v.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("response-property-type-changed");
            assertThat(f.pointer()).isEqualTo("/created");
            assertThat(f.expected()).isEqualTo("integer");
            assertThat(f.actual()).startsWith("string");
        });
    }

    @Test
    void imageCarrierGoneIsBroken() {
        provider.generationBody = b -> {
            ((tools.jackson.databind.node.ObjectNode) b.get("data").get(0)).remove("b64_json");
            return b;
        };
        Verdict v = scenario.run("generation");
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(v.findings()).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo("response-property-removed");
            assertThat(f.pointer()).isEqualTo("/data/0");
            assertThat(f.expected()).isEqualTo("b64_json or url");
        });
    }

    @Test
    void additiveUndeclaredFieldIsAChangeAnnouncedOnce() {
        assertThat(scenario.run("generation").outcome()).isEqualTo(Outcome.PASS);
        provider.generationBody = b -> {
            // usage is documented (and declared) since 2025-04-29: it must not be news.
            b.putObject("usage").put("total_tokens", 100).put("input_tokens", 50).put("output_tokens", 50);
            ((tools.jackson.databind.node.ObjectNode) b.get("data").get(0)).put("watermark", "c2pa");
            return b;
        };
        Verdict v = scenario.run("generation");
        assertThat(v.outcome()).isEqualTo(Outcome.CHANGED);
        assertThat(v.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("response-property-added");
            assertThat(f.pointer()).isEqualTo("/data/0/watermark");
        });
        assertThat(scenario.run("generation").outcome()).as("already seen at the previous run").isEqualTo(Outcome.PASS);
    }

    @Test
    void newQualityValueIsAChange() {
        // size is no longer an enum in the response schema (gpt-image-2 answers with any WIDTHxHEIGHT);
        // quality still is, so a value OpenAI does not document is a release change.
        scenario.baseline("generation");
        provider.generationBody = b -> b.put("quality", "ultra");
        Verdict v = scenario.run("generation");
        assertThat(v.outcome()).isEqualTo(Outcome.CHANGED);
        assertThat(v.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("response-property-enum-value-added");
            assertThat(f.pointer()).isEqualTo("/quality");
            assertThat(f.actual()).isEqualTo("\"ultra\"");
        });
        assertThat(scenario.run("generation").outcome()).as("known now").isEqualTo(Outcome.PASS);
    }

    @Test
    void pinnedRequestNowRejectedIsBrokenQuotingTheProvider() {
        provider.override(FakeProvider.GENERATIONS, r -> FakeProvider.error(400,
                "Invalid value: '1024x1024'. Supported values are: '1536x1024' and 'auto'.", "invalid_request_error", "size", "invalid_value"));
        Verdict v = scenario.run("generation");
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(v.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("request-rejected");
            assertThat(f.pointer()).isEqualTo("/size");
            assertThat(f.actual()).contains("HTTP 400").contains("Supported values are");
        });
    }

    @Test
    void imageByUrlIsDownloadedWithoutTheKey() {
        provider.override("/img/1.png", r -> new MockResponse.Builder().code(200).setHeader("Content-Type", "image/png")
                .body(new Buffer().write(TestImages.png(1024, 1024))).build());
        String imageUrl = provider.server.url("/img/1.png").toString();
        provider.generationBody = b -> {
            ((tools.jackson.databind.node.ObjectNode) b.get("data").get(0)).remove("b64_json");
            ((tools.jackson.databind.node.ObjectNode) b.get("data").get(0)).put("url", imageUrl);
            return b;
        };
        Verdict v = scenario.run("generation");
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
        assertThat(provider.requestsTo("/img/1.png")).singleElement()
                .satisfies(r -> assertThat(r.getHeaders().get("Authorization")).isNull());
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 504})
    void paidRequestIsNotRetriedWhenItMayHaveBeenProcessed(int status) {
        provider.script(FakeProvider.GENERATIONS, new MockResponse.Builder().code(status).body("{}").build());
        Verdict v = scenario.run("generation");
        assertThat(v.outcome()).isEqualTo(Outcome.UNVERIFIED);
        assertThat(rules(v)).containsExactly("unreachable");
        assertThat(provider.requestsTo(FakeProvider.GENERATIONS)).as("sent once: a retry could charge twice").hasSize(1);
    }

    @Test
    void paidRequestIsNotRetriedAfterAReadTimeout() {
        provider.script(FakeProvider.GENERATIONS, new MockResponse.Builder().code(200).headersDelay(4, TimeUnit.SECONDS).body("{}").build());
        Verdict v = scenario.run("generation");
        assertThat(v.outcome()).isEqualTo(Outcome.UNVERIFIED);
        assertThat(v.summary()).contains("timed out").contains("not retried");
        assertThat(provider.requestsTo(FakeProvider.GENERATIONS)).hasSize(1);
    }

    @Test
    void paidRequestIsRetriedOn429WithRetryAfterBecauseNothingWasProcessed() {
        provider.script(FakeProvider.GENERATIONS, new MockResponse.Builder().code(429).setHeader("Retry-After", "1")
                .setHeader("Content-Type", "application/json").body("{\"error\":{\"message\":\"Rate limit reached\"}}").build());
        Verdict v = scenario.run("generation");
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
        assertThat(provider.requestsTo(FakeProvider.GENERATIONS)).hasSize(2);
    }

    @Test
    void dailyBudgetIsCountedFromTheAuditTrailAndSurvivesARestart() {
        scenario.workspace.edit("dailyBudget: 5", "dailyBudget: 1");
        Clock noon = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);
        scenario.at(noon);
        assertThat(scenario.run("generation").outcome()).isEqualTo(Outcome.PASS);
        scenario.restart();
        Verdict again = scenario.run("generation");
        assertThat(again.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(again.summary()).contains("daily budget of 1 paid probe for wisgate-gpt-image-2 is spent for 2026-11-21");
        assertThat(provider.requestsTo(FakeProvider.GENERATIONS)).hasSize(1);

        scenario.at(Clock.fixed(Instant.parse("2026-11-22T00:00:01Z"), ZoneOffset.UTC));
        assertThat(scenario.run("generation").outcome()).as("a new UTC day, a new budget").isEqualTo(Outcome.PASS);
    }

    @Test
    void budgetOfZeroNeverSpends() {
        scenario.workspace.edit("dailyBudget: 5", "dailyBudget: 0");
        assertThat(scenario.run("generation").outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(provider.requests).isEmpty();
    }
}
