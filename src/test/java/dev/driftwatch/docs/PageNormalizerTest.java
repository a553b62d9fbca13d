package dev.driftwatch.docs;

import static dev.driftwatch.docs.DocsFixtures.SSR_URL;
import static dev.driftwatch.docs.DocsFixtures.plainPage;
import static dev.driftwatch.docs.DocsFixtures.regionsPage;
import static dev.driftwatch.docs.DocsFixtures.ssr;
import static dev.driftwatch.docs.DocsFixtures.ssrPage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.driftwatch.config.DocsFact;
import dev.driftwatch.config.DocsPage;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PageNormalizerTest {
    private final PageNormalizer normalizer = new PageNormalizer();

    private NormalizedPage normalize(String html) throws PageUnreadable {
        return normalizer.normalize(html, SSR_URL, ssrPage(List.of()));
    }

    @Test
    void serverRenderedPageKeepsTheProvidersWordsOneBlockPerLine() throws Exception {
        NormalizedPage page = normalize(ssr());
        List<String> lines = page.text().lines().toList();

        assertThat(page.html()).isTrue();
        assertThat(lines).contains(
                "Lumengate Docs", // the header is kept: only nav and footer are site chrome by default
                "Image models",
                "Last updated «volatile» · «volatile»",
                "gpt-image-2 Generally available 1024x1024 1536x1024 1024x1536 $0.04 / image Best prompt adherence; supports background: \"transparent\".",
                "Try it in the console: requests from this page are signed for your session (csrf_token: «volatile») and count against your own quota.",
                "Docs version 4.18.2 (build «volatile»)",
                "Free 5 100");
        assertThat(lines).anySatisfy(l -> assertThat(l)
                .startsWith("POST /v1/images/generations Host: api.lumengate.example")
                .contains("\"size\": \"1024x1024\""));
        // Scripts, styles, comments, nav, footer, the ignored cookie banner: none of it is text.
        assertThat(page.text()).doesNotContain("gtag", "anonymize_ip", ".cookie-banner", "rendered by", "Quickstart",
                "Careers", "All rights reserved", "Only necessary", "We use cookies", "build 3f9a");
        assertThat(lines).noneMatch(String::isBlank).allMatch(l -> l.equals(l.strip()) && !l.contains("  "));
        assertThat(page.hash()).hasSize(64).isEqualTo(PageNormalizer.sha256(page.text()));
        assertThat(page.canonicalHash()).hasSize(64).isNotEqualTo(page.hash());
        assertThat(page.document().select("script, style, nav, footer, #cookie-consent")).isEmpty();
    }

    @Test
    void factsReadTheUnmaskedTextAndJsonReadsThePageAsServed() throws Exception {
        DocsFact readsData = new DocsFact("models", null, null, null, null, null,
                new DocsFact.JsonFact("script#__NEXT_DATA__", "/props/pageProps"), null, null, null);
        DocsPage nextPage = new DocsPage("page", null, null, List.of(), List.of(), List.of(), List.of(readsData), null);
        NormalizedPage page = normalizer.normalize(DocsFixtures.next(), "https://docs.lumengate.example/models/images", nextPage);

        assertThat(page.text()).isEqualTo("Loading the documentation…");
        assertThat(page.document().selectFirst("script#__NEXT_DATA__")).isNull();
        assertThat(page.original().selectFirst("script#__NEXT_DATA__").data()).contains("\"pageProps\"");
        NormalizedPage plain = normalizer.normalize(DocsFixtures.next(), "https://docs.lumengate.example/models/images", plainPage());
        assertThat(plain.original().selectFirst("script#__NEXT_DATA__").data())
                .as("a page configured without JSON facts still serves one that asks").contains("\"pageProps\"");

        NormalizedPage ssr = normalize(ssr());
        assertThat(ssr.factText()).contains("Last updated 2026-11-20", "stop accepting requests on 2027-03-31");
        assertThat(ssr.text()).contains("stop accepting requests on «volatile»");
    }

    static Stream<Arguments> noise() {
        return Stream.of(
                Arguments.of("new timestamp and view count", (UnaryOperator<String>) DocsFixtures::newTimestamp),
                Arguments.of("reflowed whitespace and indentation", (UnaryOperator<String>) DocsFixtures::reflowed),
                Arguments.of("rotated nonce, csrf token and build hash", (UnaryOperator<String>) DocsFixtures::rotatedNonceAndBuild),
                Arguments.of("nav, footer and cookie banner edited", (UnaryOperator<String>) DocsFixtures::chromeChanged),
                Arguments.of("all of it at once", (UnaryOperator<String>) DocsFixtures::allNoise));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noise")
    void noiseLeavesTheTextAndBothHashesAsTheyWere(String noise, UnaryOperator<String> edit) throws Exception {
        NormalizedPage before = normalize(ssr());
        String html = edit.apply(ssr());
        assertThat(html).isNotEqualTo(ssr());

        NormalizedPage after = normalize(html);

        assertThat(after.canonicalHash()).isEqualTo(before.canonicalHash());
        if (!noise.equals("all of it at once")) { // that one also reorders the table
            assertThat(after.text()).isEqualTo(before.text());
        }
    }

    @Test
    void reorderedModelTableKeepsTheCanonicalHashButNotTheOrderedOne() throws Exception {
        NormalizedPage before = normalize(ssr());
        NormalizedPage after = normalize(DocsFixtures.reordered(ssr()));

        assertThat(after.canonicalHash()).isEqualTo(before.canonicalHash());
        assertThat(after.hash()).isNotEqualTo(before.hash()); // the diff still shows the new order
    }

    @Test
    void realEditsChangeTheCanonicalHash() throws Exception {
        String canonical = normalize(ssr()).canonicalHash();

        assertThat(normalize(ssr().replace("$0.04 / image", "$0.05 / image")).canonicalHash()).isNotEqualTo(canonical);
        assertThat(normalize(DocsFixtures.modelAdded(ssr(), "gpt-image-2.1")).canonicalHash()).isNotEqualTo(canonical);
        assertThat(normalize(DocsFixtures.sizeDropped(ssr())).canonicalHash()).isNotEqualTo(canonical);
        assertThat(normalize(ssr().replace("POST /v1/images/generations", "POST /v1/images/create")).canonicalHash()).isNotEqualTo(canonical);
    }

    @Test
    void aDatedModelIdIsNotMistakenForATimestamp() throws Exception {
        NormalizedPage page = normalize(DocsFixtures.modelAdded(ssr(), "gpt-image-2-2026-12-01"));

        assertThat(page.text()).contains("gpt-image-2-2026-12-01 Generally available");
    }

    @Test
    void regionsLimitTheWatchedTextToThemInDocumentOrderEachOnce() throws Exception {
        NormalizedPage page = normalizer.normalize(ssr(), SSR_URL, regionsPage("pre.code-sample", "#image-models-table", "table.models tbody"));

        List<String> lines = page.text().lines().toList();
        assertThat(lines.get(0)).isEqualTo("Model ID Status Output sizes Price Notes");
        assertThat(lines).hasSize(6).filteredOn(l -> l.startsWith("gpt-image-2 ")).hasSize(1);
        assertThat(lines.get(4)).startsWith("POST /v1/images/generations");
        assertThat(page.text()).doesNotContain("Lumengate Docs", "Frequently asked questions");
        assertThat(page.unmatchedRegions()).isEmpty();
        // Facts still read the whole page.
        assertThat(page.factText()).contains("Frequently asked questions");
    }

    @Test
    void aRegionThatSelectsNothingIsReported() throws Exception {
        NormalizedPage page = normalizer.normalize(ssr(), SSR_URL, regionsPage("#image-models-table", "#pricing-table"));

        assertThat(page.unmatchedRegions()).containsExactly("#pricing-table");
        assertThat(page.text()).contains("gpt-image-2");
    }

    @Test
    void twentyMegabytePageIsReadInBoundedTime() {
        StringBuilder html = new StringBuilder(21 * 1024 * 1024).append("<!DOCTYPE html><html><body><main><table>");
        for (int i = 0; html.length() < 20 * 1024 * 1024; i++) {
            html.append("<tr><td><code>model-").append(i).append("</code></td><td class=\"price\">$0.0").append(i % 10)
                    .append(" / image</td><td>A long description of model ").append(i).append(" with <b>bold</b> and <i>italic</i> words.</td></tr>\n");
        }
        html.append("</table></main></body></html>");

        NormalizedPage page = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> normalizer.normalize(html.toString(), SSR_URL, plainPage()));

        assertThat(page.text().lines().count()).isGreaterThan(100_000);
        assertThat(page.hash()).hasSize(64);
    }

    @Test
    void aVolatilePatternThatWouldBacktrackForEverIsMaskedAtOnce() {
        // java.util.regex tries C(60,12) ways to split the a's before giving up; RE2/J reads the text once.
        DocsPage page = new DocsPage("page", null, null, List.of(), List.of("(.*a){12}$", "a{60}"), List.of(), List.of(), null);
        String html = "<html><body><main><p>" + "a".repeat(60) + "b</p></main></body></html>";

        NormalizedPage normalized = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> normalizer.normalize(html, SSR_URL, page));

        assertThat(normalized.text()).isEqualTo(PageNormalizer.VOLATILE + "b");
    }

    @Test
    void aBodyOverTheCapIsUnreadableWithTheReason() {
        String html = "<html><body><p>" + "x".repeat(2 * 1024 * 1024) + "</p></body></html>";

        assertThatThrownBy(() -> new PageNormalizer(1024 * 1024).normalize(html, SSR_URL, plainPage()))
                .isInstanceOf(PageUnreadable.class)
                .hasMessageContaining("over the 1048576-byte cap")
                .hasMessageNotContaining("\n");
    }

    @Test
    void tenThousandNestedDivsDoNotOverflowTheStack() throws Exception {
        String html = "<html><body><main>" + "<div><span>".repeat(10_000) + "<p id=\"deep\">deep text</p>"
                + "</span></div>".repeat(10_000) + "<p>after the nest</p></main></body></html>";

        NormalizedPage page = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> normalizer.normalize(html, SSR_URL, regionsPage("main", "div div div")));

        assertThat(page.text()).contains("deep text");
        assertThat(page.document().select("p").eachText()).contains("deep text", "after the nest");
    }

    @Test
    void plainTextBodyIsReadLineByLine() throws Exception {
        String body = "Image models\n\n  gpt-image-2    $0.04 / image\ngpt-image-1 $0.042 / image\n   \nUpdated 2026-11-20\n";

        NormalizedPage page = normalizer.normalize(body, SSR_URL, plainPage());

        assertThat(page.html()).isFalse();
        assertThat(page.text()).isEqualTo("Image models\ngpt-image-2 $0.04 / image\ngpt-image-1 $0.042 / image\nUpdated «volatile»");
    }

    @Test
    void jsonBodyIsReadAsPlainText() throws Exception {
        String body = "{\"data\": [{\"id\": \"gpt-image-2\", \"object\": \"model\"}]}";

        NormalizedPage page = normalizer.normalize(body, SSR_URL, plainPage());

        assertThat(page.html()).isFalse();
        assertThat(page.text()).isEqualTo(body);
    }

    @Test
    void binaryBodyIsUnreadableWithTheReason() {
        String png = "\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u0000\u0000\u0004\u0000";

        assertThatThrownBy(() -> normalizer.normalize(png, SSR_URL, plainPage()))
                .isInstanceOf(PageUnreadable.class)
                .hasMessage("the page body is binary, not HTML or text (NUL character at byte 9)");
        assertThatThrownBy(() -> normalizer.normalize(" \n ", SSR_URL, plainPage()))
                .isInstanceOf(PageUnreadable.class)
                .hasMessage("the page body is empty");
    }

    @Test
    void theFastMaskingScanMasksExactlyWhatThePatternsWouldEverywhere() {
        List<String> texts = List.of(
                "Last updated 2026-11-20T10:00:00Z by build 3f9a2c1d7e4b8a90",
                "gpt-image-2-2026-04-21 is a dated release; 2026-04-21 is a date",
                "request 123e4567-e89b-12d3-a456-426614174000. and 123E4567-E89B-12D3-A456-426614174000",
                "deadbeefcafe has no digit, deadbeefcafe1 has one, a1b2c3d4e5f6 too",
                "abc2026-01-01 x_2026-01-01 v1.2026-01-01 —2026-01-01— (2026-01-01)",
                "20260101 0xdeadbeef1234 1234567890ab 12345678901 face café 2026-13-45 2026-01-01 12:30",
                "default access each feed decade faded beaded 12ab 2026-1-1 20266-01-01",
                "", "2", "2026", "2026-01-0", "deadbeef-1234-5678-9abc-def012345678");
        for (String text : texts) {
            String sequential = text;
            for (java.util.regex.Pattern p : PageNormalizer.BUILT_IN_VOLATILE) {
                sequential = p.matcher(sequential).replaceAll(java.util.regex.Matcher.quoteReplacement(PageNormalizer.VOLATILE));
            }
            assertThat(PageNormalizer.maskBuiltIns(text)).as(text).isEqualTo(sequential);
        }
        assertThat(PageNormalizer.maskBuiltIns("gpt-image-2-2026-04-21 on 2026-04-21, build 3f9a2c1d7e4b8a90"))
                .isEqualTo("gpt-image-2-2026-04-21 on «volatile», build «volatile»");
    }

    @Test
    void regionsReadInTheSameWalkAsThePageSayWhatTheyWouldSayReadAlone() {
        org.jsoup.nodes.Document doc = org.jsoup.Jsoup.parse(ssr(), SSR_URL);
        for (String regions : List.of("main", "table", "h2, dd", "span", "code, li", "td, th", "span.badge, p", "body", "div")) {
            List<org.jsoup.nodes.Element> roots = PageNormalizer.outermost(doc.select(regions));
            BlockText oneWalk = BlockText.of(doc.body(), roots, 1024);
            assertThat(oneWalk.regions()).as(regions).isEqualTo(BlockText.of(roots));
            assertThat(oneWalk.whole()).as(regions).isEqualTo(BlockText.of(List.of(doc.body())));
        }
    }
}
