package dev.driftwatch.api;

import static dev.driftwatch.testing.ShippedSchemas.classify;
import static dev.driftwatch.testing.ShippedSchemas.shipped;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Severity;
import dev.driftwatch.contract.JsonSchemaFile;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replays the real history of OpenAI's images API (src/test/resources/openai-images-history, converted from the public openai/openai-openapi spec; index.json names each source commit): a
 * response shaped as each published schema describes it is classified against the shipped
 * schemas, and the verdicts follow the breaking-change rule table.
 */
class HistoryReplayTest {
    private static final Path HISTORY = Path.of("src/test/resources/openai-images-history");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Stream<String> responseHistory() {
        // The original shape (2022-11-02); revised_prompt (2023-11-06); usage, data no longer required
        // (2025-04-29); size, quality, output_format, background, usage.output_tokens_details (2026-05-13).
        return Stream.of("2022-11-02-images-response.json", "2023-11-06-images-response.json", "2025-04-29-images-response.json",
                "2026-05-13-images-response.json", "2026-08-20-images-response.json", "2026-08-21-images-response.json");
    }

    /**
     * The shipped schema declares every field OpenAI ever documented for the response, so a response
     * with all of them, as each version describes it, has nothing undeclared, nothing broken and no
     * new enum value.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("responseHistory")
    void everyPublishedResponseShapeIsFullyDeclared(String file) throws Exception {
        JsonNode historical = historical(file);
        JsonNode sample = new SampleResponse(historical).build("ImagesResponse");
        BodyClassifier.Result result = classify(sample, "images-generations.response.schema.json");
        assertThat(result.findings().stream().filter(f -> f.severity() == Severity.ERROR).map(Finding::pointer).toList()).isEmpty();
        assertThat(result.findings().stream().filter(f -> f.rule().equals("response-property-added")).map(Finding::pointer).toList()).isEmpty();
        assertThat(result.findings()).isEmpty();
        assertThat(result.undeclared()).isEmpty();
    }

    /** Nothing is empty only because nothing is looked at: a field no version documents is still announced, once. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("responseHistory")
    void aFieldNoVersionDocumentsIsStillAnnounced(String file) throws Exception {
        ObjectNode sample = (ObjectNode) new SampleResponse(historical(file)).build("ImagesResponse");
        ((ObjectNode) sample.get("data").get(0)).put("watermark", "c2pa");
        ArrayNode data = (ArrayNode) sample.get("data");
        data.add(data.get(0).deepCopy());
        BodyClassifier.Result result = classify(sample, "images-generations.response.schema.json");
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("response-property-added");
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.pointer()).isEqualTo("/data/0/watermark");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responseHistory")
    void aResponseWithOnlyWhatEachVersionRequiresIsJudgedByWhatWeRead(String file) throws Exception {
        JsonNode historical = historical(file);
        JsonNode minimal = new SampleResponse(historical).minimal("ImagesResponse");
        BodyClassifier.Result result = classify(minimal, "images-generations.response.schema.json");
        boolean dataStillRequired = historical.path("ImagesResponse").path("required").toString().contains("\"data\"");
        if (dataStillRequired) {
            // data required, but its items may lack both image fields: the image carrier is what we read.
            assertThat(result.findings()).extracting(Finding::rule).contains("response-property-removed");
        } else {
            // 2025-04-29 made data optional: a response-property-became-optional ERR for a field we read.
            assertThat(result.findings()).anySatisfy(f -> {
                assertThat(f.rule()).isEqualTo("response-property-removed");
                assertThat(f.pointer()).isEqualTo("/data");
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorHistory")
    void everyPublishedErrorEnvelopeMatchesTheErrorSchema(String file) throws Exception {
        JsonNode historical = historical(file);
        JsonNode sample = new SampleResponse(historical).build("ErrorResponse");
        BodyClassifier.Result result = classify(sample, "error.schema.json");
        assertThat(result.findings()).isEmpty();
    }

    static Stream<String> errorHistory() {
        return Stream.of("2023-06-10-error-response.json", "2026-08-21-error-response.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestHistory")
    void thePinnedRequestAgainstEveryPublishedRequestSchema(String file, boolean standardSizeAccepted, boolean customSizeAccepted) throws Exception {
        JsonNode historical = historical(file);
        ObjectNode schema = (ObjectNode) inlineRefs(historical, historical.get("CreateImageRequest"));
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        var compiled = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema);
        ObjectNode pinned = (ObjectNode) JSON.readTree("{\"model\":\"gpt-image-2\",\"prompt\":\"A beautiful sunset\",\"n\":1,\"size\":\"1024x1024\"}");
        assertThat(compiled.validate(pinned).isEmpty()).isEqualTo(standardSizeAccepted);
        // gpt-image-2's arbitrary WIDTHxHEIGHT: a closed size enum refuses it (request-property-enum-value-removed
        // seen from a client that sends it); the 2026-05-13 spec opened size to any string.
        assertThat(compiled.validate(pinned.put("size", "1536x864")).isEmpty()).isEqualTo(customSizeAccepted);
    }

    // Unchanged by the nullable request schema: the pinned request is checked against OpenAI's own
    // CreateImageRequest of each version here, not against schemas/, and it sends no null.
    static Stream<Arguments> requestHistory() {
        return Stream.of(
                Arguments.of("2022-11-02-create-image-request.json", true, false),
                Arguments.of("2023-11-06-create-image-request.json", true, false),
                Arguments.of("2025-04-29-create-image-request.json", true, false),
                Arguments.of("2026-05-13-create-image-request.json", true, true),
                Arguments.of("2026-08-20-create-image-request.json", true, true),
                Arguments.of("2026-08-21-create-image-request.json", true, true));
    }

    private static JsonNode historical(String file) throws Exception {
        return JSON.readTree(Files.readString(HISTORY.resolve(file)));
    }



    /** Replaces OpenAPI's {@code #/components/schemas/X} refs by the definitions in the same file. */
    private static JsonNode inlineRefs(JsonNode file, JsonNode node) {
        if (node.isObject()) {
            if (node.has("$ref")) {
                String name = node.get("$ref").asString().replace("#/components/schemas/", "");
                return inlineRefs(file, file.get(name));
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!e.getKey().equals("nullable") && !e.getKey().startsWith("x-") && !e.getKey().equals("example")) {
                    out.set(e.getKey(), inlineRefs(file, e.getValue()));
                }
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(inlineRefs(file, n)));
            return out;
        }
        return node;
    }

    /** Builds a response as a published schema describes it: every documented property, or only the required ones. */
    private static final class SampleResponse {
        private final JsonNode file;

        SampleResponse(JsonNode file) {
            this.file = file;
        }

        JsonNode build(String name) {
            return value(file.get(name), false);
        }

        JsonNode minimal(String name) {
            return value(file.get(name), true);
        }

        private JsonNode value(JsonNode schema, boolean requiredOnly) {
            if (schema.has("$ref")) {
                return value(file.get(schema.get("$ref").asString().replace("#/components/schemas/", "")), requiredOnly);
            }
            if (schema.has("anyOf")) {
                return value(schema.get("anyOf").get(0), requiredOnly);
            }
            if (schema.has("enum")) {
                return schema.get("enum").get(0);
            }
            String type = schema.path("type").asString(schema.has("properties") ? "object" : "string");
            switch (type) {
                case "object": {
                    ObjectNode o = JsonNodeFactory.instance.objectNode();
                    for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
                        boolean required = schema.path("required").toString().contains("\"" + p.getKey() + "\"");
                        if (!requiredOnly || required) {
                            o.set(p.getKey(), p.getValue().path("nullable").asBoolean(false) ? JsonNodeFactory.instance.nullNode() : value(p.getValue(), requiredOnly));
                        }
                    }
                    return o;
                }
                case "array":
                    return JsonNodeFactory.instance.arrayNode().add(value(schema.get("items"), requiredOnly));
                case "integer":
                    return JsonNodeFactory.instance.numberNode(1779350400);
                case "boolean":
                    return JsonNodeFactory.instance.booleanNode(false);
                default:
                    return JsonNodeFactory.instance.stringNode("iVBORw0KGgo=");
            }
        }
    }
}
