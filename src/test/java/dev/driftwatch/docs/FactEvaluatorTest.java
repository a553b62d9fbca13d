package dev.driftwatch.docs;

import static dev.driftwatch.docs.DocsFixtures.SSR_URL;
import static dev.driftwatch.docs.DocsFixtures.json;
import static dev.driftwatch.docs.DocsFixtures.ssr;
import static dev.driftwatch.docs.DocsFixtures.ssrPage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.re2j.Pattern;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Severity;
import dev.driftwatch.config.DocsFact;
import dev.driftwatch.config.DocsFact.JsonFact;
import dev.driftwatch.config.DocsFact.NumberFact;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class FactEvaluatorTest {
    private static final String NEXT_URL = "https://docs.lumengate.example/models/images";
    private static final Pattern FAMILY = Pattern.compile("gpt-image-2([-.:@].*)?");

    // The SSR page's facts, one or more of every kind that reads HTML.
    static final List<DocsFact> SSR_FACTS = List.of(
            contains("states-endpoint", "pre.code-sample", "POST /v1/images/generations"),
            regex("endpoint-path", null, "POST (/v1/[a-z/]+)", json("\"/v1/images/generations\"")),
            regex("default-size", "pre.code-sample", "\"size\": \"(\\d+x\\d+)\"", json("[\"1024x1024\", \"auto\"]")),
            regex("dall-e-3-sunset", null, "dall-e-3 is deprecated and will stop accepting requests on (\\S+?)\\.", json("\"2027-03-31\"")),
            selector("gpt-image-2-sizes", null, "tr#model-gpt-image-2 .size", json("[\"1024x1024\", \"1536x1024\", \"1024x1536\"]")),
            selector("model-id-cell", "#image-models-table", "tr#model-gpt-image-2 td.model-id", json("\"gpt-image-2\"")),
            models("family-models", "#image-models-table", ""),
            models("image-models", "#image-models-table", "gpt-image-\\d+(\\.\\d+)?(-[\\w-]+)?|dall-e-\\d+"),
            number("gpt-image-2-price", null, new NumberFact("tr#model-gpt-image-2 td.price", "\\$([0-9.]+)"), json("0.04"), 0.005),
            number("free-tier-images-per-minute", "table.limits", new NumberFact("tbody tr:first-child td:nth-child(2)", null), json("5"), null));

    // The JS-rendered page's facts: all of them read __NEXT_DATA__.
    static final List<DocsFact> NEXT_FACTS = List.of(
            jsonFact("image-model-ids", "/props/pageProps/models", json("[\"gpt-image-2\", \"gpt-image-1\"]")),
            jsonFact("gpt-image-2-sizes", "/props/pageProps/models/0/sizes", json("[\"1024x1024\", \"1536x1024\", \"1024x1536\"]")),
            jsonFact("first-model", "/props/pageProps/models/0/id", json("\"gpt-image-2\"")),
            jsonFact("gpt-image-2-price", "/props/pageProps/models/0/price", json("0.04")),
            jsonFact("endpoint-path", "/props/pageProps/requestSample/path", json("\"/v1/images/generations\"")),
            jsonFact("build-id", "/buildId", null));

    private final PageNormalizer normalizer = new PageNormalizer();
    private final FactEvaluator evaluator = new FactEvaluator("gpt-image-2", FAMILY);

    private FactResults ssrRun(String html, Map<String, String> previous) throws PageUnreadable {
        return evaluator.evaluate(normalizer.normalize(html, SSR_URL, ssrPage(SSR_FACTS)), SSR_FACTS, previous);
    }

    private FactResults nextRun(String html, Map<String, String> previous) throws PageUnreadable {
        return evaluator.evaluate(normalizer.normalize(html, NEXT_URL, DocsFixtures.plainPage()), NEXT_FACTS, previous);
    }

    /** The values the fixture page gives: what the check stored after its first reading. */
    private Map<String, String> baseline() throws PageUnreadable {
        return ssrRun(ssr(), Map.of()).values();
    }

    @Test
    void everyFactKindHoldsOnTheServerRenderedPage() throws Exception {
        FactResults r = ssrRun(ssr(), Map.of());

        assertThat(r.findings()).isEmpty();
        assertThat(r.extractorFault()).isFalse();
        assertThat(r.models()).containsExactly("dall-e-3", "gpt-image-1", "gpt-image-2");
        assertThat(r.values()).containsOnlyKeys(SSR_FACTS.stream().map(DocsFact::name).toList())
                .containsEntry("states-endpoint", "present")
                .containsEntry("endpoint-path", "/v1/images/generations")
                .containsEntry("default-size", "1024x1024")
                .containsEntry("dall-e-3-sunset", "2027-03-31")
                .containsEntry("gpt-image-2-sizes", "[\"1024x1024\",\"1536x1024\",\"1024x1536\"]")
                .containsEntry("family-models", "gpt-image-2")
                .containsEntry("image-models", "dall-e-3,gpt-image-1,gpt-image-2")
                .containsEntry("gpt-image-2-price", "0.04")
                .containsEntry("free-tier-images-per-minute", "5");
    }

    @Test
    void everyJsonFactHoldsOnTheScriptRenderedPage() throws Exception {
        FactResults r = nextRun(DocsFixtures.next(), Map.of());

        assertThat(r.findings()).isEmpty();
        assertThat(r.extractorFault()).isFalse();
        assertThat(r.values())
                .containsEntry("first-model", "\"gpt-image-2\"")
                .containsEntry("gpt-image-2-price", "0.04")
                .containsEntry("gpt-image-2-sizes", "[\"1024x1024\",\"1536x1024\",\"1024x1536\"]")
                .containsEntry("build-id", "\"b7c41e9d0a2f6e83d5c1\"");
        assertThat(r.values().get("image-model-ids")).startsWith("[{\"id\":\"gpt-image-2\"");
    }

    @Test
    void anUnchangedPageReadTwiceIsSilent() throws Exception {
        FactResults r = ssrRun(ssr(), baseline());

        assertThat(r.findings()).isEmpty();
        assertThat(r.values()).isEqualTo(baseline());
    }

    // Model lists: the evaluator reports what the page lists; which IDs are news is the check's to judge (DocsCheckTest).

    @Test
    void newModelInTheTableIsListedNotABreak() throws Exception {
        FactResults r = ssrRun(DocsFixtures.modelAdded(ssr(), "gpt-image-2.1"), baseline());

        assertThat(r.findings()).isEmpty();
        assertThat(r.models()).containsExactly("dall-e-3", "gpt-image-1", "gpt-image-2", "gpt-image-2.1");
        assertThat(r.values()).containsEntry("family-models", "gpt-image-2,gpt-image-2.1");
    }

    @Test
    void datedSnapshotOfTheContractModelIsListedAsAModelOfTheFamily() throws Exception {
        FactResults r = ssrRun(DocsFixtures.modelAdded(ssr(), "gpt-image-2-2026-12-01"), baseline());

        assertThat(r.findings()).isEmpty();
        assertThat(r.models()).contains("gpt-image-2-2026-12-01");
    }

    @Test
    void otherModelRemovedIsNoLongerListedAndBreaksNothing() throws Exception {
        FactResults r = ssrRun(DocsFixtures.modelRemoved(ssr(), "dall-e-3"), baseline());

        assertThat(r.findings()).isEmpty();
        assertThat(r.models()).doesNotContain("dall-e-3");
        assertThat(r.extractorFault()).isFalse();
    }

    @Test
    void contractModelRemovedIsAnError() throws Exception {
        FactResults r = ssrRun(DocsFixtures.modelRemoved(ssr(), "gpt-image-2"), baseline());

        assertThat(r.findings()).filteredOn(f -> f.severity() == Severity.ERROR).extracting(Finding::rule, Finding::pointer)
                .containsExactly(tuple("docs-fact-missing", "fact:family-models"), tuple("docs-fact-missing", "fact:image-models"));
        // The facts pinned to the model's own table row lose their element as well.
        assertThat(r.findings()).filteredOn(f -> f.rule().equals("extractor-empty")).extracting(Finding::pointer)
                .containsExactly("fact:gpt-image-2-sizes", "fact:model-id-cell", "fact:gpt-image-2-price");
    }

    @Test
    void contractModelAbsentAtTheFirstReadingIsAnError() throws Exception {
        FactResults r = evaluator.evaluate(normalizer.normalize(ssr(), SSR_URL, ssrPage(List.of())),
                List.of(models("image-models", "#image-models-table", "gpt-image-\\d+|dall-e-\\d+")), Map.of());
        assertThat(r.findings()).isEmpty();

        FactResults renamed = new FactEvaluator("gpt-image-3", Pattern.compile("gpt-image-3.*"))
                .evaluate(normalizer.normalize(ssr(), SSR_URL, ssrPage(List.of())), List.of(models("family", "#image-models-table", "")), Map.of());
        assertThat(renamed.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("docs-fact-missing");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.expected()).isEqualTo("the contract's model gpt-image-3 listed");
            assertThat(f.actual()).isEqualTo("no model matching /gpt-image-3.*/ listed");
        });
    }

    @Test
    void sizeDroppedFromTheListBreaksTheSizesFact() throws Exception {
        FactResults r = ssrRun(DocsFixtures.sizeDropped(ssr()), baseline());

        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("docs-fact-missing");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.pointer()).isEqualTo("fact:gpt-image-2-sizes");
            assertThat(f.expected()).isEqualTo("all of [1024x1024, 1536x1024, 1024x1536]");
            assertThat(f.actual()).isEqualTo("missing [1536x1024]; found [1024x1024, 1024x1536]");
        });
    }

    @Test
    void sizeDroppedFromTheEmbeddedDataBreaksTheJsonFact() throws Exception {
        String html = DocsFixtures.edit("\"sizes\":[\"1024x1024\",\"1536x1024\",\"1024x1536\"],\"price\":0.04",
                "\"sizes\":[\"1024x1024\",\"1024x1536\"],\"price\":0.04").apply(DocsFixtures.next());

        FactResults r = nextRun(html, nextRun(DocsFixtures.next(), Map.of()).values());

        assertThat(r.findings()).extracting(Finding::rule, Finding::pointer, Finding::actual).containsExactly(
                tuple("docs-fact-missing", "fact:gpt-image-2-sizes", "missing [1536x1024] at /props/pageProps/models/0/sizes; found [\"1024x1024\",\"1024x1536\"]"));
    }

    @Test
    void priceMovedBeyondToleranceIsAWarning() throws Exception {
        FactResults r = ssrRun(ssr().replace("$0.04 / image", "$0.05 / image"), baseline());

        assertThat(r.findings()).extracting(Finding::rule, Finding::severity, Finding::pointer, Finding::expected, Finding::actual)
                .containsExactly(tuple("price-changed", Severity.WARNING, "fact:gpt-image-2-price", "0.04 ± 0.005", "0.05"));
        assertThat(r.values()).containsEntry("gpt-image-2-price", "0.05");
    }

    @Test
    void priceMovedWithinToleranceIsSilent() throws Exception {
        assertThat(ssrRun(ssr().replace("$0.04 / image", "$0.045 / image"), baseline()).findings()).isEmpty();
    }

    @Test
    void priceMovedInTheEmbeddedDataBreaksTheExactJsonFact() throws Exception {
        String html = DocsFixtures.edit("\"price\":0.04,", "\"price\":0.05,").apply(DocsFixtures.next());

        assertThat(nextRun(html, Map.of()).findings()).extracting(Finding::rule, Finding::pointer, Finding::expected, Finding::actual)
                .containsExactly(tuple("docs-fact-missing", "fact:gpt-image-2-price", "\"0.04\"", "found 0.05 at /props/pageProps/models/0/price"));
    }

    @Test
    void endpointChangedInTheCodeSampleBreaksTheFactsThatStateIt() throws Exception {
        FactResults r = ssrRun(ssr().replace("POST /v1/images/generations", "POST /v1/images/create"), baseline());

        assertThat(r.findings()).extracting(Finding::rule, Finding::pointer, Finding::expected, Finding::actual).containsExactly(
                tuple("docs-fact-missing", "fact:states-endpoint", "\"POST /v1/images/generations\"", "not found in pre.code-sample"),
                tuple("docs-fact-missing", "fact:endpoint-path", "\"/v1/images/generations\"", "found \"/v1/images/create\""));
    }

    @Test
    void sunsetDateMovedIsCaughtByItsFactThoughTheTextMasksDates() throws Exception {
        FactResults r = ssrRun(ssr().replace("requests on 2027-03-31", "requests on 2027-01-15"), baseline());

        assertThat(r.findings()).extracting(Finding::rule, Finding::pointer, Finding::actual)
                .containsExactly(tuple("docs-fact-missing", "fact:dall-e-3-sunset", "found \"2027-01-15\""));
    }

    // Noise: nothing to say, and the canonical hash stays.

    static Stream<Arguments> noise() {
        return Stream.of(
                Arguments.of("new timestamp", (UnaryOperator<String>) DocsFixtures::newTimestamp),
                Arguments.of("reflowed whitespace and indentation", (UnaryOperator<String>) DocsFixtures::reflowed),
                Arguments.of("reordered model table", (UnaryOperator<String>) DocsFixtures::reordered),
                Arguments.of("rotated nonce and build hash", (UnaryOperator<String>) DocsFixtures::rotatedNonceAndBuild),
                Arguments.of("nav, footer and ignored cookie banner edited", (UnaryOperator<String>) DocsFixtures::chromeChanged),
                Arguments.of("all of it at once", (UnaryOperator<String>) DocsFixtures::allNoise));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noise")
    void noiseIsSilent(String noise, UnaryOperator<String> edit) throws Exception {
        String before = normalizer.normalize(ssr(), SSR_URL, ssrPage(SSR_FACTS)).canonicalHash();

        NormalizedPage page = normalizer.normalize(edit.apply(ssr()), SSR_URL, ssrPage(SSR_FACTS));
        FactResults r = evaluator.evaluate(page, SSR_FACTS, baseline());

        assertThat(page.canonicalHash()).isEqualTo(before);
        assertThat(r.findings()).isEmpty();
        assertThat(r.extractorFault()).isFalse();
        assertThat(r.values()).isEqualTo(baseline());
    }

    @Test
    void noiseInTheEmbeddedDataIsSilent() throws Exception {
        String next = DocsFixtures.next();
        String redeployed = next.replace("b7c41e9d0a2f6e83d5c1", "0d1e2f3a4b5c6d7e8f90").replace("Qm9vdHN0cmFwTm9uY2U0Mg==", "TmV3Tm9uY2VWYWx1ZTk5")
                .replace("2026-11-20T08:14:03Z", "2026-11-22T09:00:00Z");
        Map<String, String> previous = nextRun(next, Map.of()).values();

        FactResults r = nextRun(redeployed, previous);

        assertThat(r.findings()).isEmpty();
        assertThat(normalizer.normalize(redeployed, NEXT_URL, DocsFixtures.plainPage()).canonicalHash())
                .isEqualTo(normalizer.normalize(next, NEXT_URL, DocsFixtures.plainPage()).canonicalHash());
    }

    // Our extractors breaking: UNVERIFIED, not BROKEN, and the baseline survives.

    @Test
    void selectorThatStopsMatchingIsAnExtractorFaultThatKeepsThePreviousValue() throws Exception {
        Map<String, String> previous = baseline();
        String restyled = ssr().replace("class=\"size\"", "class=\"chip\"").replace("td class=\"price\"", "td class=\"cost\"");

        FactResults r = ssrRun(restyled, previous);

        assertThat(r.extractorFault()).isTrue();
        assertThat(r.findings()).extracting(Finding::rule, Finding::severity, Finding::pointer, Finding::expected, Finding::actual).containsExactly(
                tuple("extractor-empty", Severity.WARNING, "fact:gpt-image-2-sizes", "elements matching tr#model-gpt-image-2 .size", "none"),
                tuple("extractor-empty", Severity.WARNING, "fact:gpt-image-2-price", "elements matching tr#model-gpt-image-2 td.price", "none"));
        assertThat(r.values()).containsEntry("gpt-image-2-sizes", previous.get("gpt-image-2-sizes"))
                .containsEntry("gpt-image-2-price", "0.04");
    }

    @Test
    void missingRegionIsAnExtractorFaultNotARemovalOfEveryModel() throws Exception {
        Map<String, String> previous = baseline();
        String html = ssr().replace("id=\"image-models-table\"", "id=\"models-v2\"");

        FactResults r = ssrRun(html, previous);

        assertThat(r.extractorFault()).isTrue();
        assertThat(r.findings()).extracting(Finding::rule, Finding::pointer).containsExactly(
                tuple("extractor-empty", "fact:model-id-cell"),
                tuple("extractor-empty", "fact:family-models"),
                tuple("extractor-empty", "fact:image-models"));
        assertThat(r.values()).containsEntry("image-models", "dall-e-3,gpt-image-1,gpt-image-2");
    }

    @Test
    void jsonScriptMissingUnreadableOrWithoutThePointerIsAnExtractorFault() throws Exception {
        List<DocsFact> facts = List.of(jsonFact("ids", "/props/pageProps/models", null));
        String next = DocsFixtures.next();
        String noScript = next.replace("id=\"__NEXT_DATA__\"", "id=\"__APP_DATA__\"");
        String notJson = next.replace("<script id=\"__NEXT_DATA__\" type=\"application/json\">{", "<script id=\"__NEXT_DATA__\" type=\"application/json\">self.__next_f.push({");
        String moved = next.replace("\"pageProps\":", "\"initialProps\":");

        for (String html : List.of(noScript, notJson, moved)) {
            FactResults r = evaluator.evaluate(normalizer.normalize(html, NEXT_URL, DocsFixtures.plainPage()), facts, Map.of("ids", "[]"));
            assertThat(r.extractorFault()).isTrue();
            assertThat(r.findings()).singleElement().extracting(Finding::rule).isEqualTo("extractor-empty");
            assertThat(r.values()).containsEntry("ids", "[]");
        }
    }

    @Test
    void factsStillWorkInDeeplyNestedMarkup() throws Exception {
        String html = "<html><body>" + "<div>".repeat(10_000) + "<p class=\"price\">$0.04 / image</p><ul><li>gpt-image-2</li></ul>"
                + "</div>".repeat(10_000) + "</body></html>";
        List<DocsFact> facts = List.of(
                number("price", null, new NumberFact("p.price", "\\$([0-9.]+)"), json("0.04"), 0.0),
                models("models", null, ""),
                selector("ids", "div div", "li", json("\"gpt-image-2\"")));

        FactResults r = evaluator.evaluate(normalizer.normalize(html, SSR_URL, DocsFixtures.plainPage()), facts, Map.of());

        assertThat(r.findings()).isEmpty();
        assertThat(r.models()).containsExactly("gpt-image-2");
    }

    /**
     * Patterns that backtrack for ever in java.util.regex on 60 a's and a "b" (Java 17 memoizes {@code (a+)+$},
     * not {@code (.*a){12}$}: C(60,12) ways to split the a's): with RE2/J each reading is linear in the page.
     * The timeout guards against a hang; it is not a performance assertion.
     */
    @Test
    void patternsThatWouldBacktrackForEverFinishAtOnce() {
        String html = "<html><body><main><p>" + "a".repeat(60) + "b</p></main></body></html>";
        List<DocsFact> facts = List.of(
                regex("nested-plus", null, "(a+)+$", null),
                regex("repeated-any", null, "(.*a){12}$", null),
                models("repeated-models", null, "(.*a){12}"),
                number("nested-number", null, new NumberFact(null, "(.*a){12}$"), json("1"), null));
        FactResults r = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> evaluator.evaluate(normalizer.normalize(html, SSR_URL, DocsFixtures.plainPage()), facts, Map.of()));
        assertThat(r.findings()).extracting(Finding::rule).containsExactly("docs-fact-missing", "docs-fact-missing", "extractor-empty");
    }

    @Test
    void modelIdsAreWholeTokens() {
        assertThat(FactEvaluator.modelIds("Use gpt-image-2. Not gpt-image-20, nor xgpt-image-2; try gpt-image-2.1 or (gpt-image-2-mini) or gpt-image-2/gpt-image-1.", FAMILY))
                .containsExactly("gpt-image-2", "gpt-image-2-mini", "gpt-image-2.1");
    }

    static DocsFact contains(String name, String in, String text) {
        return new DocsFact(name, in, text, null, null, null, null, null, null, null);
    }

    static DocsFact regex(String name, String in, String regex, JsonNode expect) {
        return new DocsFact(name, in, null, regex, null, null, null, null, expect, null);
    }

    static DocsFact selector(String name, String in, String css, JsonNode expect) {
        return new DocsFact(name, in, null, null, css, null, null, null, expect, null);
    }

    static DocsFact models(String name, String in, String pattern) {
        return new DocsFact(name, in, null, null, null, pattern, null, null, null, null);
    }

    static DocsFact jsonFact(String name, String pointer, JsonNode expect) {
        return new DocsFact(name, null, null, null, null, null, new JsonFact("script#__NEXT_DATA__", pointer), null, expect, null);
    }

    static DocsFact number(String name, String in, NumberFact number, JsonNode expect, Double tolerance) {
        return new DocsFact(name, in, null, null, null, null, null, number, expect, tolerance);
    }
}
