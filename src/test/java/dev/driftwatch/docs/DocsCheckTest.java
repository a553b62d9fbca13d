package dev.driftwatch.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.check.Change;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Severity;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.testing.FakeProvider;
import dev.driftwatch.testing.ProviderScenarioTest;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/** The shipped docs pages of WisGate, served from loopback, changing as providers change them. */
class DocsCheckTest extends ProviderScenarioTest {

    private void editPage(String path, String from, String to) {
        String html = provider.docsPages.get(path);
        assertThat(html).as("fixture has the text to change").contains(from);
        provider.docsPages.put(path, html.replace(from, to));
    }

    @Test
    void firstReadingStatesTheFactsAndRecordsASnapshot() {
        Verdict v = scenario.run("docs:models");
        assertThat(v.outcome()).as(v.summary()).isEqualTo(Outcome.PASS);
        assertThat(v.summary()).contains("2 fact(s) stated").contains("first reading recorded");
        assertThat(v.evidence().list("docsModels")).contains("gpt-image-2", "gpt-image-1", "gpt-image-1-mini");
        assertThat(scenario.audit().lastSnapshot(v.key())).isPresent();
        assertThat(provider.requestsTo("/models").get(0).getHeaders().get("User-Agent")).startsWith("driftwatch/");
    }

    @Test
    void unchangedPageIsAskedConditionallyAndStaysQuiet() {
        scenario.run("docs:models");
        Verdict v = scenario.run("docs:models");
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
        assertThat(v.summary()).contains("not modified");
        assertThat(provider.requestsTo("/models").get(1).getHeaders().get("If-None-Match")).isNotNull();
    }

    @Test
    void pureNoiseStaysSilent() {
        scenario.run("docs:models");
        editPage("/models", "Last updated 2026-11-20", "Last updated 2026-11-21");
        editPage("/models", "nonce=\"a1b2c3d4e5\"", "nonce=\"f9e8d7c6b5\"");
        editPage("/models", "77aa19c3e0f2d4b6", "0123456789abcdef");
        editPage("/models", "<td class=\"id\">gpt-image-2</td>", "\n      <td class=\"id\">\n        gpt-image-2\n      </td>");
        editPage("/models", "We use cookies.", "We use cookies and nothing else.");
        // reorder two rows of the model table
        String html = provider.docsPages.get("/models");
        String a = html.substring(html.indexOf("<tr><td class=\"id\">gpt-image-1</td>"), html.indexOf("<tr><td class=\"id\">gpt-image-1-mini</td>"));
        provider.docsPages.put("/models", html.replace(a, "").replace("</tbody>", a + "</tbody>"));
        Verdict v = scenario.run("docs:models");
        assertThat(v.outcome()).as(v.findings().toString()).isEqualTo(Outcome.PASS);
    }

    @Test
    void newModelOnTheModelsPageIsARelease() {
        scenario.run("docs:models");
        editPage("/models", "<tr><td class=\"id\">gpt-image-1</td>",
                "<tr><td class=\"id\">gpt-image-2.1</td><td>Image generation</td><td class=\"price\">$0.05 / image</td></tr>\n        <tr><td class=\"id\">gpt-image-1</td>");
        Verdict v = scenario.run("docs:models");
        assertThat(v.outcome()).isEqualTo(Outcome.CHANGED);
        assertThat(v.findings()).extracting(Finding::rule).contains("model-released", "docs-changed");
        assertThat(v.findings()).filteredOn(f -> f.rule().equals("docs-changed")).singleElement()
                .satisfies(f -> assertThat(f.actual()).contains("+").contains("gpt-image-2.1"));
    }

    @Test
    void contractModelGoneFromTheModelsPageIsBroken() {
        scenario.run("docs:models");
        editPage("/models", "<tr><td class=\"id\">gpt-image-2</td><td>Image generation</td><td class=\"price\">$0.04 / image</td></tr>", "");
        Verdict v = scenario.run("docs:models");
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(v.findings()).filteredOn(f -> f.rule().equals("docs-fact-missing")).extracting(Finding::expected)
                .contains("\"gpt-image-2\"", "the contract's model gpt-image-2 listed");
    }

    @Test
    void endpointChangedInTheCodeSampleIsBroken() {
        editPage("/topics/gpt-image-2-prompts", "https://api.wisgate.ai/v1/images/generations", "https://api.wisgate.ai/v2/images");
        Verdict v = scenario.run("docs:gpt-image-2-prompts");
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(v.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("docs-fact-missing");
            assertThat(f.pointer()).isEqualTo("fact:endpoint");
            assertThat(f.expected()).contains("/v1/images/generations");
        });
    }

    @Test
    void pageGoneIsBrokenAndServerErrorUnverified() {
        provider.docsPages.remove("/studio/image");
        provider.override("/studio/image", r -> new MockResponse.Builder().code(404).body("not found").build());
        assertThat(scenario.run("docs:studio-image").findings()).extracting(Finding::rule).containsExactly("docs-page-gone");
        provider.override("/studio/image", r -> new MockResponse.Builder().code(503).build());
        assertThat(scenario.run("docs:studio-image").outcome()).isEqualTo(Outcome.UNVERIFIED);
    }

    @Test
    void pageThatIsNotHtmlIsUnverified() {
        provider.docsPages.remove("/");
        provider.override("/", r -> new MockResponse.Builder().code(200).setHeader("Content-Type", "application/pdf").body("%PDF-1.7 ...").build());
        Verdict v = scenario.run("docs:home");
        assertThat(v.outcome()).isEqualTo(Outcome.UNVERIFIED);
        assertThat(v.findings()).extracting(Finding::rule).containsExactly("page-not-html");
    }

    @Test
    void docsAndLiveApiDisagreeingIsSaidWhichWay() {
        provider.models = List.of("gpt-image-2", "gpt-image-1");
        scenario.run("models");
        editPage("/models", "<tr><td class=\"id\">gpt-image-1</td>",
                "<tr><td class=\"id\">gpt-image-2.1</td><td>Image generation</td><td class=\"price\">$0.05 / image</td></tr>\n        <tr><td class=\"id\">gpt-image-1</td>");
        Verdict v = scenario.run("docs:models");
        assertThat(v.findings()).filteredOn(f -> f.rule().equals("docs-live-disagree")).singleElement().satisfies(f -> {
            assertThat(f.pointer()).isEqualTo("models:docs-only");
            assertThat(f.actual()).isEqualTo("docs-only: gpt-image-2.1");
        });
    }

    @Test
    void endpointMovedInTheDocsIsSaidWhichWayAgainstTheLiveApi() {
        String prompts = "/topics/gpt-image-2-prompts";
        String pinnedSample = "https://api.wisgate.ai/v1/images/generations";
        assertThat(scenario.run("endpoint").outcome()).isEqualTo(Outcome.PASS);
        Verdict first = scenario.run("docs:gpt-image-2-prompts");
        assertThat(first.outcome()).as(first.summary()).isEqualTo(Outcome.PASS);
        assertThat(first.evidence().list("docsEndpoints")).containsExactly("/v1/images/generations");

        // The docs move to a new endpoint while the live API still serves the pinned one: docs-only.
        editPage(prompts, pinnedSample, "https://api.wisgate.ai/v2/images/create");
        Verdict moved = scenario.run("docs:gpt-image-2-prompts");
        assertThat(moved.findings()).filteredOn(f -> f.rule().equals("docs-live-disagree")).singleElement().satisfies(f -> {
            assertThat(f.pointer()).isEqualTo("endpoint:docs-only");
            assertThat(f.expected()).isEqualTo("POST /v1/images/generations in the docs and live");
            assertThat(f.actual()).contains("/v2/images/create").contains("still serves /v1/images/generations");
        });

        // Then the live API drops the pinned endpoint too: both agree it is gone, and it stays said on later runs.
        provider.override(FakeProvider.GENERATIONS, r -> new MockResponse.Builder().code(404).body("").build());
        assertThat(scenario.run("endpoint").findings()).extracting(Finding::rule).contains("endpoint-gone");
        for (int run = 0; run < 2; run++) {
            Verdict both = scenario.run("docs:gpt-image-2-prompts");
            assertThat(both.outcome()).isEqualTo(Outcome.BROKEN);
            assertThat(both.findings()).filteredOn(f -> f.rule().equals("docs-live-disagree")).singleElement().satisfies(f -> {
                assertThat(f.pointer()).isEqualTo("endpoint:both");
                assertThat(f.actual()).contains("/v2/images/create").contains("HTTP 404");
            });
        }
    }

    @Test
    void liveApiDroppingAnEndpointTheDocsStillShowIsLiveOnlyToldOnceThenAStandingWarning() {
        assertThat(scenario.run("docs:gpt-image-2-prompts").outcome()).as("the first reading is the baseline").isEqualTo(Outcome.PASS);
        provider.override(FakeProvider.GENERATIONS, r -> new MockResponse.Builder().code(404).body("").build());
        assertThat(scenario.run("endpoint").outcome()).isEqualTo(Outcome.BROKEN);
        Verdict v = scenario.run("docs:gpt-image-2-prompts");
        assertThat(v.outcome()).as("the docs check itself still finds its facts").isEqualTo(Outcome.CHANGED);
        assertThat(v.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("docs-live-disagree");
            assertThat(f.change()).isEqualTo(Change.NEW);
            assertThat(f.pointer()).isEqualTo("endpoint:live-only");
            assertThat(f.actual()).contains("the docs still show /v1/images/generations").contains("HTTP 404");
        });
        // The disagreement stands: a warning on a verdict that holds, not a release every run.
        for (int run = 0; run < 2; run++) {
            Verdict again = scenario.run("docs:gpt-image-2-prompts");
            assertThat(again.outcome()).isEqualTo(Outcome.PASS);
            assertThat(again.findings()).singleElement().satisfies(f -> {
                assertThat(f.change()).isEqualTo(Change.KNOWN);
                assertThat(f.severity()).isEqualTo(Severity.WARNING);
            });
        }
        // The live API serves it again: the disagreement is over, silently.
        provider.override(FakeProvider.GENERATIONS, r -> FakeProvider.error(400, "Invalid value for 'n'", "invalid_request_error", "n", null));
        assertThat(scenario.run("endpoint").outcome()).isEqualTo(Outcome.PASS);
        assertThat(scenario.run("docs:gpt-image-2-prompts").findings()).isEmpty();
    }

    @Test
    void onTheFirstReadingADisagreementIsRecordedAsTheBaseline() {
        provider.override(FakeProvider.GENERATIONS, r -> new MockResponse.Builder().code(404).body("").build());
        assertThat(scenario.run("endpoint").outcome()).isEqualTo(Outcome.BROKEN);
        Verdict v = scenario.run("docs:gpt-image-2-prompts");
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
        assertThat(v.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("docs-live-disagree");
            assertThat(f.change()).isEqualTo(Change.BASELINE);
            assertThat(f.severity()).isEqualTo(Severity.INFO);
        });
    }

    @Test
    void aPageAboutOtherEndpointsOfTheFamilyRaisesNoDisagreement() {
        editPage("/topics/gpt-image-2-prompts", "https://api.wisgate.ai/v1/images/generations", "https://api.wisgate.ai/v1/images/edits");
        scenario.workspace.edit("          - name: endpoint\n            contains: /v1/images/generations\n", "");
        Verdict v = scenario.run("docs:gpt-image-2-prompts");
        assertThat(v.outcome()).as(v.summary()).isEqualTo(Outcome.PASS);
        assertThat(v.evidence().list("docsEndpoints")).containsExactly("/v1/images/edits");
        assertThat(v.evidence().details()).doesNotContainKey("documentsEndpoint");
    }

    @Test
    void endpointFamilyKeepsTheApiAndFreesTheVersionAndTheLastSegment() {
        var family = LiveReconciliation.endpointFamily("/v1/images/generations");
        assertThat(family.matcher("curl https://api.example/v1/images/generations -d").find()).isTrue();
        assertThat(family.matcher("POST /v2beta/images/create.").results().map(r -> r.group()).toList()).containsExactly("/v2beta/images/create.");
        assertThat(family.matcher("/v1/chat/completions and /v1/imagesets").find()).isFalse();
        assertThat(LiveReconciliation.endpointFamily("/generate")).as("a one-segment path has no family").isNull();
    }

    @Test
    void selectorThatStopsMatchingIsAnExtractorFaultNotAProviderChange() {
        scenario.workspace.edit("          - name: image-models\n", "          - name: model-cells\n            selector: \"table.models td.id\"\n          - name: image-models\n");
        assertThat(scenario.run("docs:models").outcome()).isEqualTo(Outcome.PASS);
        provider.docsPages.put("/models", provider.docsPages.get("/models").replace("class=\"id\"", "class=\"model-id\""));
        Verdict v = scenario.run("docs:models");
        assertThat(v.outcome()).isEqualTo(Outcome.UNVERIFIED);
        assertThat(v.summary()).startsWith("extractor-empty at fact:model-cells");
    }

    @Test
    void badRegexInAFactIsAConfigErrorWithItsPosition() {
        scenario.workspace.edit("            contains: /v1/images/generations", "            regex: \"/v1/images/(generations\"");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> scenario.run("docs:gpt-image-2-prompts")))
                .hasMessageContaining("checks.yaml:").hasMessageContaining("the fact's regex is not a valid regular expression");
    }
}
