package dev.driftwatch.alert;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.driftwatch.audit.OutboxRow;
import dev.driftwatch.check.Redactor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The alerts of one release as one Slack message: alerts of one contract and environment that opened, resolved
 * or announced within {@code alerts.groupWait} of each other. Its header counts what happened, then each alert
 * follows under its own bold line, with everything it says on its own. Built from the alerts as the outbox holds
 * them (rendered and redacted already), within Slack's limits like any message ({@link SlackMessage}).
 */
final class GroupedMessage {
    private GroupedMessage() {
    }

    /** One message for {@code rows} (two or more, of one group, head first). */
    static RenderedAlert of(List<OutboxRow> rows) {
        OutboxRow head = rows.get(0);
        Set<String> kinds = new LinkedHashSet<>();
        Set<String> environments = new LinkedHashSet<>();
        List<String> summaries = new ArrayList<>();
        for (OutboxRow r : rows) {
            JsonObject payload = JsonParser.parseString(r.payload()).getAsJsonObject();
            String header = header(payload);
            kinds.add(header.contains(" · ") ? header.substring(0, header.indexOf(" · ")) : r.kind().name());
            environments.add(r.key().environment());
            String text = payload.has("text") ? payload.get("text").getAsString() : header;
            summaries.add(r.key().check() + ": " + (text.contains(" — ") ? text.substring(text.indexOf(" — ") + 3) : text));
        }
        String title = String.join(" + ", kinds) + " · " + head.key().contract() + " · " + String.join(", ", environments) + " · "
                + rows.size() + " alerts";
        SlackMessage m = new SlackMessage(Redactor.none(), title, title + " — " + String.join("; ", summaries),
                AlertMessages.historyCommand(head.key()));
        m.section("*One release, " + rows.size() + " alerts* — each below, as it would have been sent on its own:");
        for (OutboxRow r : rows) {
            JsonObject payload = JsonParser.parseString(r.payload()).getAsJsonObject();
            m.section("*" + header(payload) + "*");
            for (JsonElement block : payload.getAsJsonArray("blocks")) {
                JsonObject b = block.getAsJsonObject();
                switch (b.get("type").getAsString()) {
                    case "section" -> m.section(b.getAsJsonObject("text").get("text").getAsString());
                    case "context" -> m.context(contextText(b.getAsJsonArray("elements")));
                    default -> { } // its header is the bold line above
                }
            }
        }
        RenderedAlert composed = m.render();
        StringBuilder plain = new StringBuilder(title);
        rows.forEach(r -> plain.append("\n\n").append(r.plainText()));
        return new RenderedAlert(composed.payload(), SlackMessage.cut(plain.toString(), 3 * SlackMessage.SECTION_MAX,
                "\n… truncated, see `" + AlertMessages.historyCommand(head.key()) + "`"));
    }

    private static String header(JsonObject payload) {
        for (JsonElement block : payload.getAsJsonArray("blocks")) {
            JsonObject b = block.getAsJsonObject();
            if (b.get("type").getAsString().equals("header")) {
                return b.getAsJsonObject("text").get("text").getAsString();
            }
        }
        return "";
    }

    private static String contextText(JsonArray elements) {
        List<String> texts = new ArrayList<>();
        elements.forEach(e -> texts.add(e.getAsJsonObject().get("text").getAsString()));
        return String.join(" ", texts);
    }
}
