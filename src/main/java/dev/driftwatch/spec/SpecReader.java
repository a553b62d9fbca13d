package dev.driftwatch.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.swagger.v3.parser.util.DeserializationUtils;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a provider's published OpenAPI document (JSON or YAML, OpenAPI 3.0 or 3.1) with swagger-parser and takes out the
 * operation a contract pins, with every component it references. Nothing is fetched: a {@code $ref} to another document
 * is refused with a reason, not followed; a reference cycle is walked once.
 */
public final class SpecReader {
    /** The largest document read: OpenAI's whole spec is about 3 MB of YAML. */
    public static final int MAX_CHARS = 16 * 1024 * 1024;
    private static final ObjectMapper CANONICAL = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    static {
        // swagger-parser's YAML limits are process-wide; its default (3 M code points) would refuse OpenAI's own spec.
        DeserializationUtils.getOptions().setMaxYamlCodePoints(MAX_CHARS);

    }

    private SpecReader() {
    }

    /** The operation {@code ref} of the document {@code text}, or why there is none. */
    public static PinnedOperation read(String text, OperationRef ref) throws SpecProblem {
        return read(text, ref, List.of());
    }

    /**
     * The operation {@code ref} of the document {@code text} with the {@code optional} ones it has (the models list),
     * or why there is none.
     */
    public static PinnedOperation read(String text, OperationRef ref, List<OperationRef> optional) throws SpecProblem {
        if (text == null || text.isBlank()) {
            throw new SpecProblem("spec-unreadable", "the document is empty");
        }
        if (text.length() > MAX_CHARS) {
            throw new SpecProblem("spec-unreadable", "the document has " + text.length() + " characters, more than " + MAX_CHARS);
        }
        boolean aliases = YamlExpansion.refuseBombs(text);
        JsonNode tree;
        try {
            if (aliases) {
                tree = DeserializationUtils.deserializeIntoTree(text, "spec");
            } else {
                Set<String> paths = new HashSet<>();
                paths.add(ref.path());
                optional.forEach(o -> paths.add(o.path()));
                tree = RelevantParts.of(text, paths);
            }
        } catch (RuntimeException | IOException e) {
            throw new SpecProblem("spec-unreadable", "it is neither JSON nor YAML: " + oneLine(e.getMessage()));
        }
        if (tree == null || !tree.isObject() || !tree.path("openapi").isTextual() || !tree.path("openapi").asText().startsWith("3.")) {
            throw new SpecProblem("spec-not-openapi", "it is not an OpenAPI 3 document (no 'openapi: 3.x' at its top)");
        }
        JsonNode operation = tree.path("paths").path(ref.path()).path(ref.method());
        if (!operation.isObject()) {
            throw new SpecProblem("spec-operation-missing", "the spec has no operation " + ref
                    + (tree.path("paths").has(ref.path()) ? " (the path is there, not that method)" : " (no such path)"));
        }
        PinnedOperation pinned = pin(tree, ref, optional);
        // The reference parser reads what is pinned (kilobytes), not the whole document (megabytes): what the rest of a
        // provider's spec says is not this contract's business, and reading it all would cost seconds and tens of MB.
        parse(pinned.json());
        return pinned;
    }

    /** The pinned document as swagger-parser's model, as openapi-diff compares it; never fetches anything. */
    static io.swagger.v3.oas.models.OpenAPI parse(String pinnedJson) throws SpecProblem {
        ParseOptions options = new ParseOptions();
        options.setResolve(false); // never fetch: a remote $ref was refused when pinning, not followed
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(pinnedJson, null, options);
        if (parsed == null || parsed.getOpenAPI() == null) {
            throw new SpecProblem("spec-not-openapi", "swagger-parser could not read it as OpenAPI"
                    + (parsed == null || parsed.getMessages() == null || parsed.getMessages().isEmpty() ? "" : ": " + oneLine(parsed.getMessages().get(0))));
        }
        return parsed.getOpenAPI();
    }

    /** The operations and the closure of the components they reference, each taken once (a cycle ends where it began). */
    private static PinnedOperation pin(JsonNode document, OperationRef ref, List<OperationRef> optional) throws SpecProblem {
        TreeSet<String> taken = new TreeSet<>();
        Deque<JsonNode> toWalk = new ArrayDeque<>();
        ObjectNode out = CANONICAL.createObjectNode();
        out.put("openapi", document.path("openapi").asText());
        ObjectNode info = out.putObject("info");
        info.put("title", document.path("info").path("title").asText("") + " (the operations a contract pins)");
        info.put("version", document.path("info").path("version").asText(""));
        ObjectNode paths = out.putObject("paths");
        List<OperationRef> missing = new ArrayList<>();
        List<OperationRef> all = new ArrayList<>();
        all.add(ref);
        all.addAll(optional);
        for (OperationRef r : all) {
            JsonNode operation = document.path("paths").path(r.path()).path(r.method());
            if (!operation.isObject()) {
                missing.add(r);
                continue;
            }
            JsonNode path = paths.get(r.path());
            (path == null ? paths.putObject(r.path()) : (ObjectNode) path).set(r.method(), operation);
            toWalk.add(operation);
        }
        Map<String, Map<String, JsonNode>> components = new TreeMap<>();
        while (!toWalk.isEmpty()) {
            for (String pointer : refsIn(toWalk.poll())) {
                if (!pointer.startsWith("#/")) {
                    throw new SpecProblem("spec-remote-ref", "it references another document (" + pointer + "), which driftwatch does not fetch:"
                            + " ask the provider for a bundled spec, or pin one that is");
                }
                if (!taken.add(pointer)) {
                    continue;
                }
                String[] parts = pointer.substring(2).split("/");
                JsonNode target = document.at(pointer.substring(1));
                if (parts.length != 3 || !parts[0].equals("components") || target.isMissingNode()) {
                    throw new SpecProblem("spec-not-openapi", "its reference " + pointer + " points at nothing in the document");
                }
                components.computeIfAbsent(unescape(parts[1]), k -> new TreeMap<>()).put(unescape(parts[2]), target);
                toWalk.add(target);
            }
        }
        ObjectNode comps = out.putObject("components");
        components.forEach((type, byName) -> {
            ObjectNode t = comps.putObject(type);
            byName.forEach(t::set);
        });
        try {
            return new PinnedOperation(document.path("openapi").asText(), ref, taken.stream().toList(), missing,
                    CANONICAL.writerWithDefaultPrettyPrinter().writeValueAsString(CANONICAL.treeToValue(out, Object.class)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SpecProblem("spec-unreadable", "its operation cannot be written as JSON: " + oneLine(e.getMessage()));
        }
    }

    /** Every {@code $ref} value in {@code node}, depth first. */
    private static Iterable<String> refsIn(JsonNode node) {
        TreeSet<String> refs = new TreeSet<>();
        Deque<JsonNode> stack = new ArrayDeque<>();
        stack.push(node);
        while (!stack.isEmpty()) {
            JsonNode n = stack.pop();
            if (n.isObject()) {
                JsonNode r = n.get("$ref");
                if (r != null && r.isTextual()) {
                    refs.add(r.asText());
                }
                for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
                    stack.push(it.next());
                }
            } else if (n.isArray()) {
                n.forEach(stack::push);
            }
        }
        return refs;
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("").strip();
    }
}
