package dev.driftwatch.alert;

import static dev.driftwatch.check.Outcome.BROKEN;
import static dev.driftwatch.check.Outcome.PASS;
import static dev.driftwatch.testing.AlertScenario.modelNotListed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.audit.AlertKind;
import dev.driftwatch.check.Change;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.testing.SlackStandIn;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** With {@code status.externalUrl}, every Slack message links to its check's page, right under the header; without, none does. */
class CheckPageLinkAlertsTest extends AlertScenarioTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final CheckKey DOCS_MODELS = new CheckKey("wisgate-gpt-image-2", "public", "docs:models");

    @Test
    void everyMessageOfABreakItsRecoveryAndADocsChangeLinksToItsChecksPageUnderTheExternalUrl() {
        s.workspace.edit("# status:\n#   externalUrl: https://driftwatch.example.com/", "status:\n  externalUrl: https://ops.example.com/driftwatch");
        s.webhook("").start();

        aBreakItsRecoveryAndADocsChange();

        // Distinct: a delivery that timed out on a slow machine is sent again (at least once), the same message.
        assertThat(s.slack.accepted.stream().map(m -> m.text().substring(0, m.text().indexOf(" — ")) + " → " + blockUnderTheHeader(m.blocks()))
                .distinct()).as("in any order: the outbox keeps the order of one check's alerts, not across checks").containsExactlyInAnyOrder(
                "BROKEN · wisgate-gpt-image-2 · production · models → "
                        + "<https://ops.example.com/driftwatch/checks/wisgate-gpt-image-2/production/models|View the check>",
                "RESOLVED · wisgate-gpt-image-2 · production · models → "
                        + "<https://ops.example.com/driftwatch/checks/wisgate-gpt-image-2/production/models|View the check>",
                "CHANGED · wisgate-gpt-image-2 · public · docs:models → "
                        + "<https://ops.example.com/driftwatch/checks/wisgate-gpt-image-2/public/docs:models|View the check>");
    }

    @Test
    void withoutAnExternalUrlNoMessageCarriesALink() {
        s.webhook("").start();

        aBreakItsRecoveryAndADocsChange();

        assertThat(s.slack.accepted).hasSizeGreaterThanOrEqualTo(3);
        for (SlackStandIn.Message m : s.slack.accepted) {
            assertThat(m.blocks()).doesNotContain("View the check").doesNotContain("/checks/");
            assertThat(blockUnderTheHeader(m.blocks())).as("the summary follows the header").doesNotStartWith("<");
        }
    }

    @Test
    void aNameThatIsNotAPlainWordIsEncodedAsOnePathSegmentAndReadBackAsTheSameCheck() {
        CheckKey odd = new CheckKey("acme/images", "prod env", "docs:pricing?v=2#top é");
        String path = CheckPageLinks.path(odd);
        assertThat(path).isEqualTo("checks/acme%2Fimages/prod%20env/docs:pricing%3Fv%3D2%23top%20%C3%A9");
        assertThat(CheckPageLinks.parse("/" + path)).hasValue(odd);
        assertThat(CheckPageLinks.parse("/checks/a/b")).as("a part missing").isEmpty();
        assertThat(CheckPageLinks.parse("/checks/a/b/c/d")).as("a part too many").isEmpty();
        assertThat(CheckPageLinks.parse("/checks/a//c")).as("an empty part").isEmpty();
        assertThat(CheckPageLinks.parse("/checks/a/b/%zz")).as("a malformed escape").isEmpty();
        assertThat(CheckPageLinks.parse("/checks/a/b/%C3")).as("not UTF-8").isEmpty();
        assertThat(CheckPageLinks.NONE.of(odd)).isEmpty();
    }

    /** The break alerted and resolved, and a docs page's change announced: three messages once flushed. */
    private void aBreakItsRecoveryAndADocsChange() {
        assertThat(s.run(BROKEN, modelNotListed())).containsExactly(AlertKind.OPENED);
        assertThat(s.run(PASS)).containsExactly(AlertKind.RESOLVED);
        Finding edited = Finding.info("docs-changed", "page:models", null, "gpt-image-2.5 added").as(Change.NEW);
        assertThat(s.run(s.verdict(DOCS_MODELS, Outcome.CHANGED, edited))).containsExactly(AlertKind.CHANGED);
        assertThat(s.flush()).isZero();
    }

    /** The text of the block after the header: the link when there is one. */
    private static String blockUnderTheHeader(String blocksJson) {
        JsonNode blocks = JSON.readTree(blocksJson);
        assertThat(blocks.get(0).get("type").asString()).isEqualTo("header");
        JsonNode second = blocks.get(1);
        List<String> texts = new ArrayList<>();
        if (second.has("elements")) {
            second.get("elements").forEach(e -> texts.add(e.get("text").asString()));
        } else {
            texts.add(second.get("text").get("text").asString());
        }
        return String.join(" ", texts);
    }
}
