package dev.driftwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.audit.AlertState;
import dev.driftwatch.audit.Incident;
import dev.driftwatch.audit.IncidentSlot;
import dev.driftwatch.api.ApiChecks;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Redactor;
import dev.driftwatch.check.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What an alert says, and that it always fits Slack's limits without losing the alert. */
class AlertMessagesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant AT = Instant.parse("2026-11-21T06:00:00Z");
    private static final CheckKey MODELS = new CheckKey("wisgate-gpt-image-2", "production", "models");
    private final AlertMessages messages = new AlertMessages(new Redactor(List.of("sk-secret-key-123")), new ApiChecks(null).advice());

    @Test
    void aBrokenAlertSaysWhatBrokeHowWeKnowSinceWhenAndWhatToDo() {
        Verdict v = new Verdict(MODELS, Outcome.BROKEN, "model-not-listed at /data: expected gpt-image-2 listed, got not among 1 models",
                List.of(Finding.error("model-not-listed", "/data", "gpt-image-2 listed", "not among 1 models; family lists gpt-image-2.5")),
                new Evidence(200, 84L, "req_9f2c", Map.of("url", "https://api.wisgate.ai/v1/models", "providerMessage", "model <gpt-image-2> retired")),
                AT, 91);
        String text = text(messages.opened(incident(), v, state()));
        assertThat(text).contains("BROKEN · wisgate-gpt-image-2 · production · models")
                .contains("`model-not-listed` at `/data`").contains("*Expected:* gpt-image-2 listed")
                .contains("*Actual:* not among 1 models; family lists gpt-image-2.5")
                .contains("HTTP 200 · 84 ms · request ID `req_9f2c`").contains("https://api.wisgate.ai/v1/models")
                .contains("*Provider said:* model &lt;gpt-image-2&gt; retired")
                .contains("First seen 2026-11-21 05:45Z").contains("last verified OK 2026-11-20 23:45Z")
                .contains("*What to do:* The pinned model ID is gone")
                .contains("`driftwatch audit history --contract wisgate-gpt-image-2 --env production --check models`");
    }

    @Test
    void aDocsChangeCarriesItsDiffExcerpt() {
        CheckKey docs = new CheckKey("wisgate-gpt-image-2", "public", "docs:models");
        Verdict v = new Verdict(docs, Outcome.CHANGED, "docs-changed at page:models", List.of(Finding.info("docs-changed", "page:models",
                "the watched text as at 2026-11-20T06:00:00Z", "@@ -1,2 +1,2 @@\n-gpt-image-2 $0.04\n+gpt-image-2 $0.05")), Evidence.NONE, AT, 10);
        String text = text(messages.changed(v, v.findings(), state()));
        assertThat(text).contains("CHANGED · wisgate-gpt-image-2 · public · docs:models")
                .contains("```@@ -1,2 +1,2 @@\n-gpt-image-2 $0.04\n+gpt-image-2 $0.05```");
    }

    @Test
    void anEnormousAlertIsCutToSlacksLimitsWithANoteNeverDropped() {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            findings.add(Finding.error("response-property-removed", "/data/" + i + "/b64_json", "a string", "x".repeat(5000)));
        }
        CheckKey longKey = new CheckKey("c".repeat(120), "production", "docs:" + "p".repeat(60));
        Verdict v = new Verdict(longKey, Outcome.BROKEN, "y".repeat(4000), findings, Evidence.NONE, AT, 1);
        RenderedAlert alert = messages.opened(incident(), v, state());
        JsonNode payload = JSON.readTree(alert.payload());
        JsonNode blocks = payload.get("blocks");
        assertThat(blocks.size()).isLessThanOrEqualTo(50);
        assertThat(blocks.get(0).get("text").get("text").asString()).hasSizeLessThanOrEqualTo(150).endsWith("…");
        for (JsonNode b : blocks.values()) {
            String t = b.has("text") ? b.get("text").get("text").asString() : b.get("elements").get(0).get("text").asString();
            assertThat(t).hasSizeLessThanOrEqualTo(3000);
        }
        assertThat(blocks.get(2).get("text").get("text").asString()).endsWith("… truncated, see `" + AlertMessages.historyCommand(longKey) + "`");
        assertThat(blocks.get(49).get("text").get("text").asString()).contains("more block(s) truncated, see `driftwatch audit history");
        assertThat(payload.get("text").asString()).hasSizeLessThanOrEqualTo(3000);
        assertThat(alert.plainText()).startsWith("BROKEN · ");
    }

    @Test
    void aSecretInAFindingIsMaskedInTheBlocksAndThePlainText() {
        Verdict v = new Verdict(MODELS, Outcome.BROKEN, "auth-rejected", List.of(Finding.error("auth-rejected", null, "HTTP 2xx",
                "Incorrect API key provided: sk-secret-key-123")), Evidence.NONE, AT, 1);
        RenderedAlert alert = messages.opened(incident(), v, state());
        assertThat(alert.payload() + alert.plainText()).doesNotContain("sk-secret-key-123").contains("[REDACTED]");
    }

    private static Incident incident() {
        return new Incident(1, MODELS, IncidentSlot.FAILING, "BROKEN", AT.minusSeconds(900), AT, null, null, null, null);
    }

    private static AlertState state() {
        return new AlertState(MODELS, 1, 1, 0, AT.minusSeconds(900), AT.minusSeconds(86400), AT.minusSeconds(6 * 3600 + 900));
    }

    private static String text(RenderedAlert alert) {
        StringBuilder out = new StringBuilder();
        JSON.readTree(alert.payload()).get("blocks").values().forEach(b -> {
            JsonNode t = b.has("text") ? b.get("text") : b.get("elements").get(0);
            out.append(t.get("text").asString()).append('\n');
        });
        return out.toString();
    }
}
