package dev.driftwatch.alert;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.webhook.WebhookResponse;
import dev.driftwatch.audit.OutboxRow;
import dev.driftwatch.check.Redactor;
import dev.driftwatch.config.SlackSettings;
import dev.driftwatch.http.RetryAfter;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts with the Slack API client: to an incoming webhook, or with a bot token through
 * chat.postMessage, where reminders and the resolution go in the thread of the opening message and a message
 * whose answer was lost is looked up before it is posted again ({@link EarlierPost}).
 * The URL and the token are read from the environment at each send and never leave this class:
 * not in a result, an error text or a log line.
 */
public final class SlackAlerts implements AlertSender, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlackAlerts.class);
    /** Web API errors that say "later", not "never". */
    static final Set<String> TRANSIENT = Set.of("ratelimited", "internal_error", "fatal_error", "service_unavailable",
            "request_timeout", "team_added_to_org");
    private final Slack slack;
    private final Map<String, String> env;
    private final Clock clock;
    private final Redactor secrets;
    private final EarlierPost earlier = new EarlierPost();
    private final java.util.concurrent.atomic.AtomicBoolean toldCannotLook = new java.util.concurrent.atomic.AtomicBoolean();

    /** @param secrets masks the webhook URLs and the token in error texts (see {@link AlertRoutes#secrets}) */
    public SlackAlerts(Slack slack, Map<String, String> env, Redactor secrets, Clock clock) {
        this.slack = slack;
        this.env = env;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** The client settings: the Web API prefix, timeouts so a hanging Slack cannot block a worker, no statistics call. */
    public static SlackConfig config(SlackSettings settings) {
        SlackConfig cfg = new SlackConfig();
        String prefix = settings.apiUrl().toString();
        cfg.setMethodsEndpointUrlPrefix(prefix.endsWith("/") ? prefix : prefix + "/");
        int ms = (int) Math.min(Integer.MAX_VALUE, settings.timeout().duration().toMillis());
        cfg.setHttpClientCallTimeoutMillis(ms);
        cfg.setHttpClientReadTimeoutMillis(ms);
        cfg.setHttpClientWriteTimeoutMillis(ms);
        // Statistics would call auth.test first; the default response listeners log bodies at debug level.
        cfg.setStatsEnabled(false);
        cfg.setHttpClientResponseHandlers(new ArrayList<>());
        return cfg;
    }

    @Override
    public DeliveryResult send(OutboxRow row, boolean plain) {
        String route = row.route();
        if (route.startsWith(AlertRoutes.WEBHOOK)) {
            return webhook(route.substring(AlertRoutes.WEBHOOK.length()), row, plain);
        }
        if (route.startsWith(AlertRoutes.BOT)) {
            String rest = route.substring(AlertRoutes.BOT.length());
            int colon = rest.indexOf(':');
            return bot(rest.substring(0, colon), rest.substring(colon + 1), row, plain);
        }
        return new DeliveryResult.Unconfigured("route '" + route + "' is not a Slack route");
    }

    private DeliveryResult webhook(String variable, OutboxRow row, boolean plain) {
        String url = env.get(variable);
        if (url == null || url.isBlank()) {
            return new DeliveryResult.Unconfigured(variable + " is not set");
        }
        String body = plain ? plainPayload(row) : row.payload();
        WebhookResponse r;
        try {
            r = slack.send(url.strip(), body);
        } catch (IOException | RuntimeException e) {
            return new DeliveryResult.Retry("no answer", describe(e), null);
        }
        int code = r.getCode() == null ? 0 : r.getCode();
        String answer = secrets.apply(firstLine(r.getBody()));
        if (code == 200) {
            return new DeliveryResult.Delivered(answer.isEmpty() ? "ok" : secrets.apply(answer), null, null);
        }
        if (code == 429) {
            return new DeliveryResult.Retry("HTTP 429 " + answer, "rate limited", retryAfter(r.getHeaders(), clock));
        }
        if (code >= 500 || code == 408 || code == 0) {
            return new DeliveryResult.Retry("HTTP " + code + " " + answer, "Slack answered HTTP " + code, null);
        }
        return new DeliveryResult.Refused(answer.isEmpty() ? "HTTP " + code : answer, "Slack refused the message: HTTP " + code + " " + answer);
    }

    private DeliveryResult bot(String variable, String channel, OutboxRow row, boolean plain) {
        String token = env.get(variable);
        if (token == null || token.isBlank()) {
            return new DeliveryResult.Unconfigured(variable + " is not set");
        }
        JsonObject payload = JsonParser.parseString(row.payload()).getAsJsonObject();
        // A reply must go to the channel the opening message is in, whatever the route says now.
        boolean threaded = !row.kind().opensThread() && row.threadTs() != null;
        String target = threaded && row.threadChannel() != null ? row.threadChannel() : channel;
        String text = plain ? row.plainText() : payload.get("text").getAsString();
        JsonElement blocks = payload.get("blocks");
        MethodsClient api = slack.methods(token.strip());
        if (row.attempts() > 1 && row.id() > 0) {
            // An earlier attempt may have been posted without its answer reaching us: look before posting again.
            EarlierPost.Found found = earlier.find(api, target, threaded ? row.threadTs() : null, row, clock);
            if (found instanceof EarlierPost.Found.Posted p) {
                return new DeliveryResult.Delivered("ok (posted by an earlier attempt, found by its metadata)", p.channel(), p.ts());
            }
            if (found instanceof EarlierPost.Found.Unknown u && u.transient_()) {
                return new DeliveryResult.Retry(u.error(), "could not look for an earlier post of this alert: " + u.error(), u.retryAfter());
            }
            if (found instanceof EarlierPost.Found.Unknown u && toldCannotLook.compareAndSet(false, true)) {
                LOG.warn("cannot look for earlier posts of an alert in {} ({}): an alert whose answer was lost is posted again and may"
                        + " show twice; grant the app channels:read, groups:read, channels:history and groups:history", target, u.error());
            }
        }
        ChatPostMessageResponse r;
        try {
            r = api.chatPostMessage(req -> {
                req.channel(target).text(text).unfurlLinks(false).metadata(EarlierPost.metadata(row));
                if (!plain && blocks != null) {
                    req.blocksAsString(blocks.toString());
                }
                if (threaded) {
                    req.threadTs(row.threadTs());
                }
                return req;
            });
        } catch (SlackApiException e) {
            int code = e.getResponse().code();
            String error = e.getError() != null && e.getError().getError() != null ? e.getError().getError() : "HTTP " + code;
            if (code == 429) {
                return new DeliveryResult.Retry("HTTP 429 " + error, "rate limited", retryAfter(e.getResponse().headers().toMultimap(), clock));
            }
            if (code >= 500 || TRANSIENT.contains(error)) {
                return new DeliveryResult.Retry(error, "Slack answered HTTP " + code, null);
            }
            return new DeliveryResult.Refused(error, "Slack refused the message: HTTP " + code + " " + error);
        } catch (IOException | RuntimeException e) {
            return new DeliveryResult.Retry("no answer", describe(e), null);
        }
        if (r.isOk()) {
            earlier.learned(target, r.getChannel());
            return new DeliveryResult.Delivered("ok", r.getChannel(), r.getTs());
        }
        if (TRANSIENT.contains(r.getError())) {
            return new DeliveryResult.Retry(r.getError(), "Slack answered " + r.getError(), null);
        }
        return new DeliveryResult.Refused(r.getError(), "Slack refused the message: " + r.getError());
    }

    private static String plainPayload(OutboxRow row) {
        JsonObject o = new JsonObject();
        o.addProperty("text", row.plainText());
        return o.toString();
    }

    static Duration retryAfter(Map<String, List<String>> headers, Clock clock) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (h.getKey() != null && h.getKey().equalsIgnoreCase("Retry-After") && !h.getValue().isEmpty()) {
                return RetryAfter.parse(h.getValue().get(0), clock.instant()).orElse(null);
            }
        }
        return null;
    }

    /** The kind of failure and its message, with anything that could be the URL or the token masked. */
    private String describe(Exception e) {
        String message = e.getMessage() == null ? "" : ": " + firstLine(e.getMessage());
        return secrets.apply(e.getClass().getSimpleName() + message);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    @Override
    public void cancelInFlight() {
        slack.getHttpClient().getOkHttpClient().dispatcher().cancelAll();
    }

    @Override
    public void close() throws Exception {
        slack.close();
    }
}
