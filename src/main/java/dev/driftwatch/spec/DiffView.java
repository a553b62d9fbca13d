package dev.driftwatch.spec;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A pinned document rewritten into the plain OpenAPI 3.0 forms openapi-diff compares reliably. openapi-diff 2.1.7 was
 * written for 3.0: a 3.1 type list, a nullable {@code anyOf [X, null]}, or a schema that has properties but leaves out
 * {@code type: object} (as OpenAI's {@code ImagesResponse} did until 2026) read to it as a change of type, and it then
 * stops before the properties — where the releases are. The same rewriting of both readings leaves only what changed.
 */
final class DiffView {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DiffView() {
    }

    /** The 3.0 form of {@code pinnedJson}, as text for swagger-parser. */
    static String of(String pinnedJson) {
        ObjectNode root = (ObjectNode) JSON.readTree(pinnedJson);
        root.put("openapi", "3.0.3");
        rewrite(root);
        return root.toString();
    }

    private static void rewrite(JsonNode node) {
        if (node instanceof ArrayNode array) {
            array.forEach(DiffView::rewrite);
            return;
        }
        if (!(node instanceof ObjectNode o)) {
            return;
        }
        o.remove("examples"); // a 3.1 list where 3.0 has a map: only examples, never a release
        unwrapNullable(o);
        JsonNode type = o.get("type");
        if (type != null && type.isArray()) {
            List<String> types = new ArrayList<>();
            type.forEach(t -> types.add(t.asString()));
            boolean nullable = types.remove("null");
            if (types.size() == 1) {
                o.put("type", types.get(0));
            } else {
                o.remove("type");
            }
            if (nullable) {
                o.put("nullable", true);
            }
        }
        if (o.has("const")) {
            o.putArray("enum").add(o.get("const"));
            o.remove("const");
        }
        if (!o.has("type") && !o.has("$ref") && o.has("properties") && o.get("properties").isObject()) {
            o.put("type", "object");
        }
        if (!o.has("type") && !o.has("$ref") && o.has("items") && o.get("items").isObject()) {
            o.put("type", "array");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator(); it.hasNext(); ) {
            rewrite(it.next().getValue());
        }
    }

    /** {@code anyOf: [X, {type: 'null'}]} (or oneOf) becomes X with {@code nullable: true}: how 3.1 writes what 3.0 wrote as nullable. */
    private static void unwrapNullable(ObjectNode o) {
        for (String key : List.of("anyOf", "oneOf")) {
            JsonNode branches = o.get(key);
            if (branches == null || !branches.isArray() || branches.size() != 2) {
                continue;
            }
            JsonNode other = null;
            boolean hasNull = false;
            for (JsonNode b : branches) {
                if (b.size() == 1 && "null".equals(b.path("type").asString(null))) {
                    hasNull = true;
                } else {
                    other = b;
                }
            }
            if (hasNull && other instanceof ObjectNode keep) {
                o.remove(key);
                for (Map.Entry<String, JsonNode> e : keep.properties()) {
                    if (!o.has(e.getKey())) {
                        o.set(e.getKey(), e.getValue());
                    }
                }
                o.put("nullable", true);
            }
        }
    }
}
