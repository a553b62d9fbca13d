package dev.driftwatch.alert;

import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.slack.api.model.block.Blocks;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import dev.driftwatch.check.Redactor;
import java.util.ArrayList;
import java.util.List;

/**
 * One Block Kit message within Slack's limits: a header of at most 150 characters, sections of at
 * most 3,000, at most 50 blocks. What does not fit is cut with a note that says where the rest is;
 * the alert itself is never dropped. Every text passes the redactor before it is measured.
 */
final class SlackMessage {
    static final int HEADER_MAX = 150;
    static final int SECTION_MAX = 3000;
    static final int BLOCKS_MAX = 50;
    private static final Gson GSON = GsonFactory.createSnakeCase();
    private final Redactor redactor;
    private final String moreAt;
    private final String header;
    private final String summary;
    private final List<Part> parts = new ArrayList<>();

    private record Part(boolean context, String text) {}

    /**
     * @param moreAt the command that shows everything, named in every truncation note
     * @param summary the notification text (the {@code text} field) — one line
     */
    SlackMessage(Redactor redactor, String header, String summary, String moreAt) {
        this.redactor = redactor;
        this.moreAt = moreAt;
        this.header = cut(redactor.apply(header), HEADER_MAX, "…");
        this.summary = redactor.apply(summary);
    }

    /** A section of mrkdwn text. */
    SlackMessage section(String mrkdwn) {
        parts.add(new Part(false, redactor.apply(mrkdwn)));
        return this;
    }

    /** Small grey text under the sections. */
    SlackMessage context(String mrkdwn) {
        parts.add(new Part(true, redactor.apply(mrkdwn)));
        return this;
    }

    RenderedAlert render() {
        String note = "… truncated, see `" + moreAt + "`";
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(Blocks.header(h -> h.text(plainText(header))));
        StringBuilder plain = new StringBuilder(header);
        int room = BLOCKS_MAX - 1;
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            if (room == 1 && i < parts.size() - 1) {
                String rest = "… " + (parts.size() - i) + " more block(s) truncated, see `" + moreAt + "`";
                blocks.add(Blocks.section(s -> s.text(markdownText(rest))));
                plain.append('\n').append(rest);
                break;
            }
            String text = cut(p.text(), SECTION_MAX, "\n" + note);
            blocks.add(p.context() ? Blocks.context(List.of(markdownText(text))) : Blocks.section(s -> s.text(markdownText(text))));
            plain.append('\n').append(text);
            room--;
        }
        JsonObject payload = new JsonObject();
        payload.addProperty("text", cut(summary, SECTION_MAX, "…"));
        payload.add("blocks", GSON.toJsonTree(blocks));
        // Redacted twice on purpose: the parts above, and the whole, in case a secret spans two parts.
        return new RenderedAlert(redactor.apply(GSON.toJson(payload)), redactor.apply(cut(plain.toString(), 3 * SECTION_MAX, "\n" + note)));
    }

    /** Text at most {@code max} characters long, ending with {@code note} when cut. */
    static String cut(String text, int max, String note) {
        if (text.length() <= max) {
            return text;
        }
        int keep = Math.max(0, max - note.length());
        // Do not split a surrogate pair.
        if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--;
        }
        return text.substring(0, keep) + note;
    }

    /** Escapes what Slack's mrkdwn treats as markup: &, < and >. */
    static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
