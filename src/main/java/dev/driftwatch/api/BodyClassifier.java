package dev.driftwatch.api;

import com.networknt.schema.Error;
import dev.driftwatch.check.Finding;
import dev.driftwatch.contract.JsonSchemaFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Classifies a provider's JSON body against the response schema, following the response side of the
 * breaking-change rules. The schema declares what the provider documents and requires what our code reads:
 * a field we read that is missing or of another type breaks the contract; a declared field we do not read
 * that changes, a new value of a declared enum, and an undeclared field are release changes. Whether such a
 * change is news depends on what the check already knows, which {@link LiveCall#classify} judges.
 */
public final class BodyClassifier {
    private final JsonSchemaFile schema;
    private final KnownProperties known;

    public BodyClassifier(JsonSchemaFile schema) {
        this.schema = schema;
        this.known = new KnownProperties(schema.raw());
    }

    /**
     * A declared value that differs from what the schema says, where our code does not read it (a value outside
     * a declared enum, a field we do not read of another type): where, the value, and the finding that says so.
     */
    public record Deviation(String pointer, String value, Finding finding) {}

    /**
     * What the body told us: the findings that break the contract, every undeclared field (its pointer; array
     * items at their first index), and every deviation of a declared field we do not read.
     */
    public record Result(List<Finding> breaks, List<String> undeclared, List<Deviation> deviations) {
        /** Everything as findings, with the undeclared fields in one: what a first look at a body reports. */
        public List<Finding> findings() {
            List<Finding> out = new ArrayList<>(breaks);
            deviations.forEach(e -> out.add(e.finding()));
            if (!undeclared.isEmpty()) {
                out.add(BodyClassifier.added(undeclared, "the schema"));
            }
            return out;
        }
    }

    public Result classify(JsonNode body) {
        List<Finding> breaks = new ArrayList<>();
        List<Deviation> deviations = new ArrayList<>();
        Map<String, List<String>> alternatives = new LinkedHashMap<>();
        for (Error e : schema.validate(body)) {
            String path = String.valueOf(e.getEvaluationPath());
            if ("required".equals(e.getKeyword()) && (path.contains("anyOf") || path.contains("oneOf"))) {
                // Each branch of "b64_json or url" fails on its own: report the choice once, where it was made.
                alternatives.computeIfAbsent(JsonSchemaFile.pointer(e.getInstanceLocation()), k -> new ArrayList<>()).add(e.getProperty());
            } else if ("enum".equals(e.getKeyword()) || "const".equals(e.getKeyword())) {
                String at = JsonSchemaFile.pointer(e.getInstanceLocation());
                JsonNode actual = body.at(at);
                deviations.add(new Deviation(at, excerpt(actual), Finding.warning("response-property-enum-value-added", at,
                        "one of " + e.getSchemaNode(), excerpt(actual))));
            } else if (!known.isRead(JsonSchemaFile.pointer(e.getInstanceLocation()))) {
                // A declared field our code does not read changed: news about the provider, not a break of ours.
                String at = JsonSchemaFile.pointer(e.getInstanceLocation());
                JsonNode actual = body.at(at);
                String value = kind(actual) + " " + excerpt(actual);
                deviations.add(new Deviation(at, value, Finding.warning("response-property-changed", at,
                        e.getKeyword() + " " + String.valueOf(e.getSchemaNode()).replace("\"", "") + " (declared; not read)", value)));
            } else {
                breaks.add(finding(e, body));
            }
        }
        alternatives.forEach((at, names) -> breaks.add(Finding.error("response-property-removed", at, String.join(" or ", names), "none of them")));
        return new Result(breaks, known.undeclared(body), deviations);
    }

    /** The finding for properties the schema does not declare, first seen now. */
    Finding added(List<String> pointers) {
        return added(pointers, String.valueOf(schema.path().getFileName()));
    }

    private static Finding added(List<String> pointers, String schemaName) {
        return Finding.info("response-property-added", String.join(", ", pointers), "only the properties declared in " + schemaName,
                "new " + (pointers.size() == 1 ? "property " : "properties ") + String.join(", ", pointers));
    }

    private static Finding finding(Error e, JsonNode body) {
        String at = JsonSchemaFile.pointer(e.getInstanceLocation());
        JsonNode actual = body.at(at);
        switch (e.getKeyword()) {
            case "required":
                return Finding.error("response-property-removed", at + "/" + e.getProperty(), "present", "missing");
            case "type":
                return Finding.error("response-property-type-changed", at, String.valueOf(e.getSchemaNode()).replace("\"", ""),
                        kind(actual) + " " + excerpt(actual));
            case "anyOf":
            case "oneOf":
                return Finding.error("response-property-removed", at, alternatives(e.getSchemaNode()), "none of them");
            case "minItems":
                return Finding.error("response-items-missing", at, "at least " + e.getSchemaNode() + " item(s)", actual.size() + " item(s)");
            default:
                return Finding.error("response-schema-violation", at, e.getKeyword() + " " + e.getSchemaNode(), e.getMessage());
        }
    }

    /** For {@code anyOf: [{required:[b64_json]},{required:[url]}]}: "b64_json or url". */
    private static String alternatives(JsonNode branches) {
        List<String> names = new ArrayList<>();
        for (JsonNode b : branches) {
            b.path("required").forEach(r -> names.add(r.asString()));
        }
        return names.isEmpty() ? "one of the allowed shapes" : String.join(" or ", names);
    }

    static String kind(JsonNode n) {
        if (n.isMissingNode()) {
            return "missing";
        }
        if (n.isIntegralNumber()) {
            return "integer";
        }
        if (n.isNumber()) {
            return "number";
        }
        if (n.isString()) {
            return "string";
        }
        if (n.isBoolean()) {
            return "boolean";
        }
        return n.isNull() ? "null" : n.isArray() ? "array" : "object";
    }

    /** A short rendering of a value for findings; long strings (base64 images) are cut. */
    public static String excerpt(JsonNode n) {
        String s = n.isString() ? "\"" + n.asString() + "\"" : String.valueOf(n);
        return cut(s, 80);
    }

    /** {@code s}, at most {@code max} characters, ending with "..." when cut. */
    static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max - 3) + "..." : s;
    }
}
