package dev.driftwatch.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.testing.ProviderScenarioTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A docs page rendered by a JavaScript framework: its facts live in {@code __NEXT_DATA__}, not in its text. */
class JsonRenderedPageTest extends ProviderScenarioTest {

    @BeforeEach
    void servePage() {
        provider.docsPages.put("/catalog", DocsFixtures.next());
        scenario.workspace.edit("      - name: models\n        url:", String.join("\n",
                "      - name: catalog",
                "        url: ${WISGATE_DOCS_BASE:-https://wisgate.ai}/catalog",
                "        facts:",
                "          - name: gpt-image-2-sizes",
                "            json: {script: \"script#__NEXT_DATA__\", pointer: /props/pageProps/models/0/sizes}",
                "            expect: [\"1024x1024\", \"1536x1024\"]",
                "          - name: first-model",
                "            json: {script: \"script#__NEXT_DATA__\", pointer: /props/pageProps/models/0/id}",
                "            expect: gpt-image-2",
                "      - name: models",
                "        url:"));
    }

    private Verdict run() {
        return scenario.run("docs:catalog");
    }

    /** The page with one edit, which must apply: a silent no-op would make a noise test pass for nothing. */
    private static String changed(String page, String from, String to) {
        assertThat(page).contains(from);
        return page.replace(from, to);
    }

    @Test
    void factsInTheEmbeddedJsonAreStated() {
        Verdict v = run();
        assertThat(v.outcome()).as(v.findings().toString()).isEqualTo(Outcome.PASS);
        assertThat(v.evidence().map("factValues")).containsEntry("first-model", "\"gpt-image-2\"");
    }

    @Test
    void aNewTimestampInTheDataStaysSilent() {
        run();
        provider.docsPages.put("/catalog", changed(DocsFixtures.next(), "\"lastUpdated\":\"2026-11-20T08:14:03Z\"", "\"lastUpdated\":\"2026-11-21T09:00:00Z\"")
                .replace("\"buildId\":\"b7c41e9d0a2f6e83d5c1\"", "\"buildId\":\"0f1e2d3c4b5a69788796\""));
        assertThat(run().outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void aSizeDroppedFromTheDataIsBroken() {
        run();
        provider.docsPages.put("/catalog", changed(DocsFixtures.next(),
                "\"id\":\"gpt-image-2\",\"displayName\":\"GPT Image 2\",\"family\":\"gpt-image\",\"status\":\"ga\",\"released\":\"2026-04-21\",\"sizes\":[\"1024x1024\",",
                "\"id\":\"gpt-image-2\",\"displayName\":\"GPT Image 2\",\"family\":\"gpt-image\",\"status\":\"ga\",\"released\":\"2026-04-21\",\"sizes\":["));
        Verdict v = run();
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(v.findings()).extracting(Finding::rule, Finding::pointer)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("docs-fact-missing", "fact:gpt-image-2-sizes"));
    }

    @Test
    void theDataScriptGoneIsAnExtractorFault() {
        run();
        provider.docsPages.put("/catalog", DocsFixtures.next().replace("id=\"__NEXT_DATA__\"", "id=\"__APP_STATE__\""));
        Verdict v = run();
        assertThat(v.outcome()).isEqualTo(Outcome.UNVERIFIED);
        assertThat(v.findings()).extracting(Finding::rule).containsOnly("extractor-empty");
    }
}
