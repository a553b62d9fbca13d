package dev.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.testing.FakeProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenAI's published spec replayed as it was released, 2025-03 → 2026-08 (src/test/resources/openai-openapi/), served
 * by the loopback provider one version after another to one audit trail while the live API and the docs stay as they
 * are (gpt-image-2 listed live and in the docs). Each row is what a careful engineer watching the shipped contract
 * would want to be told on that day, and why.
 */
class SpecHistoryReplayTest extends CliScenarioTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DATA = "#/components/schemas/ImagesResponse/properties/data";

    /** One release of the spec: the verdict of spec:openai, the rules that must break it, the news it must announce. */
    private record Step(String version, String verdict, Set<String> breaks, Set<String> news, String why) {}

    private static final List<Step> HISTORY = List.of(
            new Step("bf2a340", "PASS", Set.of(), Set.of(),
                    "2025-03-22, first reading: the pinned request validates, created and data are required; gpt-image-2 is not in"
                            + " the spec's model enum (dall-e only) but the enum is open (anyOf string), so that is recorded, not alarmed"),
            new Step("498c71d", "BROKEN", Set.of("response-property-became-optional", "spec-read-field-optional"),
                    Set.of("request-property-added", "request-property-enum-value-added", "response-property-added", "spec-model-added"),
                    "2025-04-29: data is no longer required in ImagesResponse — a field our code reads may be absent (the release"
                            + " no probe sees); new request fields (background, moderation, output_*), wider quality and size enums,"
                            + " usage in the response and gpt-image-1 are news"),
            new Step("5162af9", "BROKEN", Set.of("spec-read-field-optional"),
                    Set.of("request-property-added", "response-property-added", "response-media-type-added", "request-property-schema-changed",
                            "response-property-format-changed", "spec-model-added"),
                    "2026-05-13: data is still optional (the break stands until someone decides); streaming (text/event-stream),"
                            + " stream/partial_images, size now any string or an enum, size/quality/... echoed in the response,"
                            + " gpt-image-1.5 and gpt-image-1-mini are news"),
            new Step("b8d775d", "CHANGED", Set.of(),
                    Set.of("spec-model-listed", "spec-model-added", "response-property-added", "spec-live-disagree", "spec-docs-disagree"),
                    "2026-08-20, after the team accepted the optional data: gpt-image-2 now listed, gpt-image-2-2026-04-21 too —"
                            + " which neither /v1/models nor the docs list (spec-only); Model.shutdown_date added"),
            new Step("f85dbe2", "PASS", Set.of(), Set.of(),
                    "2026-08-21: only the description of background changed; the disagreements stand (warnings, told once)"),
            new Step("f85dbe2", "PASS", Set.of(), Set.of(),
                    "the same document again: answered 304 to the conditional GET, held against the contract all the same"));

    @Test
    void theRealHistoryOfOpenAisSpecGivesTheVerdictsACarefulEngineerWouldGive() {
        List<String> table = new ArrayList<>();
        for (int i = 0; i < HISTORY.size(); i++) {
            Step step = HISTORY.get(i);
            provider.spec = FakeProvider.openaiSpec(step.version());
            if (step.version().equals("b8d775d")) {
                CliRun accept = CliRun.of(env, "accept", "--contract", "wisgate-gpt-image-2", "--env", "public", "--check", "spec:openai",
                        "--by", "alice", "--reason", "our client treats a response without data as a failed generation");
                assertThat(accept.exitCode()).as(accept.err()).isZero();
            }
            JsonNode verdict = specVerdict(verify("--format", "json"));
            Set<String> breaks = rules(verdict, f -> f.path("severity").asString().equals("error"));
            Set<String> news = rules(verdict, f -> f.path("change").asString("").equals("new"));
            table.add(step.version() + " " + verdict.path("verdict").asString() + " breaks=" + breaks + " news=" + news);
            assertThat(verdict.path("verdict").asString()).as("step %d (%s): %s\n%s", i + 1, step.version(), step.why(), verdict).isEqualTo(step.verdict());
            assertThat(breaks).as("the breaks of step %d (%s): %s", i + 1, step.version(), step.why()).isEqualTo(step.breaks());
            assertThat(news).as("the news of step %d (%s): %s", i + 1, step.version(), step.why()).containsAll(step.news());
            if (step.verdict().equals("PASS")) {
                assertThat(news).as("a PASS announces nothing").isEmpty();
            }
        }
        // The last reading was asked "not modified?" and answered 304; the acceptance is in the check's history.
        var specRequests = provider.requestsTo(FakeProvider.SPEC);
        assertThat(specRequests.get(specRequests.size() - 1).getHeaders().get("If-None-Match")).as(String.join("\n", table)).isNotNull();
        assertThat(history().toString()).contains("alice").contains("our client treats a response without data");
    }

    @Test
    void theBreakOfApril2025NamesThePointerAndShowsTheChangeAsAUnifiedExcerpt() {
        provider.spec = FakeProvider.openaiSpec("bf2a340");
        verify();
        provider.spec = FakeProvider.openaiSpec("498c71d");
        JsonNode verdict = specVerdict(verify("--format", "json"));
        JsonNode optional = finding(verdict, "response-property-became-optional");
        assertThat(optional.path("pointer").asString()).isEqualTo(DATA);
        assertThat(optional.path("actual").asString()).contains("/components/schemas/ImagesResponse/required")
                .contains("-[ \"created\", \"data\" ]").contains("+[ \"created\" ]");
        JsonNode enumAdded = finding(verdict, "request-property-enum-value-added");
        assertThat(enumAdded.path("actual").asString()).contains("\"enum\"").contains("\n-").contains("\n+");
        // The spec's own wording of the field, as it reads: the pointer is where the provider's document writes it.
        assertThat(finding(verdict, "spec-read-field-optional").path("pointer").asString()).isEqualTo(DATA);
    }

    @Test
    void everyReadingIsSnapshottedAndCanBeReadBack() {
        for (String version : List.of("bf2a340", "498c71d", "498c71d")) {
            provider.spec = FakeProvider.openaiSpec(version);
            verify();
        }
        CliRun list = CliRun.of(env, "audit", "snapshots", "--check", "spec:openai");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out().lines().filter(l -> l.contains("public"))).hasSize(3);
        assertThat(list.out().lines().filter(l -> l.endsWith("changed"))).as("the first reading and the one that changed").hasSize(2);
        CliRun show = CliRun.of(env, "audit", "snapshots", "--check", "spec:openai", "--show", java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
        assertThat(show.exitCode()).as(show.err()).isZero();
        JsonNode pinned = JSON.readTree(show.out().substring(show.out().indexOf('\n') + 1));
        assertThat(pinned.at("/paths/~1images~1generations/post").isObject()).isTrue();
        assertThat(pinned.at("/paths/~1models/get").isObject()).as("the models operation is pinned too").isTrue();
        assertThat(pinned.at("/components/schemas/ImagesResponse/required").toString()).doesNotContain("data");
    }

    private JsonNode specVerdict(CliRun run) {
        JsonNode report = JSON.readTree(run.out());
        for (JsonNode v : report.path("verdicts")) {
            if (v.path("check").asString().equals("spec:openai")) {
                return v;
            }
        }
        throw new AssertionError("no spec:openai verdict in " + run.out() + run.err());
    }

    private List<JsonNode> history() {
        CliRun h = CliRun.of(env, "audit", "history", "--check", "spec:openai", "--format", "json");
        assertThat(h.exitCode()).as(h.err()).isZero();
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(h.out()).path("history").forEach(out::add);
        return out;
    }

    private static JsonNode finding(JsonNode verdict, String rule) {
        for (JsonNode f : verdict.path("findings")) {
            if (f.path("rule").asString().equals(rule)) {
                return f;
            }
        }
        throw new AssertionError("no " + rule + " in " + verdict);
    }

    private static Set<String> rules(JsonNode verdict, java.util.function.Predicate<JsonNode> which) {
        Set<String> out = new TreeSet<>();
        verdict.path("findings").forEach(f -> {
            if (which.test(f)) {
                out.add(f.path("rule").asString());
            }
        });
        return out;
    }
}
