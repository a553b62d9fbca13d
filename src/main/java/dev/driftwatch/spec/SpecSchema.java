package dev.driftwatch.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A place in a pinned document: a schema node and the JSON pointer where the spec writes it. Walking follows local
 * {@code $ref}s (so the pointer names the component, as the provider's own document does), looks through a nullable
 * {@code anyOf [X, null]} and through {@code allOf}, and never loops: a reference cycle ends after a bounded number of hops.
 */
record SpecSchema(JsonNode root, JsonNode node, String pointer) {
    private static final int MAX_HOPS = 64;

    /** The node at {@code pointer} ({@code /paths/~1images~1generations/post}) of {@code root}, if there is one. */
    static Optional<SpecSchema> at(JsonNode root, String pointer) {
        JsonNode n = root.at(pointer);
        return n.isMissingNode() ? Optional.empty() : Optional.of(new SpecSchema(root, n, pointer).resolved());
    }

    /** Where a local {@code $ref} (and a nullable wrapper) lead. */
    SpecSchema resolved() {
        SpecSchema here = this;
        for (int hops = 0; hops < MAX_HOPS; hops++) {
            JsonNode ref = here.node.get("$ref");
            if (ref != null && ref.isString() && ref.asString().startsWith("#/")) {
                String target = ref.asString().substring(1);
                JsonNode n = root.at(target);
                if (n.isMissingNode()) {
                    return here;
                }
                here = new SpecSchema(root, n, target);
                continue;
            }
            Optional<SpecSchema> inner = here.nonNullBranch();
            if (inner.isEmpty()) {
                return here;
            }
            here = inner.get();
        }
        return here;
    }

    /** X of {@code anyOf: [X, {type: 'null'}]} (or oneOf): 3.1's way of writing a nullable X. */
    private Optional<SpecSchema> nonNullBranch() {
        for (String key : List.of("anyOf", "oneOf")) {
            JsonNode branches = node.get(key);
            if (branches == null || !branches.isArray() || branches.size() != 2) {
                continue;
            }
            for (int i = 0; i < 2; i++) {
                JsonNode other = branches.get(1 - i);
                if (branches.get(i).size() == 1 && "null".equals(branches.get(i).path("type").asString(null))) {
                    return Optional.of(new SpecSchema(root, other, pointer + "/" + key + "/" + (1 - i)));
                }
            }
        }
        return Optional.empty();
    }

    /** The branches of {@code key} (allOf, anyOf, oneOf), each resolved; null branches left out. */
    List<SpecSchema> branches(String key) {
        List<SpecSchema> out = new ArrayList<>();
        JsonNode branches = node.get(key);
        if (branches != null && branches.isArray()) {
            for (int i = 0; i < branches.size(); i++) {
                if (!"null".equals(branches.get(i).path("type").asString(null))) {
                    out.add(new SpecSchema(root, branches.get(i), pointer + "/" + key + "/" + i).resolved());
                }
            }
        }
        return out;
    }

    /** The property {@code name} as the spec declares it, here or in one of the composed branches. */
    Optional<SpecSchema> property(String name) {
        return property(name, 0);
    }

    private Optional<SpecSchema> property(String name, int depth) {
        JsonNode p = node.path("properties").get(name);
        if (p != null) {
            return Optional.of(new SpecSchema(root, p, pointer + "/properties/" + escape(name)));
        }
        if (depth < 8) {
            for (String key : List.of("allOf", "anyOf", "oneOf")) {
                for (SpecSchema b : branches(key)) {
                    Optional<SpecSchema> found = b.property(name, depth + 1);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** True when every instance must carry {@code name}: required here, in an allOf branch, or in every anyOf/oneOf branch. */
    boolean requires(String name) {
        return requires(name, 0);
    }

    private boolean requires(String name, int depth) {
        for (JsonNode r : node.path("required")) {
            if (name.equals(r.asString(null))) {
                return true;
            }
        }
        if (depth >= 8) {
            return false;
        }
        if (branches("allOf").stream().anyMatch(b -> b.requires(name, depth + 1))) {
            return true;
        }
        for (String key : List.of("anyOf", "oneOf")) {
            List<SpecSchema> bs = branches(key);
            if (!bs.isEmpty() && bs.stream().allMatch(b -> b.requires(name, depth + 1))) {
                return true;
            }
        }
        return false;
    }

    /** The schema of the items, if this is an array. */
    Optional<SpecSchema> items() {
        JsonNode items = node.get("items");
        return items == null || !items.isObject() ? Optional.empty() : Optional.of(new SpecSchema(root, items, pointer + "/items").resolved());
    }

    /** The values of every {@code enum} here or in a composed branch; empty when none is written. */
    List<String> enumValues() {
        List<String> out = new ArrayList<>();
        node.path("enum").forEach(v -> out.add(v.asString("")));
        for (String key : List.of("anyOf", "oneOf", "allOf")) {
            branches(key).forEach(b -> b.node.path("enum").forEach(v -> out.add(v.asString(""))));
        }
        return out;
    }

    /** True when an enum is written and every branch has one: no free-form value is accepted besides them. */
    boolean enumIsClosed() {
        if (node.has("enum")) {
            return true;
        }
        List<SpecSchema> bs = new ArrayList<>(branches("anyOf"));
        bs.addAll(branches("oneOf"));
        return !bs.isEmpty() && bs.stream().allMatch(b -> b.node.has("enum"));
    }

    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** The pointer as a finding names it: {@code #/components/schemas/ImagesResponse/properties/data}. */
    String where() {
        return "#" + pointer;
    }
}
