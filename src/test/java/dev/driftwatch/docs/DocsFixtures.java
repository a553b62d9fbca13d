package dev.driftwatch.docs;

import dev.driftwatch.config.DocsFact;
import dev.driftwatch.config.DocsPage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The fixture pages and their configuration, and the edits a provider release (or mere noise) makes to them. */
final class DocsFixtures {
    static final String SSR_URL = "https://docs.lumengate.example/models/images";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DocsFixtures() {}

    static String page(String name) {
        try (InputStream in = DocsFixtures.class.getResourceAsStream("/docs-pages/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture src/test/resources/docs-pages/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String ssr() {
        return page("models-ssr.html");
    }

    static String next() {
        return page("models-next.html");
    }

    /** The SSR page as a user would configure it: the cookie banner ignored, the view counter volatile. */
    static DocsPage ssrPage(List<DocsFact> facts) {
        return new DocsPage("models", null, null, List.of("#cookie-consent"), List.of("Viewed [\\d,]+ times this week"), List.of(), facts, null);
    }

    static DocsPage plainPage() {
        return new DocsPage("page", null, null, List.of(), List.of(), List.of(), List.of(), null);
    }

    static DocsPage regionsPage(String... regions) {
        return new DocsPage("page", null, null, List.of("#cookie-consent"), List.of(), List.of(regions), List.of(), null);
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    /** Replaces {@code from} with {@code to}, failing loudly when the fixture no longer contains it. */
    static UnaryOperator<String> edit(String from, String to) {
        return html -> {
            if (!html.contains(from)) {
                throw new IllegalStateException("fixture does not contain: " + from);
            }
            return html.replace(from, to);
        };
    }

    /** The table row of one model in the SSR fixture, from {@code <tr id="model-...">} to its {@code </tr>}. */
    static String row(String html, String model) {
        int start = html.indexOf("<tr id=\"model-" + model + "\"");
        if (start < 0) {
            throw new IllegalStateException("no row for " + model);
        }
        int end = html.indexOf("</tr>", start) + "</tr>".length();
        return html.substring(start, end);
    }

    // Release changes.

    static String modelAdded(String html, String id) {
        String row = row(html, "gpt-image-2");
        String added = row.replace("gpt-image-2", id);
        return html.replace(row, row + "\n            " + added);
    }

    static String modelRemoved(String html, String id) {
        return html.replace(row(html, id), "");
    }

    static String sizeDropped(String html) {
        String row = row(html, "gpt-image-2");
        return html.replace(row, row.replace("<span class=\"size\">1536x1024</span>", ""));
    }

    // Noise.

    static String newTimestamp(String html) {
        return edit("Last updated 2026-11-20", "Last updated 2026-11-22")
                .andThen(edit("Rendered 2026-11-21T10:00:00Z", "Rendered 2026-11-22T06:41:17Z"))
                .andThen(edit("Viewed 18,204 times this week", "Viewed 19,377 times this week"))
                .apply(html);
    }

    static String reflowed(String html) {
        // Every line re-indented, and the intro paragraph re-wrapped at other words.
        String reindented = html.replaceAll("\n[ \t]*", "\n\t\t  ");
        return reindented.replace("routes image generation requests to the models below", "routes image generation\n\t\t\trequests   to the models\n below");
    }

    static String reordered(String html) {
        String one = row(html, "gpt-image-1");
        String dalle = row(html, "dall-e-3");
        return html.replace(one, "@@ONE@@").replace(dalle, one).replace("@@ONE@@", dalle);
    }

    static String rotatedNonceAndBuild(String html) {
        return html.replace("rT7q2XbK9mZp4LwQ1vYc8A==", "Zk3pW8sQ1nB6yR0tV5xM2g==")
                .replace("3f9a2c1d7e4b5a6c8d9e0f1a2b3c4d5e6f7a8b9c", "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807")
                .replace("3f9a2c1d7e4b", "a1b2c3d4e5f6")
                .replace("docs-render-7f8c9d", "docs-render-0a1b2c")
                .replace("csrf_token: 8Yq3mZt0Lp2Vx9Rs", "csrf_token: Hh71pQsLx03KwZ2e")
                .replace("c1d2e3f4a5b6c7d8e9f0", "0f9e8d7c6b5a4f3e2d1c");
    }

    static String chromeChanged(String html) {
        return edit("<li><a href=\"/changelog\">Changelog</a></li>\n        <li><a href=\"https://status",
                        "<li><a href=\"/changelog\">What's new</a></li>\n        <li><a href=\"/community\">Community</a></li>\n        <li><a href=\"https://status")
                .andThen(edit("© 2026 Lumengate, Inc. All rights reserved.", "© 2027 Lumengate Inc. · Made in Lisbon"))
                .andThen(edit("We use cookies to understand how the docs are used", "We and our 212 partners use cookies"))
                .andThen(edit("<li><a href=\"/guides/webhooks\">Webhooks</a></li>", "<li><a href=\"/guides/webhooks\">Webhooks</a></li>\n        <li><a href=\"/guides/streaming\">Streaming images</a></li>"))
                .apply(html);
    }

    /** Every kind of noise at once, as a real re-deploy of an unchanged page would look. */
    static String allNoise(String html) {
        // Re-indenting goes last: the other edits look for the fixture's own indentation.
        return reflowed(reordered(rotatedNonceAndBuild(chromeChanged(newTimestamp(html)))));
    }
}
