package dev.driftwatch.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads a response schema as a map of what our code relies on. Finds the properties of a response that the
 * schema does not declare (the additive changes that are release news, not breakage), and tells whether a
 * place in a response is one our code reads: every step to it is {@code required} where it stands (the read
 * set), as opposed to a field the schema merely declares. Follows properties, items, local $refs and
 * anyOf/oneOf/allOf. Where a schema says nothing about an object's properties, nothing there is reported.
 */
final class KnownProperties {
    private final JsonNode root;

    KnownProperties(JsonNode root) {
        this.root = root;
    }

    /** Pointers of undeclared properties; array items are reported once, at their first index. */
    List<String> undeclared(JsonNode instance) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> out = new ArrayList<>();
        walk(instance, List.of(root), "", "", seen, out);
        return out;
    }

    private void walk(JsonNode node, List<JsonNode> schemas, String pointer, String shape, Set<String> seen, List<String> out) {
        List<JsonNode> expanded = expand(schemas);
        if (node.isObject()) {
            boolean describesProperties = expanded.stream().anyMatch(s -> s.has("properties"));
            boolean openEnded = expanded.stream().anyMatch(s -> s.has("patternProperties")
                    || (s.has("additionalProperties") && !s.get("additionalProperties").isBoolean()));
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String name = field.getKey();
                String childPointer = pointer + "/" + escape(name);
                String childShape = shape + "/" + escape(name);
                List<JsonNode> childSchemas = new ArrayList<>();
                for (JsonNode s : expanded) {
                    JsonNode p = s.path("properties").get(name);
                    if (p != null) {
                        childSchemas.add(p);
                    }
                }
                if (childSchemas.isEmpty()) {
                    if (describesProperties && !openEnded && seen.add(childShape)) {
                        out.add(childPointer);
                    }
                } else {
                    walk(field.getValue(), childSchemas, childPointer, childShape, seen, out);
                }
            }
        } else if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            for (JsonNode s : expanded) {
                if (s.has("items") && s.get("items").isObject()) {
                    items.add(s.get("items"));
                }
            }
            if (!items.isEmpty()) {
                for (int i = 0; i < node.size(); i++) {
                    walk(node.get(i), items, pointer + "/" + i, shape + "/*", seen, out);
                }
            }
        }
    }

    /**
     * True when {@code pointer} is in the read set: each property on the way is required by the schema where it
     * stands (one branch of an anyOf is enough: "b64_json or url"), array indices pass through.
     */
    boolean isRead(String pointer) {
        List<JsonNode> schemas = List.of(root);
        if (pointer.isEmpty()) {
            return true;
        }
        for (String raw : pointer.substring(1).split("/", -1)) {
            String token = raw.replace("~1", "/").replace("~0", "~");
            List<JsonNode> expanded = expand(schemas);
            List<JsonNode> next = new ArrayList<>();
            if (token.matches("\\d+")) {
                expanded.stream().filter(s -> s.path("items").isObject()).forEach(s -> next.add(s.get("items")));
                if (!next.isEmpty()) {
                    schemas = next;
                    continue;
                }
            }
            boolean required = expanded.stream().anyMatch(s -> s.path("required").valueStream().anyMatch(r -> r.asString("").equals(token)));
            if (!required) {
                return false;
            }
            expanded.stream().map(s -> s.path("properties").get(token)).filter(p -> p != null).forEach(next::add);
            schemas = next;
        }
        return true;
    }

    /** The schemas themselves plus everything they pull in through $ref and the combinators. */
    private List<JsonNode> expand(List<JsonNode> schemas) {
        List<JsonNode> out = new ArrayList<>();
        ArrayList<JsonNode> queue = new ArrayList<>(schemas);
        while (!queue.isEmpty() && out.size() < 64) {
            JsonNode s = queue.remove(0);
            if (s == null || !s.isObject()) {
                continue;
            }
            out.add(s);
            JsonNode ref = s.get("$ref");
            if (ref != null && ref.asString("").startsWith("#")) {
                JsonNode target = root.at(ref.asString().substring(1));
                if (!target.isMissingNode()) {
                    queue.add(target);
                }
            }
            for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
                s.path(combinator).forEach(queue::add);
            }
        }
        return out;
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
