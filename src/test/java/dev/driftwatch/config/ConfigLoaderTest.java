package dev.driftwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.driftwatch.contract.Contract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** checks.yaml mistakes people make, each refused with file:line:column, what is wrong and what to do. */
class ConfigLoaderTest extends ChecksYamlTest {

    @Test
    void shippedFileLoadsWithProductionDefaults() throws Exception {
        List<Contract> contracts = load(Map.of());
        assertThat(contracts).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("wisgate-gpt-image-2");
            assertThat(c.model()).isEqualTo("gpt-image-2");
            assertThat(c.method() + " " + c.endpointPath()).isEqualTo("POST /v1/images/generations");
            assertThat(c.environments()).singleElement().satisfies(e -> {
                assertThat(e.baseUrl().toString()).isEqualTo("https://api.wisgate.ai");
                assertThat(e.apiKeyEnv()).isEqualTo("WISGATE_API_KEY");
            });
            assertThat(c.docs()).extracting(p -> p.url().toString()).containsExactly(
                    "https://wisgate.ai/", "https://wisgate.ai/models", "https://wisgate.ai/studio/image", "https://wisgate.ai/topics/gpt-image-2-prompts");
            assertThat(c.pinnedRequest().toString()).isEqualTo("{\"model\":\"gpt-image-2\",\"prompt\":\"A beautiful sunset\",\"n\":1,\"size\":\"1024x1024\"}");
            assertThat(c.modelFamily().matcher("gpt-image-2.1").matches()).isTrue();
            assertThat(c.modelFamily().matcher("gpt-image-20").matches()).isFalse();
        });
    }

    @Test
    void environmentVariablesPointOneFileAtALocalStandIn() throws Exception {
        List<Contract> contracts = load(Map.of("WISGATE_API_BASE", "http://127.0.0.1:8089", "WISGATE_DOCS_BASE", "http://127.0.0.1:8090"));
        assertThat(contracts.get(0).environments().get(0).baseUrl().toString()).isEqualTo("http://127.0.0.1:8089");
        assertThat(contracts.get(0).docs().get(1).url().toString()).isEqualTo("http://127.0.0.1:8090/models");
    }

    @Test
    void unsetVariableWithoutDefaultIsRefusedAtItsValue() {
        ws.edit("${WISGATE_API_BASE:-https://api.wisgate.ai}", "${STAGING_API_BASE}");
        assertThat(errorOf()).isEqualTo(at("${STAGING_API_BASE}") + ": environment variable STAGING_API_BASE is not set — set it, or give a default as ${STAGING_API_BASE:-value}");
    }

    @Test
    void unknownKeyIsRefusedWithTheKnownOnes() {
        ws.edit("        schedule: \"0 */15 * * * ?\"", "        shedule: \"0 */15 * * * ?\"");
        assertThat(errorOf()).isEqualTo(at("shedule") + ": unknown key 'shedule' — use one of: alert, enabled, path, schedule");
    }

    @Test
    void badCronIsRefusedAtItsValue() {
        ws.edit("\"0 */15 * * * ?\"", "\"every 15 minutes\"");
        assertThat(errorOf()).startsWith(at("\"every 15 minutes\"") + ": 'every 15 minutes' is not a Quartz cron expression")
                .endsWith("— write six or seven fields starting with seconds, e.g. \"0 */15 * * * ?\" for every 15 minutes");
    }

    @Test
    void cronThatNeverFiresIsRefusedAtItsValue() {
        ws.edit("\"0 0 6 * * ?\"", "\"0 0 0 30 2 ?\"");
        assertThat(errorOf()).isEqualTo(at("\"0 0 0 30 2 ?\"") + ": '0 0 0 30 2 ?' never fires (no time after now matches it)"
                + " — check the day, month and year fields (there is no 30 February, and a year must not be past), e.g. \"0 0 6 * * ?\" fires daily at 06:00");
    }

    @Test
    void cronWhoseYearIsPastIsRefused() {
        ws.edit("\"0 25 */6 * * ?\"", "\"0 0 0 1 1 ? 2020\"");
        assertThat(errorOf()).startsWith(at("\"0 0 0 1 1 ? 2020\"") + ": '0 0 0 1 1 ? 2020' never fires (no time after now matches it) — ");
    }

    @Test
    void badUrlIsRefused() {
        ws.edit("${WISGATE_API_BASE:-https://api.wisgate.ai}", "api.wisgate.ai/v1");
        assertThat(errorOf()).isEqualTo(at("api.wisgate.ai/v1") + ": 'api.wisgate.ai/v1' is not an http(s) URL — write an absolute URL starting with https:// or http://");
    }

    @Test
    void urlWithCredentialsIsRefusedWithoutEchoingThem() {
        ws.edit("${WISGATE_API_BASE:-https://api.wisgate.ai}", "https://user:hunter2secret@api.wisgate.ai");
        assertThat(errorOf()).contains("carries credentials").doesNotContain("hunter2secret");
    }

    @Test
    void aKeyInterpolatedWhereAUrlBelongsIsNamedByItsVariableNeverShown() {
        ws.edit("${WISGATE_API_BASE:-https://api.wisgate.ai}", "${WISGATE_API_KEY}");
        String error = errorOf(Map.of("WISGATE_API_KEY", "sk-fixture-9f8e7d6c5b4a3210"));
        assertThat(error).isEqualTo(at("${WISGATE_API_KEY}") + ": the value of ${WISGATE_API_KEY} is not an http(s) URL"
                + " — write an absolute URL starting with https:// or http://");
        assertThat(error).doesNotContain("sk-fixture").doesNotContain("9f8e7d6c");
    }

    @Test
    void aValueBuiltFromAVariableShowsTheVariableAndTheRestOfTheText() {
        String error = errorOf(Map.of("WISGATE_DOCS_BASE", "token-abc123 internal"));
        assertThat(error).startsWith(at("${WISGATE_DOCS_BASE:-https://wisgate.ai}/") + ": the value of ${WISGATE_DOCS_BASE}/ is not a URL — ")
                .doesNotContain("token-abc123");
    }

    @Test
    void aCronFromAVariableIsNotQuotedNorIsTheParsersDetail() {
        ws.edit("\"0 0 6 * * ?\"", "${PROBE_SCHEDULE}");
        String error = errorOf(Map.of("PROBE_SCHEDULE", "hunter2 0 6 * * ?"));
        assertThat(error).isEqualTo(at("${PROBE_SCHEDULE}") + ": the value of ${PROBE_SCHEDULE} is not a Quartz cron expression"
                + " — write six or seven fields starting with seconds, e.g. \"0 */15 * * * ?\" for every 15 minutes");
        assertThat(error).doesNotContainIgnoringCase("hun");
    }

    @Test
    void settingsCheckedAfterLoadingNameTheVariableToo() {
        ws.edit("  - id: wisgate-gpt-image-2", "  - id: ${CONTRACT_ID}")
                .edit("modelFamily: \"gpt-image-2([-.:@].*)?\"", "modelFamily: ${MODEL_FAMILY}");
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> load(Map.of("CONTRACT_ID", "Secret Contract 42", "MODEL_FAMILY", "secretfamily(?=x)")));
        assertThat(e.lines()).containsExactly(
                at("${CONTRACT_ID}") + ": the value of ${CONTRACT_ID} is not a valid contract id — use lower-case letters, digits, '.', '_' and '-'",
                at("${MODEL_FAMILY}") + ": modelFamily is not a valid regular expression (RE2 syntax: unsupported construct)"
                        + " — RE2 syntax: no backreferences or lookaround; rewrite without it, e.g. match the text around it and capture the part you want in a group");
    }

    @Test
    void aSchemaPathFromAVariableIsNamedByIt() {
        ws.edit("error: schemas/error.schema.json", "error: ${ERROR_SCHEMA}");
        String error = errorOf(Map.of("ERROR_SCHEMA", "schemas/secret-token-xyz.json"));
        assertThat(error).isEqualTo(at("${ERROR_SCHEMA}") + ": schema file (the value of ${ERROR_SCHEMA}) not found"
                + " — paths are relative to the directory of " + ws.config + "; create the file or fix the path");
        assertThat(error).doesNotContain("secret-token");
    }

    @Test
    void missingSchemaFileIsRefusedAtItsPath() {
        ws.edit("schemas/error.schema.json", "schemas/errors.schema.json");
        assertThat(errorOf()).startsWith(at("schemas/errors.schema.json") + ": schema file schemas/errors.schema.json not found")
                .endsWith("— paths are relative to the directory of " + ws.config + "; create the file or fix the path");
    }

    @Test
    void schemaFileThatBreaksTheMetaschemaIsRefusedWithThePointerIntoIt() throws Exception {
        java.nio.file.Files.writeString(ws.dir.resolve("schemas/x.json"), "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"objekt\"}}}");
        ws.edit("response: schemas/images-generations.response.schema.json", "response: schemas/x.json");
        assertThat(errorOf()).isEqualTo(at("schemas/x.json") + ": schema file schemas/x.json is not a valid JSON Schema 2020-12: /properties/a/type:"
                + " does not have a value in the enumeration [\"array\", \"boolean\", \"integer\", \"null\", \"number\", \"object\", \"string\"]"
                + " — fix it in that file");
    }

    @Test
    void schemaFileWithANumberForATypeIsRefused() throws Exception {
        java.nio.file.Files.writeString(ws.dir.resolve("schemas/x.json"), "{\"type\": 5}");
        ws.edit("models: schemas/models-list.schema.json", "models: schemas/x.json");
        assertThat(errorOf()).startsWith(at("schemas/x.json") + ": schema file schemas/x.json is not a valid JSON Schema 2020-12: /type: ");
    }

    @Test
    void pinnedRequestThatFailsItsOwnSchemaIsRefusedAtTheField() {
        ws.edit("      size: 1024x1024", "      size: 1024x1024\n      quality: ultra");
        assertThat(errorOf()).startsWith(at("ultra") + ": the pinned request fails its own schema schemas/images-generations.request.schema.json at /quality");
    }

    @Test
    void pinnedRequestWithAFieldTheSchemaDoesNotAllowIsRefused() {
        ws.edit("      n: 1", "      n: 1\n      seed: 42");
        assertThat(errorOf()).startsWith(at("seed: 42") + ": the pinned request fails its own schema schemas/images-generations.request.schema.json at /seed");
    }

    @Test
    void endpointProbeThatWouldBeBillableIsRefused() {
        ws.edit("          value: 0", "          value: 2");
        assertThat(errorOf()).contains("the request still passes").contains("could run and bill it");
    }

    @Test
    void wrongKindOfValueIsRefused() {
        ws.edit("dailyBudget: 1 ", "dailyBudget: lots ");
        assertThat(errorOf()).isEqualTo(at("lots") + ": 'dailyBudget' has the wrong kind of value — write a whole number");
    }

    @Test
    void keyPastedInsteadOfItsVariableNameIsRefusedWithoutEchoingIt() {
        ws.edit("apiKeyEnv: WISGATE_API_KEY", "apiKeyEnv: sk-fixture-abc123-pasted");
        assertThat(errorOf()).contains("apiKeyEnv is not a variable name").doesNotContain("sk-fixture-abc123-pasted");
    }

    @Test
    void invalidModelFamilyRegexIsRefused() {
        ws.edit("modelFamily: \"gpt-image-2([-.:@].*)?\"", "modelFamily: \"gpt-image-2([\"");
        assertThat(errorOf()).startsWith(at("\"gpt-image-2([\"") + ": modelFamily is not a valid regular expression");
    }

    @Test
    void regexWithABackreferenceIsRefusedAtLoadWithItsPosition() {
        // java.util.regex ran this for 305 s on a page of 60 a's; RE2 refuses it before anything runs.
        ws.edit("            contains: /v1/images/generations", "            regex: \"^((a+)\\\\2?)+$\"");
        assertThat(errorOf()).isEqualTo(at("\"^((a+)") + ": the fact's regex is not a valid regular expression (RE2 syntax: invalid escape sequence: \\2)"
                + " — RE2 syntax: no backreferences or lookaround; rewrite without \\2, e.g. repeat the group's pattern");
    }

    @Test
    void modelFamilyWithALookaheadIsRefusedAtLoad() {
        ws.edit("modelFamily: \"gpt-image-2([-.:@].*)?\"", "modelFamily: \"gpt-image-2(?![0-9]).*\"");
        assertThat(errorOf()).startsWith(at("\"gpt-image-2(?!") + ": modelFamily is not a valid regular expression (RE2 syntax: ")
                .endsWith("— RE2 syntax: no backreferences or lookaround; rewrite without (?!, e.g. match the text around it and capture the part you want in a group");
    }

    @Test
    void possessiveQuantifierInAVolatilePatternIsRefusedAtLoad() {
        ws.edit("        ignore: [\".cookie-banner\"]", "        ignore: [\".cookie-banner\"]\n        volatile: ['Viewed [0-9]++ times']");
        assertThat(errorOf()).startsWith(at("'Viewed") + ": a volatile pattern is not a valid regular expression (RE2 syntax: ")
                .contains("rewrite without ++");
    }

    @Test
    void cssSelectorWithARegexIsRefusedBecauseJsoupRunsItOnJavaRegex() {
        ws.edit("        regions: [main]\n      - name: models", "        regions: [\"main p:matches((.*a){12}$)\"]\n      - name: models");
        assertThat(errorOf()).isEqualTo(at("\"main p:matches") + ": 'main p:matches((.*a){12}$)' matches a regular expression (:matches…, [attr~=…]),"
                + " which jsoup runs on Java's backtracking engine — select with plain CSS and read the text with a regex fact (RE2) instead");
    }

    @Test
    void yamlSyntaxErrorIsRefusedWithItsPosition() {
        ws.edit("    provider: WisGate", "    provider: WisGate\n   bad-indent: x");
        assertThat(errorOf()).matches(ws.config + ":\\d+:\\d+: YAML syntax error: .* — fix the YAML at that spot.*");
    }

    @Test
    void severalMistakesAreAllReported() {
        ws.edit("model: gpt-image-2\n    # Other", "model: \"\"\n    # Other").edit("path: /v1/models", "path: v1/models");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(Map.of()));
        assertThat(e.lines()).hasSize(2);
    }
}
