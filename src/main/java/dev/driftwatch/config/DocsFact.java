package dev.driftwatch.config;

import tools.jackson.databind.JsonNode;

/**
 * One fact a docs page must keep stating. Exactly one of {@code contains}, {@code regex},
 * {@code selector}, {@code models}, {@code json} or {@code number} says how it is read; {@code in}
 * narrows it to a CSS-selected region; {@code expect} (a value or a list) and {@code tolerance}
 * say what it must be.
 */
public record DocsFact(String name, String in, String contains, String regex, String selector, String models,
                       JsonFact json, NumberFact number, JsonNode expect, Double tolerance) {

    /** The kind of the fact, from the one key that is set; null when none or several are. */
    public String kind() {
        String kind = null;
        int set = 0;
        if (contains != null) { kind = "contains"; set++; }
        if (regex != null) { kind = "regex"; set++; }
        if (selector != null) { kind = "selector"; set++; }
        if (models != null) { kind = "models"; set++; }
        if (json != null) { kind = "json"; set++; }
        if (number != null) { kind = "number"; set++; }
        return set == 1 ? kind : null;
    }

    /** JSON embedded in the page: the {@code <script>} found by a CSS selector, and a JSON pointer into it. */
    public record JsonFact(String script, String pointer) {}

    /** A number found by a CSS selector and/or a regex whose first group is the number. */
    public record NumberFact(String selector, String regex) {}
}
