package dev.driftwatch.alert;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.methods.response.conversations.ConversationsListResponse;
import com.slack.api.methods.response.conversations.ConversationsRepliesResponse;
import com.slack.api.model.Conversation;
import com.slack.api.model.ConversationType;
import com.slack.api.model.Message;
import com.slack.api.model.ResponseMetadata;
import dev.driftwatch.audit.OutboxRow;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the message an earlier attempt at an alert may already have posted with the bot token. Each bot message
 * carries Slack message metadata naming its outbox row ({@link #metadata}); an attempt after one whose outcome is
 * unknown (a timeout, a process killed before it recorded Slack's answer) looks the message up in the channel, or
 * in its thread, before posting again, so a bot never posts one alert twice. Incoming webhooks have no such
 * look-up: their re-send window is documented instead.
 */
final class EarlierPost {
    static final String EVENT_TYPE = "driftwatch_alert";
    /** How far before an alert was queued its message can be: Slack's clock and ours may disagree a little. */
    private static final long SKEW_SECONDS = 600;
    private static final int MAX_PAGES = 10;
    private final Map<String, String> channelIds = new ConcurrentHashMap<>();

    /** What the look-up found. */
    sealed interface Found {
        /** The message is in Slack already: its channel ID and ts. */
        record Posted(String channel, String ts) implements Found {}

        /** Looked, not there: post it. */
        record NotPosted() implements Found {}

        /** Slack could not answer now ({@code transient_}: worth another try later, before posting). */
        record Unknown(String error, boolean transient_, java.time.Duration retryAfter) implements Found {}
    }

    /** The metadata every bot message carries: which outbox row it is, and when that row was queued. */
    static Message.Metadata metadata(OutboxRow row) {
        return Message.Metadata.builder().eventType(EVENT_TYPE)
                .eventPayload(Map.of("alert", String.valueOf(row.id()), "queued", String.valueOf(row.createdAt().toEpochMilli()))).build();
    }

    /** Remembers the ID Slack answered for a channel name, so a later look-up needs no conversations.list. */
    void learned(String channelName, String channelId) {
        if (channelName != null && channelId != null && channelName.startsWith("#")) {
            channelIds.put(channelName, channelId);
        }
    }

    /** Looks for {@code row}'s message in {@code channel} (a name or an ID), in {@code threadTs}'s thread when it is a reply. */
    Found find(MethodsClient api, String channel, String threadTs, OutboxRow row, java.time.Clock clock) {
        try {
            Page ids = channelId(api, channel);
            if (ids.error() != null) {
                return unknown(ids.error());
            }
            String id = ids.next();
            if (id == null) {
                return new Found.NotPosted(); // no channel of that name: nothing can have been posted in it
            }
            String oldest = String.valueOf(row.createdAt().getEpochSecond() - SKEW_SECONDS);
            String cursor = null;
            for (int page = 0; page < MAX_PAGES; page++) {
                Page p = threadTs != null ? replies(api, id, threadTs, oldest, cursor) : history(api, id, oldest, cursor);
                if (p.error() != null) {
                    return unknown(p.error());
                }
                for (Message m : p.messages()) {
                    if (isFor(m, row)) {
                        return new Found.Posted(id, m.getTs());
                    }
                }
                if (p.next() == null || p.next().isEmpty()) {
                    return new Found.NotPosted();
                }
                cursor = p.next();
            }
            return new Found.Unknown("more than " + MAX_PAGES * 200 + " messages since the alert was queued", false, null);
        } catch (SlackApiException e) {
            int code = e.getResponse().code();
            String error = e.getError() != null && e.getError().getError() != null ? e.getError().getError() : "HTTP " + code;
            return new Found.Unknown(error, code == 429 || code >= 500 || SlackAlerts.TRANSIENT.contains(error),
                    code == 429 ? SlackAlerts.retryAfter(e.getResponse().headers().toMultimap(), clock) : null);
        } catch (IOException | RuntimeException e) {
            return new Found.Unknown("no answer", true, null);
        }
    }

    /** One page of an answer: Slack's error, or its messages and the next cursor (for a channel look-up, {@code next} is its ID). */
    private record Page(String error, List<Message> messages, String next) {
        static Page of(SlackApiTextResponse r, List<Message> messages, ResponseMetadata meta) {
            return r.isOk() ? new Page(null, messages == null ? List.of() : messages, meta == null ? null : meta.getNextCursor())
                    : new Page(r.getError(), List.of(), null);
        }
    }

    private static Page history(MethodsClient api, String channel, String oldest, String cursor) throws IOException, SlackApiException {
        ConversationsHistoryResponse r = api.conversationsHistory(q -> q.channel(channel).oldest(oldest).includeAllMetadata(true)
                .limit(200).cursor(cursor));
        return Page.of(r, r.getMessages(), r.getResponseMetadata());
    }

    private static Page replies(MethodsClient api, String channel, String thread, String oldest, String cursor)
            throws IOException, SlackApiException {
        ConversationsRepliesResponse r = api.conversationsReplies(q -> q.channel(channel).ts(thread).oldest(oldest).includeAllMetadata(true)
                .limit(200).cursor(cursor));
        return Page.of(r, r.getMessages(), r.getResponseMetadata());
    }

    private static Found unknown(String error) {
        return new Found.Unknown(error, SlackAlerts.TRANSIENT.contains(error), null);
    }

    private static boolean isFor(Message m, OutboxRow row) {
        Message.Metadata md = m.getMetadata();
        if (md == null || !EVENT_TYPE.equals(md.getEventType()) || md.getEventPayload() == null) {
            return false;
        }
        Map<String, Object> p = md.getEventPayload();
        return String.valueOf(row.id()).equals(String.valueOf(p.get("alert")))
                && String.valueOf(row.createdAt().toEpochMilli()).equals(String.valueOf(p.get("queued")));
    }

    /**
     * The channel's ID in {@code next} (null when no channel has that name): as configured when it is one, else learned
     * from an earlier answer, else from conversations.list.
     */
    private Page channelId(MethodsClient api, String channel) throws IOException, SlackApiException {
        String known = channel.startsWith("#") ? channelIds.get(channel) : channel;
        if (known != null) {
            return new Page(null, List.of(), known);
        }
        String name = channel.substring(1);
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String from = cursor;
            ConversationsListResponse r = api.conversationsList(q -> q.types(List.of(ConversationType.PUBLIC_CHANNEL, ConversationType.PRIVATE_CHANNEL))
                    .excludeArchived(true).limit(1000).cursor(from));
            if (!r.isOk()) {
                return new Page(r.getError(), List.of(), null);
            }
            for (Conversation c : r.getChannels() == null ? List.<Conversation>of() : r.getChannels()) {
                if (name.equals(c.getName())) {
                    channelIds.put(channel, c.getId());
                    return new Page(null, List.of(), c.getId());
                }
            }
            cursor = r.getResponseMetadata() == null ? null : r.getResponseMetadata().getNextCursor();
            if (cursor == null || cursor.isEmpty()) {
                break;
            }
        }
        return new Page(null, List.of(), null);
    }
}
