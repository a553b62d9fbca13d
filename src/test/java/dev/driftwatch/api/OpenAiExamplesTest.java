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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's own examples against the shipped schemas. The files in src/test/resources/openai-examples
 * are copied, unchanged apart from indentation, from OpenAI's published OpenAPI document
 * (openai/openai-openapi, openapi.yaml, MIT License) at commit f85dbe2 (2026-08-21):
 * <ul>
 * <li>{@code f85dbe2-create-image-response.json}: the response of the "Generate image" example of
 * {@code POST /images/generations} (its {@code x-oaiMeta.examples[0].response});</li>
 * <li>{@code f85dbe2-images-response-object.json}: the example of the ImagesResponse object
 * ({@code components.schemas.ImagesResponse.x-oaiMeta.example});</li>
 * <li>{@code f85dbe2-create-image-request.json} and {@code f85dbe2-create-image-request-streaming.json}:
 * the bodies of the curl requests of the "Generate image" and "Streaming" examples;</li>
 * <li>{@code f85dbe2-create-image-request-field-examples.json}: one request made of the {@code example}
 * value of every CreateImageRequest property (partial_images: the example of PartialImages);</li>
 * <li>{@code f85dbe2-model-object.json}: the example of the Model object
 * ({@code components.schemas.Model.x-oaiMeta.example}).</li>
 * </ul>
 * JSON files cannot carry comments, so their source is written here.
 */
class OpenAiExamplesTest {
    private static final Path EXAMPLES = Path.of("src/test/resources/openai-examples");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"f85dbe2-create-image-response.json", "f85dbe2-images-response-object.json"})
    void openAisExampleResponsesHaveNoFindingAtAll(String file) throws Exception {
        BodyClassifier.Result result = classify(example(file), "images-generations.response.schema.json");
        assertThat(result.findings()).isEmpty();
        assertThat(result.undeclared()).isEmpty();
    }

    @Test
    void everyDocumentedResponseFieldAtOnceHasNoFindingAtAll() throws Exception {
        // The ImagesResponse example plus what it leaves out: revised_prompt, url, output_tokens_details.
        ObjectNode full = (ObjectNode) example("f85dbe2-images-response-object.json");
        ((ObjectNode) full.get("data").get(0)).put("url", "https://example.invalid/img/1.png").put("revised_prompt", "A cute baby sea otter, photographed");
        ((ObjectNode) full.get("usage")).putObject("output_tokens_details").put("image_tokens", 40).put("text_tokens", 10);
        BodyClassifier.Result result = classify(full, "images-generations.response.schema.json");
        assertThat(result.findings()).isEmpty();
        assertThat(result.undeclared()).isEmpty();
    }

    @Test
    void aGptImage2SizeInTheResponseIsNoFinding() throws Exception {
        // OpenAI's enum lists three sizes; gpt-image-2 answers with the WIDTHxHEIGHT it was asked for.
        ObjectNode body = ((ObjectNode) example("f85dbe2-images-response-object.json")).put("size", "1536x864");
        assertThat(classify(body, "images-generations.response.schema.json").findings()).isEmpty();
    }

    @Test
    void aSizeThatIsNotWidthByHeightIsAChangeOfAFieldWeDoNotReadNotABreak() throws Exception {
        ObjectNode body = ((ObjectNode) example("f85dbe2-images-response-object.json")).put("size", "large");
        BodyClassifier.Result result = classify(body, "images-generations.response.schema.json");
        assertThat(result.breaks()).isEmpty();
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("response-property-changed");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.pointer()).isEqualTo("/size");
        });
    }

    @Test
    void aDeclaredFieldWeDoNotReadChangingItsTypeIsAChangeAFieldWeReadIsABreak() throws Exception {
        ObjectNode body = ((ObjectNode) example("f85dbe2-images-response-object.json"));
        body.putNull("usage");
        body.put("created", "2026-11-30T12:00:00Z");
        BodyClassifier.Result result = classify(body, "images-generations.response.schema.json");
        assertThat(result.breaks()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("response-property-type-changed");
            assertThat(f.pointer()).isEqualTo("/created");
        });
        assertThat(result.deviations()).singleElement().satisfies(d -> {
            assertThat(d.pointer()).isEqualTo("/usage");
            assertThat(d.finding().rule()).isEqualTo("response-property-changed");
            assertThat(d.value()).startsWith("null");
        });
    }

    @Test
    void aNewValueOfADocumentedEnumIsStillAReleaseChange() throws Exception {
        ObjectNode body = ((ObjectNode) example("f85dbe2-images-response-object.json")).put("quality", "ultra");
        assertThat(classify(body, "images-generations.response.schema.json").findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("response-property-enum-value-added");
            assertThat(f.pointer()).isEqualTo("/quality");
        });
    }

    @Test
    void aFieldOpenAiDoesNotDocumentIsStillAnnounced() throws Exception {
        ObjectNode body = (ObjectNode) example("f85dbe2-images-response-object.json");
        ((ObjectNode) body.get("usage")).put("cached_tokens", 0);
        assertThat(classify(body, "images-generations.response.schema.json").findings()).extracting(Finding::rule, Finding::pointer)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("response-property-added", "/usage/cached_tokens"));
    }

    @Test
    void openAisModelObjectExampleHasNoFinding() throws Exception {
        ObjectNode list = JSON.createObjectNode().put("object", "list");
        list.putArray("data").add(example("f85dbe2-model-object.json"))
                .add(((ObjectNode) example("f85dbe2-model-object.json")).put("id", "model-id-0").putNull("shutdown_date"));
        BodyClassifier.Result result = classify(list, "models-list.schema.json");
        assertThat(result.findings()).isEmpty();
        assertThat(result.undeclared()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"f85dbe2-create-image-request.json", "f85dbe2-create-image-request-field-examples.json"})
    void openAisExampleRequestsPassTheRequestSchema(String file) throws Exception {
        assertThat(shipped("images-generations.request.schema.json").validate(example(file))).isEmpty();
    }

    @Test
    void nullableOptionalsSetToNullAndPartialImagesPass() throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree("{\"model\":\"gpt-image-2\",\"prompt\":\"A beautiful sunset\",\"partial_images\":2}");
        for (String nullable : List.of("n", "size", "quality", "response_format", "output_format", "output_compression",
                "background", "moderation", "style", "stream")) {
            request.putNull(nullable);
        }
        assertThat(shipped("images-generations.request.schema.json").validate(request)).isEmpty();
        assertThat(shipped("images-generations.request.schema.json").validate(request.putNull("partial_images"))).isEmpty();
    }

    @Test
    void theStreamingExampleIsRefusedBecauseWeReadOneJsonResponse() throws Exception {
        assertThat(refusedAt(example("f85dbe2-create-image-request-streaming.json"))).contains("/stream");
    }

    @Test
    void nZeroAsTheEndpointProbeSendsItIsRefused() throws Exception {
        assertThat(refusedAt(pinned().put("n", 0))).contains("/n");
        assertThat(shipped("images-generations.request.schema.json").validate(pinned().putNull("n"))).isEmpty();
    }

    @Test
    void anUnknownFieldIsRefused() throws Exception {
        assertThat(shipped("images-generations.request.schema.json").validate(pinned().put("seed", 42)))
                .extracting(e -> e.getKeyword() + " " + e.getProperty()).containsExactly("additionalProperties seed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"partial_images\":4}", "{\"partial_images\":-1}", "{\"size\":\"big\"}", "{\"model\":null}", "{\"prompt\":null}", "{\"user\":null}"})
    void whatOpenAiDoesNotAllowOrOurPinNeedsIsRefused(String change) throws Exception {
        ObjectNode request = pinned();
        request.setAll((ObjectNode) JSON.readTree(change));
        assertThat(shipped("images-generations.request.schema.json").validate(request)).isNotEmpty();
    }

    private static ObjectNode pinned() throws Exception {
        return (ObjectNode) JSON.readTree("{\"model\":\"gpt-image-2\",\"prompt\":\"A beautiful sunset\",\"n\":1,\"size\":\"1024x1024\"}");
    }

    private static List<String> refusedAt(JsonNode request) throws Exception {
        return shipped("images-generations.request.schema.json").validate(request).stream()
                .map(e -> JsonSchemaFile.pointer(e.getInstanceLocation())).toList();
    }

    private static JsonNode example(String file) throws Exception {
        return JSON.readTree(Files.readString(EXAMPLES.resolve(file)));
    }


}
