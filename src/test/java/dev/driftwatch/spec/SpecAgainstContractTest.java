package dev.driftwatch.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.check.Change;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.testing.ApiScenario;
import dev.driftwatch.testing.FakeProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spec held against the shipped contract on every run, and reconciled with the live API and the docs: releases
 * made to OpenAI's spec of 2026-08-21 (with {@code data} required again, so the contract holds at first), one at a time.
 */
class SpecAgainstContractTest {
    private static final String CHECK = "spec:openai";
    /** What the live API lists: the spec's gpt-image-2 family, and others. */
    private static final List<String> LIVE = List.of("gpt-image-2", "gpt-image-1", "gpt-image-1-mini", "dall-e-3");
    @TempDir
    Path dir;
    ApiScenario s;

    @BeforeEach
    void start() {
        s = new ApiScenario(dir);
        s.provider.spec = healthy();
        s.provider.models = LIVE;
        s.run("models");
        Verdict first = s.run(CHECK);
        assertThat(first.outcome()).as(first.summary() + first.findings()).isEqualTo(Outcome.PASS);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    /** OpenAI's spec as of 2026-08-21, with data required in the images response as it was until April 2025. */
    static String healthy() {
        return FakeProvider.healthySpec();
    }

    @Test
    void aRequestTheSpecNoLongerAcceptsBreaksTheContract() {
        // n must now be at least 2; the pinned request sends n: 1.
        s.provider.spec = replaceFirst(healthy(), "        n:\n          type: integer\n          minimum: 1\n", "        n:\n          type: integer\n          minimum: 2\n");
        Verdict v = s.run(CHECK);
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        Finding rejected = rule(v, "spec-request-rejected");
        assertThat(rejected.pointer()).isEqualTo("#/components/schemas/CreateImageRequest/properties/n");
        assertThat(rejected.expected()).contains("n = 1");
        assertThat(rules(v)).contains("request-property-constraint-changed");
        // It stands while the spec says so: every run, not only the one that saw the change.
        assertThat(s.run(CHECK).outcome()).isEqualTo(Outcome.BROKEN);
        s.provider.spec = healthy();
        assertThat(s.run(CHECK).outcome()).isEqualTo(Outcome.CHANGED); // the revert is news (n's minimum changed back)
    }

    @Test
    void aClosedModelEnumWithoutThePinnedModelRejectsTheRequest() {
        String closed = replaceFirst(healthy(), "        model:\n          anyOf:\n          - type: string\n          - type: string\n            enum:\n",
                "        model:\n          type: string\n          enum:\n");
        s.provider.spec = replaceFirst(closed, "            - gpt-image-2\n", "");
        Verdict v = s.run(CHECK);
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(rule(v, "spec-request-rejected").pointer()).isEqualTo("#/components/schemas/CreateImageRequest/properties/model");
    }

    @Test
    void anOpenModelEnumWithoutThePinnedModelIsToldOnceThenStands() {
        s.provider.spec = replaceFirst(healthy(), "            - gpt-image-2\n", "");
        Verdict v = s.run(CHECK);
        assertThat(v.outcome()).as(v.summary()).isEqualTo(Outcome.CHANGED);
        assertThat(rule(v, "spec-model-unlisted").change()).isEqualTo(Change.NEW);
        Verdict again = s.run(CHECK);
        assertThat(again.outcome()).isEqualTo(Outcome.PASS);
        assertThat(rule(again, "spec-model-unlisted").change()).isEqualTo(Change.KNOWN);
    }

    @Test
    void aFieldTheContractReadsRemovedFromTheSpecBreaksIt() {
        String noCreated = replaceFirst(healthy(), "        created:\n          type: integer\n          format: unixtime\n"
                + "          description: The Unix timestamp (in seconds) of when the image was created.\n", "");
        s.provider.spec = replaceFirst(noCreated, "      required:\n      - created\n      - data\n", "      required:\n      - data\n");
        Verdict v = s.run(CHECK);
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(rule(v, "spec-read-field-missing").expected()).contains("created");
        assertThat(rule(v, "response-property-removed").pointer()).isEqualTo("#/components/schemas/ImagesResponse/properties/created");
    }

    @Test
    void aFieldTheContractDoesNotReadRemovedIsNewsNotABreak() {
        s.provider.spec = replaceFirst(healthy(), "        quality:\n          type: string\n          description: The quality of the image generated.",
                "        qualities:\n          type: string\n          description: The quality of the image generated.");
        Verdict v = s.run(CHECK);
        assertThat(v.outcome()).as(v.summary() + v.findings()).isEqualTo(Outcome.CHANGED);
        assertThat(rule(v, "response-property-removed").change()).isEqualTo(Change.NEW);
    }

    @Test
    void aDeprecatedOperationOrFieldWeSendIsNewsWithItsTextThenAWarning() {
        s.provider.spec = replaceFirst(replaceFirst(healthy(), "      operationId: createImage\n", "      operationId: createImage\n      deprecated: true\n"),
                "        size:\n          anyOf:\n", "        size:\n          deprecated: true\n          anyOf:\n");
        Verdict v = s.run(CHECK);
        assertThat(v.outcome()).isEqualTo(Outcome.CHANGED);
        assertThat(rule(v, "spec-operation-deprecated").actual()).startsWith("deprecated: Creates an image given a prompt.");
        assertThat(rule(v, "spec-field-deprecated").actual()).contains("The size of the generated images");
        Verdict again = s.run(CHECK);
        assertThat(again.outcome()).isEqualTo(Outcome.PASS);
        assertThat(rule(again, "spec-operation-deprecated").change()).isEqualTo(Change.KNOWN);
    }

    @Test
    void aModelTheLiveApiListsAndTheSpecDoesNotIsLiveOnlyToldOnce() {
        s.provider.models = List.of("gpt-image-2", "gpt-image-2.1", "gpt-image-1", "gpt-image-1-mini", "dall-e-3");
        s.run("models");
        Verdict v = s.run(CHECK);
        Finding f = rule(v, "spec-live-disagree");
        assertThat(f.pointer()).isEqualTo("models:live-only");
        assertThat(f.actual()).isEqualTo("live-only: gpt-image-2.1");
        assertThat(f.change()).isEqualTo(Change.NEW);
        assertThat(rule(s.run(CHECK), "spec-live-disagree").change()).isEqualTo(Change.KNOWN);
        s.provider.models = LIVE;
        s.run("models");
        assertThat(rules(s.run(CHECK))).doesNotContain("spec-live-disagree");
    }

    @Test
    void aModelOnlyTheSpecListsAndAModelOnlyTheDocsListAreSaidWhichWay() {
        s.run("docs:models");
        s.provider.docsPages.put("/models", FakeProvider.page("models").replace("gpt-image-1-mini", "gpt-image-2.5"));
        s.run("docs:models");
        String extra = replaceFirst(healthy(), "            - gpt-image-2\n", "            - gpt-image-2\n            - gpt-image-2-mini\n");
        s.provider.spec = extra;
        Verdict v = s.run(CHECK);
        List<Finding> docs = v.findings().stream().filter(f -> f.rule().equals("spec-docs-disagree")).toList();
        assertThat(docs).singleElement().satisfies(f -> {
            assertThat(f.pointer()).isEqualTo("models:spec-only+docs-only");
            assertThat(f.actual()).isEqualTo("spec-only: gpt-image-2-mini; docs-only: gpt-image-2.5");
        });
        assertThat(rule(v, "spec-live-disagree").actual()).isEqualTo("spec-only: gpt-image-2-mini");
    }

    @Test
    void anEndpointTheLiveApiNoLongerServesButTheSpecListsIsSpecOnly() {
        s.provider.override(FakeProvider.GENERATIONS, r -> new MockResponse.Builder().code(404).setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"Invalid URL (POST /v1/images/generations)\",\"type\":\"invalid_request_error\"}}").build());
        s.run("endpoint");
        Verdict v = s.run(CHECK);
        Finding f = rule(v, "spec-live-disagree");
        assertThat(f.pointer()).isEqualTo("endpoint:spec-only");
        assertThat(f.actual()).contains("the spec still lists POST /images/generations");
    }

    @Test
    void releasesToAnOpenApi30SpecAreJudgedByWhatTheContractSendsAndReads() {
        String march2025 = FakeProvider.openaiSpec("bf2a340");
        s.provider.spec = march2025;
        assertThat(s.run(CHECK).outcome()).isEqualTo(Outcome.CHANGED); // a different spec than the healthy one: news
        // A size the pinned request does not send dropped: news. The one it sends dropped: a break, now and on every run.
        s.provider.spec = replaceFirst(march2025, "          - 256x256\n", "");
        Verdict narrowed = s.run(CHECK);
        assertThat(narrowed.outcome()).as(narrowed.findings().toString()).isEqualTo(Outcome.CHANGED);
        assertThat(rule(narrowed, "request-property-enum-value-removed").actual()).startsWith("no longer listed: 256x256");
        s.provider.spec = replaceFirst(replaceFirst(march2025, "          - 256x256\n", ""), "          - 1024x1024\n", "");
        Verdict sent = s.run(CHECK);
        assertThat(sent.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(rule(sent, "request-property-enum-value-removed").severity()).isEqualTo(dev.driftwatch.check.Severity.ERROR);
        assertThat(rule(sent, "spec-request-rejected").pointer()).isEqualTo("#/components/schemas/CreateImageRequest/properties/size");
        assertThat(s.run(CHECK).outcome()).as("it stands").isEqualTo(Outcome.BROKEN);
    }

    @Test
    void aReadFieldOfAnotherTypeAndANewRequiredRequestFieldBreakTheContract() {
        String retyped = replaceFirst(healthy(), "        created:\n          type: integer\n", "        created:\n          type: string\n");
        s.provider.spec = retyped;
        Verdict v = s.run(CHECK);
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(rule(v, "response-property-type-changed").pointer()).isEqualTo("#/components/schemas/ImagesResponse/properties/created");
        s.provider.spec = healthy();
        s.run(CHECK);
        s.provider.spec = replaceFirst(healthy(), "    CreateImageRequest:\n      type: object\n      properties:\n",
                "    CreateImageRequest:\n      type: object\n      properties:\n        project:\n          type: string\n");
        s.provider.spec = replaceFirst(s.provider.spec, "      required:\n      - prompt\n", "      required:\n      - prompt\n      - project\n");
        Verdict required = s.run(CHECK);
        assertThat(required.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(rules(required)).contains("new-required-request-property", "spec-request-rejected");
    }

    private static String replaceFirst(String text, String from, String to) {
        int at = text.indexOf(from);
        assertThat(at).as("the fixture has " + from).isNotNegative();
        return text.substring(0, at) + to + text.substring(at + from.length());
    }

    private static Finding rule(Verdict v, String rule) {
        return v.findings().stream().filter(f -> f.rule().equals(rule)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + rule + " in " + v.outcome() + " " + v.findings()));
    }

    private static List<String> rules(Verdict v) {
        List<String> out = new ArrayList<>();
        v.findings().forEach(f -> out.add(f.rule()));
        return out;
    }
}
