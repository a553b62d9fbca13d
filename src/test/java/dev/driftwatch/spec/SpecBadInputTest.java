package dev.driftwatch.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.testing.ApiScenario;
import dev.driftwatch.testing.FakeProvider;
import java.nio.file.Path;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a provider may publish at the spec's URL that is not a usable spec: each gives a verdict with its reason, within
 * bounded time and memory, and never a crash; nothing a document references elsewhere is ever fetched.
 */
class SpecBadInputTest {
    private static final String CHECK = "spec:openai";
    private static final String HEAD = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /images/generations:\n    post:\n"
            + "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n"
            + "              schema: {$ref: '%s'}\n";
    @TempDir
    Path dir;
    ApiScenario s;

    @BeforeEach
    void start() {
        s = new ApiScenario(dir);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void openAisWholeSpecOfSeveralMegabytesIsReadAndHeld() {
        s.provider.spec = multiMegabyte(FakeProvider.openaiSpec("f85dbe2"));
        assertThat(s.provider.spec.length()).isGreaterThan(3_000_000);
        Verdict v = s.run(CHECK);
        assertThat(v.outcome()).as(v.summary()).isEqualTo(Outcome.BROKEN); // data optional in OpenAI's spec, read by the contract
        assertThat(v.findings()).extracting(Finding::rule).contains("spec-read-field-optional");
        assertThat(((Number) v.evidence().details().get("size")).intValue()).as("only the pinned part is kept").isLessThan(100_000);
    }

    @Test
    void aDocumentThatIsNotOpenApiIsUnverifiedWithTheReason() {
        s.provider.override(FakeProvider.SPEC, r -> new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
                .body("<html><body><h1>Moved</h1><p>The spec now lives elsewhere.</p></body></html>").build());
        assertUnverified(s.run(CHECK), "spec-not-openapi", "not an OpenAPI 3 document");
        s.provider.spec = "swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n";
        assertUnverified(s.run(CHECK), "spec-not-openapi", "not an OpenAPI 3 document");
    }

    @Test
    void aReferenceCycleIsWalkedOnce() {
        s.provider.spec = HEAD.formatted("#/components/schemas/A") + "components:\n  schemas:\n"
                + "    A:\n      type: object\n      required: [created, data]\n      properties:\n        created: {type: integer}\n"
                + "        data: {type: array, items: {$ref: '#/components/schemas/B'}}\n"
                + "    B:\n      type: object\n      properties:\n        url: {type: string}\n        b64_json: {type: string}\n"
                + "        next: {$ref: '#/components/schemas/A'}\n";
        Verdict v = s.run(CHECK);
        assertThat(v.outcome()).as(v.summary() + v.findings()).isEqualTo(Outcome.PASS);
    }

    @Test
    void aRemoteReferenceIsRefusedAndNeverFetched() {
        String elsewhere = s.provider.baseUrl() + "/elsewhere/schemas.yaml#/Images";
        s.provider.spec = HEAD.formatted(elsewhere);
        assertUnverified(s.run(CHECK), "spec-remote-ref", "does not fetch");
        assertThat(s.provider.requestsTo("/elsewhere/schemas.yaml")).as("nothing fetched").isEmpty();
    }

    @Test
    void anOperationMissingFromTheFirstReadingIsAConfigurationQuestionButOneThatDisappearsIsABreak() {
        s.provider.spec = FakeProvider.openaiSpec("f85dbe2").replace("  /images/generations:\n", "  /images/generate:\n");
        assertUnverified(s.run(CHECK), "spec-operation-missing", "write the operation as the spec does");
        s.provider.spec = FakeProvider.openaiSpec("f85dbe2");
        s.run(CHECK);
        s.provider.spec = FakeProvider.openaiSpec("f85dbe2").replace("  /images/generations:\n", "  /images/generate:\n");
        Verdict removed = s.run(CHECK);
        assertThat(removed.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(removed.findings()).extracting(Finding::rule).contains("spec-operation-removed");
        assertThat(removed.summary()).contains("POST /images/generations").contains("no such path");
    }

    @Test
    void aSpecNoLongerPublishedIsUnverifiedNotABreak() {
        s.provider.spec = null;
        s.provider.override(FakeProvider.SPEC, r -> new MockResponse.Builder().code(404).body("Not Found").build());
        assertUnverified(s.run(CHECK), "spec-gone", "update its url in checks.yaml");
    }

    @Test
    void aTokenInTheSpecsUrlNeverReachesAVerdict() {
        String token = "ghp_secretTokenFromTheEnvironment0123456789";
        s.withEnv("OPENAI_SPEC_URL", s.provider.baseUrl() + FakeProvider.SPEC + "?token=" + token);
        s.provider.spec = null;
        s.provider.override(FakeProvider.SPEC, r -> new MockResponse.Builder().code(404).body("Not Found").build());
        Verdict v = s.run(CHECK);
        assertUnverified(v, "spec-gone", "?…");
        assertThat(v.toString()).doesNotContain(token);
        s.provider.spec = FakeProvider.healthySpec();
        s.provider.override(FakeProvider.SPEC, null);
        assertThat(s.run(CHECK).toString()).doesNotContain(token);
    }

    @Test
    void aYamlAliasBombIsRefusedWithinBounds() {
        StringBuilder bomb = new StringBuilder("openapi: 3.1.0\ninfo: {title: t, version: '1'}\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 12; i++) {
            bomb.append('a').append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        bomb.append("paths: {}\n");
        s.provider.spec = bomb.toString();
        assertUnverified(s.run(CHECK), "spec-unreadable", "alias bomb");
    }

    private static void assertUnverified(Verdict v, String rule, String reason) {
        assertThat(v.outcome()).as(v.summary()).isEqualTo(Outcome.UNVERIFIED);
        assertThat(v.findings()).extracting(Finding::rule).contains(rule);
        assertThat(v.summary()).contains(reason).doesNotContain("\n").doesNotContain("Exception");
    }

    /** OpenAI's images parts padded with other paths to the size of the whole published document. */
    static String multiMegabyte(String spec) {
        StringBuilder filler = new StringBuilder();
        for (int i = 0; filler.length() < 3_200_000; i++) {
            filler.append("  /filler-").append(i).append(":\n    get:\n      description: ").append("lorem ipsum ".repeat(20))
                    .append("\n      responses:\n        '200':\n          description: ok\n");
        }
        int cut = spec.indexOf("paths:\n") + "paths:\n".length();
        return spec.substring(0, cut) + filler + spec.substring(cut);
    }
}
