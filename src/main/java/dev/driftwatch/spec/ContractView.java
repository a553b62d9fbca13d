package dev.driftwatch.spec;

import dev.driftwatch.contract.Contract;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a contract depends on, as the spec checks weigh it: the send set (the fields and values of the pinned request)
 * and the read set (every field the contract's response schema requires: what the team's code reads). A change the
 * provider makes outside these sets is news; inside them it can break the contract.
 */
final class ContractView {
    /**
     * A field the contract reads, by path ({@code data}, {@code data/[]/url}). {@code alternatives} is null for a field
     * always read, else it names the anyOf/oneOf whose branch {@code branch} requires it: one branch is enough.
     */
    record ReadField(List<String> path, String alternatives, int branch) {
        String name() {
            return String.join("/", path);
        }
    }

    private final Contract contract;
    private final List<ReadField> reads = new ArrayList<>();

    ContractView(Contract contract) {
        this.contract = contract;
        JsonNode schema = contract.schemas().response().raw();
        walk(schema, schema, List.of(), null, 0, 0);
    }

    Contract contract() {
        return contract;
    }

    ObjectNode request() {
        return contract.request();
    }

    List<ReadField> reads() {
        return List.copyOf(reads);
    }

    /** True when the contract reads the field at {@code path} (alone or as one of alternatives). */
    boolean reads(List<String> path) {
        return reads.stream().anyMatch(r -> r.path().equals(path));
    }

    /** The value the pinned request sends at {@code path} (top-level fields: the request is a flat mapping), if any. */
    Optional<JsonNode> sent(List<String> path) {
        JsonNode n = contract.request();
        for (String segment : path) {
            if (segment.equals("[]")) {
                n = n.path(0);
            } else {
                n = n.path(segment);
            }
        }
        return n.isMissingNode() || n.isNull() ? Optional.empty() : Optional.of(n);
    }

    /** The fields a JSON Schema requires, along required properties and items; anyOf/oneOf branches become alternatives. */
    private void walk(JsonNode root, JsonNode node, List<String> path, String alternatives, int branch, int depth) {
        if (depth > 16 || node == null || !node.isObject()) {
            return;
        }
        JsonNode ref = node.get("$ref");
        if (ref != null && ref.isString() && ref.asString().startsWith("#/")) {
            walk(root, root.at(ref.asString().substring(1)), path, alternatives, branch, depth + 1);
            return;
        }
        for (JsonNode r : node.path("required")) {
            String name = r.asString("");
            List<String> p = append(path, name);
            reads.add(new ReadField(p, alternatives, branch));
            walk(root, node.path("properties").get(name), p, null, 0, depth + 1);
        }
        node.path("allOf").forEach(b -> walk(root, b, path, alternatives, branch, depth + 1));
        for (String key : List.of("anyOf", "oneOf")) {
            JsonNode bs = node.get(key);
            if (bs != null && bs.isArray()) {
                for (int i = 0; i < bs.size(); i++) {
                    walk(root, bs.get(i), path, String.join("/", path) + "#" + key, i, depth + 1);
                }
            }
        }
        JsonNode items = node.get("items");
        if (items != null && items.isObject() && path.size() > 0) {
            walk(root, items, append(path, "[]"), null, 0, depth + 1);
        }
    }

    private static List<String> append(List<String> path, String segment) {
        List<String> p = new ArrayList<>(path);
        p.add(segment);
        return List.copyOf(p);
    }
}
