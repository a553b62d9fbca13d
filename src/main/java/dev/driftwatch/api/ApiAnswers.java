package dev.driftwatch.api;

import dev.driftwatch.check.CheckRun;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.http.ProviderResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** How the live-API checks read the parts of an answer they share: status classes, error envelope, JSON body. */
final class ApiAnswers {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private ApiAnswers() {}

    /** 429, 408 and 5xx (after retries): the provider could not be asked, so nothing can be said. */
    static Optional<Verdict> unavailable(ProviderResponse r, CheckRun run, String path) {
        int s = r.status();
        String after = r.attempts() > 1 ? " after " + r.attempts() + " attempts" : "";
        if (s == 429) {
            String retryAfter = r.header("Retry-After");
            return Optional.of(run.unverified(Finding.warning("rate-limited", path, "an answer",
                    "HTTP 429" + after + (retryAfter == null ? "" : ", Retry-After " + retryAfter) + providerSays(r))));
        }
        if (s == 408 || s >= 500) {
            return Optional.of(run.unverified(Finding.warning("unreachable", path, "an answer", "HTTP " + s + after + providerSays(r))));
        }
        return Optional.empty();
    }

    /** 401/403: the key is refused (revoked, wrong scope, or the provider changed its auth). */
    static Optional<Finding> authRejected(ProviderResponse r, String path, String keyVariable) {
        if (r.status() != 401 && r.status() != 403) {
            return Optional.empty();
        }
        return Optional.of(Finding.error("auth-rejected", path, "the key in " + keyVariable + " to be accepted",
                "HTTP " + r.status() + providerSays(r)));
    }

    /** The body of a 2xx, parsed; adds a BROKEN finding and answers empty when it is not JSON. */
    static Optional<JsonNode> jsonBody(ProviderResponse r, CheckRun run, String path) {
        if (!r.isJson()) {
            run.add(Finding.error("response-media-type-changed", path, "application/json",
                    (r.contentType() == null ? "no Content-Type" : r.contentType()) + " " + excerpt(r.text())));
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(r.body());
            if (node == null || node.isMissingNode()) {
                run.add(Finding.error("response-not-json", path, "a JSON document", "an empty body"));
                return Optional.empty();
            }
            return Optional.of(node);
        } catch (JacksonException e) {
            run.add(Finding.error("response-not-json", path, "a JSON document", "malformed JSON " + excerpt(r.text())));
            return Optional.empty();
        }
    }

    /** Parses a body leniently: the tree, or empty when it is not JSON. */
    static Optional<JsonNode> tryParse(ProviderResponse r) {
        try {
            JsonNode node = JSON.readTree(r.body());
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** ": the provider's message" (wherever its error shape puts it), or an excerpt of the body, or nothing. */
    static String providerSays(ProviderResponse r) {
        String msg = providerMessage(r);
        if (msg != null) {
            return ": \"" + msg + "\"";
        }
        String text = r.text().strip();
        return text.isEmpty() ? "" : ": " + excerpt(text);
    }

    /**
     * What the provider said, in its own words, on one line: {@code error.message} (OpenAI's envelope), else
     * RFC 9457 problem details' {@code detail}, the messages of a {@code validation[]} or {@code errors[]} list,
     * or {@code title}, else a top-level {@code message}; null when the body says nothing readable.
     */
    static String providerMessage(ProviderResponse r) {
        JsonNode body = tryParse(r).orElse(null);
        if (body == null || !body.isObject()) {
            return null;
        }
        List<String> said = new ArrayList<>();
        JsonNode error = body.path("error");
        addText(said, error.isString() ? error : error.path("message"));
        if (said.isEmpty()) {
            addText(said, body.path("detail"));
            for (String list : List.of("validation", "errors")) {
                for (JsonNode item : body.path(list)) {
                    addText(said, item.isString() ? item : item.path("message"));
                }
            }
            if (said.isEmpty()) {
                addText(said, body.path("title"));
            }
            if (said.isEmpty()) {
                addText(said, body.path("message"));
            }
        }
        return said.isEmpty() ? null : oneLine(String.join("; ", said), 300);
    }

    private static void addText(List<String> out, JsonNode n) {
        if (n.isString() && !n.asString().isBlank() && out.size() < 5) {
            out.add(n.asString().strip());
        }
    }

    static String excerpt(String text) {
        return "[" + oneLine(text, 120) + "]";
    }

    static String oneLine(String text, int max) {
        String t = text.replaceAll("\\s+", " ").strip();
        return t.length() > max ? t.substring(0, max) + "..." : t;
    }
}
