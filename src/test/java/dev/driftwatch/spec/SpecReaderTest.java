package dev.driftwatch.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** OpenAI's published spec at five dates (src/test/resources/openai-openapi), read as a contract pins it, and bad documents. */
class SpecReaderTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final OperationRef GENERATIONS = OperationRef.parse("POST /images/generations");
    private static final List<String> DATES = List.of("bf2a340", "498c71d", "5162af9", "b8d775d", "f85dbe2");

    @Test
    void everyPublishedVersionGivesTheOperationWithTheComponentsItReferences() throws Exception {
        for (String version : DATES) {
            PinnedOperation pinned = SpecReader.read(spec(version), GENERATIONS);
            assertThat(pinned.openapi()).as(version).startsWith("3.");
            assertThat(pinned.components()).as(version).contains("#/components/schemas/CreateImageRequest",
                    "#/components/schemas/ImagesResponse");
            JsonNode json = JSON.readTree(pinned.json());
            assertThat(json.at("/paths/~1images~1generations/post").isObject()).as(version).isTrue();
            assertThat(json.path("components").path("schemas").has("ImagesResponse")).as(version).isTrue();
        }
    }

    @Test
    void theReleasesThatOnlyTheSpecShowsAreInWhatIsPinned() throws Exception {
        JsonNode march2025 = JSON.readTree(SpecReader.read(spec("bf2a340"), GENERATIONS).json());
        JsonNode april2025 = JSON.readTree(SpecReader.read(spec("498c71d"), GENERATIONS).json());
        JsonNode august2026 = JSON.readTree(SpecReader.read(spec("b8d775d"), GENERATIONS).json());
        assertThat(march2025.at("/components/schemas/ImagesResponse/required").toString()).contains("\"data\"");
        assertThat(april2025.at("/components/schemas/ImagesResponse/required").toString()).as("data made optional")
                .doesNotContain("\"data\"");
        assertThat(march2025.toString()).doesNotContain("gpt-image-2");
        assertThat(august2026.toString()).contains("\"gpt-image-2\"");
    }

    @Test
    void theSameVersionPinsTheSameTextAndAnotherOperationItsOwn() throws Exception {
        String text = spec("f85dbe2");
        assertThat(SpecReader.read(text, GENERATIONS).json()).isEqualTo(SpecReader.read(text, GENERATIONS).json());
        PinnedOperation models = SpecReader.read(text, OperationRef.parse("GET /models"));
        assertThat(models.json()).doesNotContain("CreateImageRequest");
        assertThat(models.components()).isNotEmpty();
    }

    @Test
    void aMultiMegabyteSpecIsRead() throws Exception {
        StringBuilder big = new StringBuilder(spec("f85dbe2").replace("paths:\n", "paths:\n" + "  /filler/{n}:\n    get:\n"
                + "      responses:\n        '200':\n          description: x\n"));
        String head = big.toString();
        int cut = head.indexOf("paths:\n") + "paths:\n".length();
        StringBuilder filler = new StringBuilder();
        for (int i = 0; filler.length() < 4_000_000; i++) {
            filler.append("  /filler-").append(i).append(":\n    get:\n      description: ").append("lorem ipsum ".repeat(20))
                    .append("\n      responses:\n        '200':\n          description: ok\n");
        }
        big.insert(cut, filler);
        assertThat(big.length()).isGreaterThan(4_000_000);
        assertThat(SpecReader.read(big.toString(), GENERATIONS).components()).contains("#/components/schemas/ImagesResponse");
    }

    @Test
    void aJsonDocumentAndAYamlOneWithAliasesArePinnedAsTheYamlOneIs() throws Exception {
        String yaml = spec("f85dbe2");
        String json = JSON.writeValueAsString(new tools.jackson.databind.ObjectMapper(new tools.jackson.dataformat.yaml.YAMLFactory()).readTree(yaml));
        assertThat(SpecReader.read(json, GENERATIONS).json()).isEqualTo(SpecReader.read(yaml, GENERATIONS).json());
        // Anchors and aliases (rare in generated specs) are resolved by the reference reader.
        String aliased = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nx-shared:\n  ok: &ok\n    description: ok\n"
                + "    content: {application/json: {schema: {type: object, required: [created], properties: {created: {type: integer}}}}}\n"
                + "paths:\n  /images/generations:\n    post:\n      responses:\n        '200': *ok\n        '201': *ok\n";
        JsonNode pinned = JSON.readTree(SpecReader.read(aliased, GENERATIONS).json());
        assertThat(pinned.at("/paths/~1images~1generations/post/responses/201/content/application~1json/schema/required/0").asString()).isEqualTo("created");
    }

    @Test
    void aDocumentThatIsNotOpenApiIsSaidToBeSo() {
        assertProblem("swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n", "spec-not-openapi", "not an OpenAPI 3 document");
        assertProblem("<html><body>Moved</body></html>", "spec-not-openapi", "not an OpenAPI 3 document");
        assertProblem("{\"openapi\": \"3.1.0\", ", "spec-unreadable", "neither JSON nor YAML");
        assertProblem("", "spec-unreadable", "empty");
    }

    @Test
    void aMissingOperationARemoteRefAndACycleEachGiveAReasonAndNothingIsFetched() throws Exception {
        String base = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /images/generations:\n    post:\n"
                + "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n"
                + "              schema: {$ref: '%s'}\n";
        assertProblem(base.formatted("https://example.invalid/schemas.yaml#/Images"), "spec-remote-ref", "does not fetch");
        assertProblem(base.formatted("#/components/schemas/Nowhere"), "spec-not-openapi", "points at nothing");
        assertThatThrownBy(() -> SpecReader.read(base.formatted("#/components/schemas/A"), OperationRef.parse("GET /images/generations")))
                .isInstanceOfSatisfying(SpecProblem.class, p -> {
                    assertThat(p.rule()).isEqualTo("spec-operation-missing");
                    assertThat(p.getMessage()).contains("GET /images/generations").contains("not that method");
                });
        String cycle = base.formatted("#/components/schemas/A") + "components:\n  schemas:\n"
                + "    A:\n      type: object\n      properties:\n        b: {$ref: '#/components/schemas/B'}\n"
                + "    B:\n      type: object\n      properties:\n        a: {$ref: '#/components/schemas/A'}\n";
        assertThat(SpecReader.read(cycle, GENERATIONS).components()).containsExactly("#/components/schemas/A", "#/components/schemas/B");
    }

    @Test
    void anOperationIsWrittenAsTheSpecWritesIt() {
        assertThat(OperationRef.parse("post  /images/generations")).hasToString("POST /images/generations");
        assertThatThrownBy(() -> OperationRef.parse("/images/generations")).hasMessageContaining("e.g. \"POST /images/generations\"");
        assertThatThrownBy(() -> OperationRef.parse("FETCH /x")).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertProblem(String text, String rule, String says) {
        assertThatThrownBy(() -> SpecReader.read(text, GENERATIONS)).isInstanceOfSatisfying(SpecProblem.class, p -> {
            assertThat(p.rule()).isEqualTo(rule);
            assertThat(p.getMessage()).contains(says).doesNotContain("\n");
        });
    }

    private static String spec(String version) throws IOException {
        try (InputStream in = SpecReaderTest.class.getResourceAsStream("/openai-openapi/" + version + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
