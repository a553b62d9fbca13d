package dev.driftwatch.alert;

import static dev.driftwatch.audit.AlertKind.CHANGED;
import static dev.driftwatch.audit.AlertKind.OPENED;
import static dev.driftwatch.audit.AlertKind.REMINDER;
import static dev.driftwatch.audit.AlertKind.RESOLVED;
import static dev.driftwatch.check.Outcome.BROKEN;
import static dev.driftwatch.check.Outcome.PASS;
import static dev.driftwatch.testing.AlertScenario.MODELS;
import static dev.driftwatch.testing.AlertScenario.modelNotListed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.audit.OutboxRow;
import dev.driftwatch.check.Change;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.testing.SlackStandIn;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One provider release, one Slack message: alerts of one contract and environment that come within alerts.groupWait. */
class AlertGroupsTest extends AlertScenarioTest {
    private static final CheckKey ENDPOINT = new CheckKey(MODELS.contract(), MODELS.environment(), "endpoint");
    private static final CheckKey STAGING_MODELS = new CheckKey(MODELS.contract(), "staging", "models");
    private static final CheckKey DOCS_MODELS = new CheckKey(MODELS.contract(), "public", "docs:models");
    private static final Finding MODEL_NOT_FOUND = Finding.error("model-not-found", "/model", "the model to be served", "HTTP 404");

    /** Records a verdict at the clock's time; no time passes. */
    private List<dev.driftwatch.audit.AlertKind> now(CheckKey key, Outcome outcome, Finding... findings) {
        return s.flow().accept(s.verdict(key, outcome, findings)).alerts();
    }

    @Test
    void aGroupWaitsForItsWindowThenGoesAsOneMessageInTheOrderTheAlertsCame() {
        s.webhook("").start();
        assertThat(now(MODELS, BROKEN, modelNotListed())).containsExactly(OPENED);
        s.clock.advance(Duration.ofSeconds(10));
        assertThat(now(ENDPOINT, BROKEN, MODEL_NOT_FOUND)).containsExactly(OPENED);
        assertThat(now(DOCS_MODELS, Outcome.CHANGED, Finding.warning("docs-live-disagree", "models:docs-only", "the same family",
                "docs-only: gpt-image-2").as(Change.NEW))).containsExactly(CHANGED);
        assertThat(s.deliverDue()).as("the window of the first alert is still open").isZero();

        s.clock.advance(Duration.ofSeconds(20));
        assertThat(s.deliverDue()).isEqualTo(3);
        assertThat(s.slack.accepted).singleElement().satisfies(m -> {
            assertThat(m.text()).startsWith("BROKEN + CHANGED · wisgate-gpt-image-2 · production, public · 3 alerts — models: BROKEN: model-not-listed");
            assertThat(m.blocks().indexOf("*BROKEN · wisgate-gpt-image-2 · production · models*"))
                    .isLessThan(m.blocks().indexOf("*BROKEN · wisgate-gpt-image-2 · production · endpoint*"));
        });
        assertThat(s.outbox()).allSatisfy(r -> assertThat(r.slackAnswer()).isEqualTo("ok"));
    }

    @Test
    void alertsOutsideTheWindowOrOfAnotherEnvironmentGoOnTheirOwn() {
        s.webhook("");
        s.workspace.edit("apiKeyEnv: WISGATE_API_KEY    # the NAME of the variable holding the key, never the key\n",
                "apiKeyEnv: WISGATE_API_KEY\n      staging:\n        baseUrl: ${WISGATE_API_BASE}\n        apiKeyEnv: WISGATE_API_KEY\n");
        s.start();
        now(MODELS, BROKEN, modelNotListed());
        now(STAGING_MODELS, BROKEN, modelNotListed());
        s.clock.advance(Duration.ofSeconds(31));
        now(ENDPOINT, BROKEN, MODEL_NOT_FOUND);
        assertThat(s.flush()).isZero();
        assertThat(s.slack.texts()).satisfiesExactly(
                t -> assertThat(t).startsWith("BROKEN · wisgate-gpt-image-2 · production · models"),
                t -> assertThat(t).startsWith("BROKEN · wisgate-gpt-image-2 · staging · models"),
                t -> assertThat(t).startsWith("BROKEN · wisgate-gpt-image-2 · production · endpoint"));
    }

    @Test
    void withABotTheGroupsIncidentsShareItsThreadAndTheirRemindersAndResolutionComeTogetherThere() {
        s.bot("").start();
        now(MODELS, BROKEN, modelNotListed());
        now(ENDPOINT, BROKEN, MODEL_NOT_FOUND);
        assertThat(s.flush()).isZero();
        assertThat(s.slack.accepted).hasSize(1);
        String thread = s.slack.accepted.get(0).ts();

        s.clock.advance(Duration.ofHours(24));
        assertThat(s.alerting().incidents().sweep()).containsExactly(REMINDER, REMINDER);
        assertThat(s.flush()).isZero();
        s.clock.advance(Duration.ofHours(1));
        assertThat(now(MODELS, PASS)).containsExactly(RESOLVED);
        assertThat(now(ENDPOINT, PASS)).containsExactly(RESOLVED);
        assertThat(s.flush()).isZero();

        assertThat(s.slack.accepted).hasSize(3);
        assertThat(s.slack.accepted.get(1).text()).startsWith("BROKEN (reminder) · wisgate-gpt-image-2 · production · 2 alerts");
        assertThat(s.slack.accepted.get(2).text()).startsWith("RESOLVED · wisgate-gpt-image-2 · production · 2 alerts");
        assertThat(s.slack.accepted.subList(1, 3)).allSatisfy(m -> assertThat(m.threadTs()).isEqualTo(thread));
    }

    @Test
    void aGroupTooBigForOneMessageIsCutWithANoteAndEveryAlertIsMarkedDelivered() throws Exception {
        s.webhook("").start();
        for (int i = 0; i < 30; i++) {
            now(DOCS_MODELS, Outcome.CHANGED, Finding.info("docs-changed", "page:page-" + i, "the watched text",
                    "@@ -1 +1 @@\n-" + "old ".repeat(200) + "\n+" + "new ".repeat(200)).as(Change.NEW));
        }
        assertThat(s.flush()).isZero();
        assertThat(s.slack.accepted).singleElement().satisfies(m -> {
            JsonNode blocks = JsonMapper.builder().build().readTree(m.blocks());
            assertThat(blocks.size()).isLessThanOrEqualTo(50);
            assertThat(m.blocks()).contains("more block(s) truncated, see `driftwatch audit history");
            assertThat(m.text().length()).isLessThanOrEqualTo(3000);
        });
        assertThat(s.outbox()).hasSize(30).allSatisfy(r -> assertThat(r.delivered()).isTrue());
    }

    @Test
    void daemonProblemsAreNotHeldBack() {
        s.webhook("").start();
        s.alerting().incidents().configRefused("checks.yaml", List.of("checks.yaml:3:1: unknown key 'x'"));
        assertThat(s.deliverDue()).as("sent at once").isEqualTo(1);
        assertThat(s.outbox()).extracting(OutboxRow::kind).containsExactly(dev.driftwatch.audit.AlertKind.DAEMON);
        assertThat(s.slack.accepted).extracting(SlackStandIn.Message::text).singleElement()
                .satisfies(t -> assertThat(t).startsWith("CONFIG REFUSED"));
    }
}
