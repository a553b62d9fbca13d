package dev.driftwatch.alert;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.driftwatch.audit.AuditException;
import dev.driftwatch.audit.ChainHead;
import dev.driftwatch.audit.OutboxRow;
import java.util.function.Supplier;

/**
 * Ends every message, as it is sent, with the audit trail's head at that moment: each Slack channel (and the log,
 * for alerts written there) then holds copies of it outside the trail, and {@code driftwatch audit verify
 * --expect-head} shows whether the trail still reaches any of them. Added when sending, not when queuing: the
 * queued text is chained as it was made, and the head worth publishing is the newest.
 */
final class AuditHeadFooter {
    private final Supplier<ChainHead> head;

    AuditHeadFooter(Supplier<ChainHead> head) {
        this.head = head;
    }

    /** The row with the footer; the row as it is when the head cannot be read (the send goes ahead without it). */
    OutboxRow on(OutboxRow row) {
        ChainHead h;
        try {
            h = head.get();
        } catch (AuditException e) {
            return row;
        }
        String line = "audit head " + h;
        JsonObject payload = JsonParser.parseString(row.payload()).getAsJsonObject();
        JsonArray blocks = payload.getAsJsonArray("blocks");
        if (blocks != null && blocks.size() < SlackMessage.BLOCKS_MAX) {
            JsonObject text = new JsonObject();
            text.addProperty("type", "mrkdwn");
            text.addProperty("text", "audit head `" + h + "`");
            JsonArray elements = new JsonArray();
            elements.add(text);
            JsonObject context = new JsonObject();
            context.addProperty("type", "context");
            context.add("elements", elements);
            blocks.add(context);
        }
        return new OutboxRow(row.id(), row.incidentId(), row.kind(), row.key(), row.route(), payload.toString(), row.plainText() + "\n" + line,
                row.usePlain(), row.attempts(), row.createdAt(), row.nextAttemptAt(), row.deliveredAt(), row.slackAnswer(), row.lastError(),
                row.threadChannel(), row.threadTs(), row.groupKey(), row.holdUntil());
    }
}
