package dev.driftwatch.testing;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.driftwatch.alert.SlackAlerts;
import dev.driftwatch.config.HttpAddress;
import dev.driftwatch.config.SlackSettings;
import dev.driftwatch.config.TimeSpan;
import java.io.Closeable;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A loopback Slack: answers an incoming webhook at {@link #WEBHOOK_PATH} and the Web API's
 * chat.postMessage under {@code /api/}. By default it accepts every message; {@link #next} scripts
 * the coming answers (500, 429 with Retry-After, invalid_blocks, a hang), {@link #down} fails all.
 * Every message it accepted is kept in {@link #accepted}, in order.
 */
public final class SlackStandIn extends Dispatcher implements Closeable {
    /** The part of the webhook URL that is the credential; tests search every output for it. Fixtures, not credentials. */
    public static final String WEBHOOK_SECRET_PART = "XXXXfixturewebhookpart";
    public static final String WEBHOOK_PATH = "/services/T000/B000/" + WEBHOOK_SECRET_PART;
    public static final String BOT_TOKEN = "standin-bot-token-fixture-0000";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One message Slack accepted: where it went, its text, its blocks (JSON), its thread. */
    public record Message(String path, String channel, String text, String blocks, String threadTs, String ts, String metadata) {
        public boolean hasBlocks() {
            return blocks != null && !blocks.isEmpty();
        }
    }

    /** What the stand-in answers. */
    public enum Answer { OK, ERROR_500, RATE_LIMITED, INVALID_BLOCKS, HANG,
        /** Slack takes the message, and its answer never comes back (a connection cut, a process killed meanwhile). */
        ACCEPT_THEN_HANG }

    public final MockWebServer server = new MockWebServer();
    public final List<Message> accepted = new CopyOnWriteArrayList<>();
    public final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Queue<Answer> scripted = new ConcurrentLinkedQueue<>();
    private final AtomicInteger ts = new AtomicInteger(1000);
    public volatile Answer always = Answer.OK;
    public volatile long retryAfterSeconds = 7;
    /** False: conversations.* answer missing_scope, as for an app without channels:history. */
    public volatile boolean lookUpAllowed = true;
    /** How many times a message was looked up in a channel or thread. */
    public final AtomicInteger lookUps = new AtomicInteger();
    private final Map<String, String> channelNames = new java.util.concurrent.ConcurrentHashMap<>();

    public SlackStandIn() {
        server.setDispatcher(this);
        try {
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String webhookUrl() {
        return server.url(WEBHOOK_PATH).toString();
    }

    public String apiUrl() {
        return server.url("/api/").toString();
    }

    /** Answers the coming requests so, in order, then as {@link #always}. */
    public SlackStandIn next(Answer... answers) {
        scripted.addAll(List.of(answers));
        return this;
    }

    /** Every request fails with {@code answer} until {@link #up()}. */
    public SlackStandIn down(Answer answer) {
        always = answer;
        return this;
    }

    public SlackStandIn up() {
        always = Answer.OK;
        return this;
    }

    /** Slack settings for this stand-in: its Web API prefix and a short timeout, so a hang costs little. */
    public SlackSettings settings(String webhookUrlEnv, String botTokenEnv, String channel) {
        return new SlackSettings(webhookUrlEnv, botTokenEnv, channel, HttpAddress.parse(apiUrl()), TimeSpan.of("300ms"));
    }

    /** A real Slack client pointed at this stand-in. */
    public Slack client() {
        SlackConfig cfg = SlackAlerts.config(settings(null, null, null));
        return Slack.getInstance(cfg);
    }

    /** The environment that names this stand-in's webhook and bot token. */
    public Map<String, String> env() {
        return Map.of("SLACK_WEBHOOK_URL", webhookUrl(), "SLACK_BOT_TOKEN", BOT_TOKEN);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        Answer answer = scripted.poll();
        if (answer == null) {
            answer = always;
        }
        String path = request.getUrl().encodedPath();
        boolean webhook = path.equals(WEBHOOK_PATH);
        switch (answer) {
            case ERROR_500:
                return new MockResponse.Builder().code(500).body(webhook ? "internal_error" : "{\"ok\":false,\"error\":\"internal_error\"}").build();
            case RATE_LIMITED:
                return new MockResponse.Builder().code(429).setHeader("Retry-After", String.valueOf(retryAfterSeconds))
                        .body(webhook ? "rate_limited" : "{\"ok\":false,\"error\":\"ratelimited\"}").build();
            case HANG:
                if (!path.startsWith("/api/conversations.")) {
                    return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
                }
                break;
            default:
                break;
        }
        if (webhook) {
            JsonNode body = JSON.readTree(request.getBody().utf8());
            if (answer == Answer.INVALID_BLOCKS && body.has("blocks")) {
                return new MockResponse.Builder().code(400).body("invalid_blocks").build();
            }
            accepted.add(new Message(path, null, body.path("text").asString(null),
                    body.has("blocks") ? body.get("blocks").toString() : null, null, null, null));
            return answer == Answer.ACCEPT_THEN_HANG ? new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build()
                    : new MockResponse.Builder().code(200).body("ok").build();
        }
        if (path.equals("/api/chat.postMessage")) {
            Map<String, String> form = form(request.getBody().utf8());
            if (!("Bearer " + BOT_TOKEN).equals(request.getHeaders().get("Authorization"))) {
                return json("{\"ok\":false,\"error\":\"invalid_auth\"}");
            }
            if (answer == Answer.INVALID_BLOCKS && form.containsKey("blocks")) {
                return json("{\"ok\":false,\"error\":\"invalid_blocks\"}");
            }
            String channel = form.get("channel");
            String id = channelId(channel);
            if (channel.startsWith("#")) {
                channelNames.put(channel.substring(1), id);
            }
            String messageTs = "1700000000." + ts.incrementAndGet();
            accepted.add(new Message(path, channel, form.get("text"), form.get("blocks"), form.get("thread_ts"), messageTs, form.get("metadata")));
            return answer == Answer.ACCEPT_THEN_HANG ? new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build()
                    : json("{\"ok\":true,\"channel\":\"" + id + "\",\"ts\":\"" + messageTs + "\"}");
        }
        if (path.startsWith("/api/conversations.")) {
            if (!("Bearer " + BOT_TOKEN).equals(request.getHeaders().get("Authorization"))) {
                return json("{\"ok\":false,\"error\":\"invalid_auth\"}");
            }
            if (!lookUpAllowed) {
                return json("{\"ok\":false,\"error\":\"missing_scope\"}");
            }
            return conversations(path.substring("/api/".length()), form(request.getBody().utf8()));
        }
        return new MockResponse.Builder().code(404).body("no_service").build();
    }

    /** The channel IDs this stand-in gives names: {@code #ai-contracts} is {@code CAICONTRACTS}. */
    private static String channelId(String channel) {
        return channel.startsWith("#") ? "C" + channel.substring(1).toUpperCase(java.util.Locale.ROOT).replace("-", "") : channel;
    }

    /** conversations.list, .history (top-level messages) and .replies (a thread), with each message's metadata, in one page. */
    private MockResponse conversations(String method, Map<String, String> form) {
        tools.jackson.databind.node.ObjectNode out = JSON.createObjectNode().put("ok", true);
        if (method.equals("conversations.list")) {
            tools.jackson.databind.node.ArrayNode channels = out.putArray("channels");
            channelNames.forEach((name, id) -> channels.addObject().put("id", id).put("name", name));
            return json(out.toString());
        }
        String channel = form.get("channel");
        String thread = form.get("ts");
        tools.jackson.databind.node.ArrayNode messages = out.putArray("messages");
        for (Message m : accepted) {
            boolean topLevel = m.threadTs() == null;
            boolean inThread = thread != null && (thread.equals(m.ts()) || thread.equals(m.threadTs()));
            if (m.channel() != null && channel.equals(channelId(m.channel())) && (method.equals("conversations.replies") ? inThread : topLevel)) {
                tools.jackson.databind.node.ObjectNode o = messages.addObject().put("type", "message").put("ts", m.ts()).put("text", m.text());
                if (m.threadTs() != null) {
                    o.put("thread_ts", m.threadTs());
                }
                if (m.metadata() != null) {
                    o.set("metadata", JSON.readTree(m.metadata()));
                }
            }
        }
        lookUps.incrementAndGet();
        return json(out.toString());
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** The texts of the accepted messages, in order. */
    public List<String> texts() {
        List<String> out = new ArrayList<>();
        accepted.forEach(m -> out.add(m.text()));
        return out;
    }

    @Override
    public void close() {
        server.close();
    }
}
