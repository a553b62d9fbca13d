package dev.driftwatch.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in every string value of the tree, so one
 * checks.yaml serves production and a local stand-in. {@code $${} writes a literal {@code ${}.
 * Keys are never interpolated, and secrets never pass through here: checks.yaml names the
 * variable that holds a key, it does not expand it.
 */
final class EnvInterpolator {
    private static final Pattern REF = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}|\\$\\{[^}]*}?");
    private final Map<String, String> env;

    EnvInterpolator(Map<String, String> env) {
        this.env = env;
    }

    List<ConfigError> interpolate(JsonNode root, SourceMap map) {
        List<ConfigError> errors = new ArrayList<>();
        walk(root, "", map, errors);
        return errors;
    }

    private void walk(JsonNode node, String pointer, SourceMap map, List<ConfigError> errors) {
        if (node instanceof ObjectNode object) {
            List<Entry<String, JsonNode>> entries = new ArrayList<>(object.properties());
            for (Entry<String, JsonNode> e : entries) {
                String child = SourceMap.child(pointer, e.getKey());
                if (e.getValue().isString()) {
                    object.set(e.getKey(), expand(e.getValue().asString(), child, map, errors));
                } else {
                    walk(e.getValue(), child, map, errors);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String child = pointer + "/" + i;
                if (array.get(i).isString()) {
                    array.set(i, expand(array.get(i).asString(), child, map, errors));
                } else {
                    walk(array.get(i), child, map, errors);
                }
            }
        }
    }

    private JsonNode expand(String text, String pointer, SourceMap map, List<ConfigError> errors) {
        if (!text.contains("${")) {
            return StringNode.valueOf(text);
        }
        Matcher m = REF.matcher(text);
        StringBuilder out = new StringBuilder();
        // The same text with each variable set in the environment left as ${NAME}: what errors may show.
        StringBuilder shown = new StringBuilder();
        boolean fromEnvironment = false;
        int tail = 0;
        while (m.find()) {
            String replacement;
            String shownAs;
            if (m.group().equals("$${")) {
                replacement = "${";
                shownAs = replacement;
            } else if (m.group(1) == null) {
                errors.add(new ConfigError(map.valueAt(pointer), "malformed variable reference '" + m.group() + "'",
                        "write ${NAME} or ${NAME:-default}, or $${ for a literal ${"));
                replacement = m.group();
                shownAs = replacement;
            } else {
                String value = env.get(m.group(1));
                if (value != null && !value.isEmpty()) {
                    replacement = value;
                    shownAs = "${" + m.group(1) + "}";
                    fromEnvironment = true;
                } else if (m.group(2) != null) {
                    replacement = m.group(2);
                    shownAs = replacement;
                } else {
                    errors.add(new ConfigError(map.valueAt(pointer), "environment variable " + m.group(1) + " is not set",
                            "set it, or give a default as ${" + m.group(1) + ":-value}"));
                    replacement = "";
                    shownAs = replacement;
                }
            }
            shown.append(text, tail, m.start()).append(shownAs);
            tail = m.end();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        if (fromEnvironment) {
            map.fromEnvironment(pointer, shown.append(text.substring(tail)).toString());
        }
        return StringNode.valueOf(out.toString());
    }
}
