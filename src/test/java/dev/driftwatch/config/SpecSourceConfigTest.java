package dev.driftwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.driftwatch.contract.Contract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code specs:} of a contract: the provider's published OpenAPI documents, and the mistakes people make in them. */
class SpecSourceConfigTest extends ChecksYamlTest {
    private static final String URL = "        url: ${OPENAI_SPEC_URL:-https://raw.githubusercontent.com/openai/openai-openapi/main/openapi.yaml}\n";
    private static final String OPERATION = "        operation: POST /images/generations\n";
    private static final String MODELS = "        models: GET /models\n";
    private static final String SCHEDULE = "        schedule: \"0 40 */6 * * ?\"\n";
    private static final String SHIPPED = "      - name: openai\n" + URL + OPERATION + MODELS + SCHEDULE;

    @Test
    void theShippedFileWatchesOpenAisSpecForTheWisGateContract() throws Exception {
        List<Contract> contracts = load(Map.of());
        assertThat(contracts).singleElement().satisfies(c -> assertThat(c.specs()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("openai");
            assertThat(s.url().toString()).isEqualTo("https://raw.githubusercontent.com/openai/openai-openapi/main/openapi.yaml");
            assertThat(s.operation()).isEqualTo("POST /images/generations");
            assertThat(s.models()).isEqualTo("GET /models");
            assertThat(s.schedule().expression()).isEqualTo("0 40 */6 * * ?");
            assertThat(s.alert()).isNull();
        }));
    }

    @Test
    void anEnvironmentVariablePointsTheSpecAtALocalStandIn() throws Exception {
        Contract c = load(Map.of("OPENAI_SPEC_URL", "http://127.0.0.1:8091/openapi.yaml")).get(0);
        assertThat(c.specs().get(0).url().toString()).isEqualTo("http://127.0.0.1:8091/openapi.yaml");
    }

    @Test
    void aSpecWithoutModelsOrScheduleLoadsWithTheDefaults() throws Exception {
        ws.edit(MODELS + SCHEDULE, "");
        SpecSource spec = load(Map.of()).get(0).specs().get(0);
        assertThat(spec.models()).isNull();
        assertThat(spec.schedule()).isEqualTo(CronSchedule.parse("0 40 */6 * * ?"));
        assertThat(spec.operation()).isEqualTo("POST /images/generations");
    }

    @Test
    void aContractWithoutSpecsHasNone() throws Exception {
        ws.edit(SHIPPED, "").edit("    specs:\n", "");
        assertThat(load(Map.of()).get(0).specs()).isEmpty();
    }

    @Test
    void methodsAreTakenInEitherCaseAndAnyOperationAnOpenApiPathItemHolds() throws Exception {
        ws.edit(OPERATION, "        operation: post /images/generations\n").edit(MODELS, "        models: OPTIONS /models/{model}\n");
        SpecSource spec = load(Map.of()).get(0).specs().get(0);
        assertThat(spec.operation()).isEqualTo("post /images/generations");
        assertThat(spec.models()).isEqualTo("OPTIONS /models/{model}");
    }

    @Test
    void aMissingUrlIsRefused() {
        ws.edit(URL, "");
        assertThat(errorOf()).isEqualTo(at("name: openai") + ": missing 'url' in contract #1/specs/0"
                + " — add the absolute URL of the OpenAPI document (YAML or JSON)");
    }

    @Test
    void aUrlThatIsNotOneIsRefusedAtItsValue() {
        ws.edit(URL, "        url: raw.githubusercontent.com/openai/openapi.yaml\n");
        assertThat(errorOf()).isEqualTo(at("raw.githubusercontent.com/openai/openapi.yaml")
                + ": 'raw.githubusercontent.com/openai/openapi.yaml' is not an http(s) URL — write an absolute URL starting with https:// or http://");
    }

    @Test
    void anOperationWithoutAPathFromTheRootIsRefusedAtItsValue() {
        ws.edit(OPERATION, "        operation: POST images\n");
        assertThat(errorOf()).isEqualTo(at("POST images") + ": 'POST images' is not an operation (METHOD /path)"
                + " — write the method, one space and the path as the spec writes it (from '/', no spaces), e.g. \"POST /images/generations\"");
    }

    @Test
    void anOperationWithAPathWithSpacesIsRefused() {
        ws.edit(OPERATION, "        operation: \"POST /images/ generations\"\n");
        assertThat(errorOf()).startsWith(at("\"POST /images/ generations\"") + ": 'POST /images/ generations' is not an operation (METHOD /path) — ");
    }

    @Test
    void anOperationWhoseMethodIsNotAnHttpMethodIsRefused() {
        ws.edit(OPERATION, "        operation: FETCH /x\n");
        assertThat(errorOf()).isEqualTo(at("FETCH /x") + ": 'FETCH /x' does not start with an HTTP method"
                + " — use one of GET, PUT, POST, DELETE, OPTIONS, HEAD, PATCH, TRACE, e.g. \"POST /images/generations\"");
    }

    @Test
    void aMissingOperationIsRefused() {
        ws.edit(OPERATION, "");
        assertThat(errorOf()).isEqualTo(at("name: openai") + ": missing 'operation' in contract #1/specs/0"
                + " — add the operation the contract pins, as written in the spec, e.g. \"POST /images/generations\"");
    }

    @Test
    void aModelsOperationOfTheWrongFormIsRefusedAtItsValue() {
        ws.edit(MODELS, "        models: GET models\n");
        assertThat(errorOf()).isEqualTo(at("GET models") + ": 'GET models' is not an operation (METHOD /path)"
                + " — write the method, one space and the path as the spec writes it (from '/', no spaces), e.g. \"GET /models\"");
    }

    @Test
    void anOperationFromAVariableIsNamedByItNeverShown() {
        ws.edit(OPERATION, "        operation: ${SPEC_OPERATION}\n");
        String error = errorOf(Map.of("SPEC_OPERATION", "sk-fixture-7a6b5c4d3e2f"));
        assertThat(error).isEqualTo(at("${SPEC_OPERATION}") + ": the value of ${SPEC_OPERATION} is not an operation (METHOD /path)"
                + " — write the method, one space and the path as the spec writes it (from '/', no spaces), e.g. \"POST /images/generations\"");
        assertThat(error).doesNotContain("sk-fixture").doesNotContain("7a6b5c4d");
    }

    @Test
    void twoSpecsWithOneNameAreRefusedAtTheSecond() {
        ws.edit(SHIPPED, SHIPPED + "      - name: openai    # again\n        url: https://example.com/openapi.json\n" + OPERATION);
        assertThat(errorOf()).isEqualTo(at("openai    # again") + ": 'openai' names an earlier spec too — give every spec its own name");
    }

    @Test
    void aNameThatIsNotAnIdIsRefused() {
        ws.edit("      - name: openai\n", "      - name: OpenAI Spec\n");
        assertThat(errorOf()).isEqualTo(at("OpenAI Spec") + ": 'OpenAI Spec' is not a valid spec name — use lower-case letters, digits, '.', '_' and '-'");
    }

    @Test
    void aMissingNameIsRefused() {
        ws.edit("      - name: openai\n" + URL, "      - url: https://example.com/openapi.json\n");
        assertThat(errorOf()).isEqualTo(at("url: https://example.com/openapi.json") + ": missing 'name' in contract #1/specs/0 — add a short spec name such as openai");
    }

    @Test
    void anUnknownKeyIsRefusedWithTheKnownOnes() {
        ws.edit(OPERATION, "        operaton: POST /images/generations\n");
        assertThat(errorOf()).isEqualTo(at("operaton") + ": unknown key 'operaton' — use one of: alert, models, name, operation, schedule, url");
    }

    @Test
    void theSpecsOwnThresholdsAreCheckedLikeEveryChecks() {
        ws.edit(SCHEDULE, SCHEDULE + "        alert: {failureThreshold: 0}\n");
        assertThat(errorOf()).isEqualTo(at("0}") + ": the threshold must be 1 or more"
                + " — write a count of consecutive verdicts; 1 alerts on the first BROKEN verdict");
    }

    @Test
    void severalMistakesInOneSpecAreAllReported() {
        ws.edit(URL, "").edit(OPERATION, "        operation: FETCH /x\n").edit(MODELS, "        models: /models\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(Map.of()));
        assertThat(e.lines()).hasSize(3);
    }
}
