package dev.driftwatch.api;

import com.networknt.schema.Error;
import dev.driftwatch.check.Finding;
import dev.driftwatch.contract.JsonSchemaFile;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Classifies a provider's JSON body against the schema of what we read, following the response
 * side of the breaking-change rules: a read field missing or of another type breaks the contract;
 * a new value of a declared enum and an undeclared field are release changes. An undeclared field
 * already seen at an earlier run is remembered, not announced again.
 */
public final class BodyClassifier {
    private final JsonSchemaFile schema;
    private final KnownProperties known;

    public BodyClassifier(JsonSchemaFile schema) {
        this.schema = schema;
        this.known = new KnownProperties(schema.raw());
    }

    /** What the body told us: findings, and every undeclared field seen (to remember for next time). */
    public record Result(List<Finding> findings, List<String> undeclared) {}

    public Result classify(JsonNode body, Collection<String> undeclaredSeenBefore) {
        List<Finding> findings = new ArrayList<>();
        Map<String, List<String>> alternatives = new LinkedHashMap<>();
        for (Error e : schema.validate(body)) {
            String path = String.valueOf(e.getEvaluationPath());
            if ("required".equals(e.getKeyword()) && (path.contains("anyOf") || path.contains("oneOf"))) {
                // Each branch of "b64_json or url" fails on its own: report the choice once, where it was made.
                alternatives.computeIfAbsent(JsonSchemaFile.pointer(e.getInstanceLocation()), k -> new ArrayList<>()).add(e.getProperty());
            } else {
                findings.add(finding(e, body));
            }
        }
        alternatives.forEach((at, names) -> findings.add(Finding.error("response-property-removed", at, String.join(" or ", names), "none of them")));
        List<String> undeclared = known.undeclared(body);
        List<String> fresh = undeclared.stream().filter(p -> !undeclaredSeenBefore.contains(p)).toList();
        if (!fresh.isEmpty()) {
            findings.add(Finding.info("response-property-added", String.join(", ", fresh),
                    "only the properties declared in " + schema.path().getFileName(), "new " + (fresh.size() == 1 ? "property " : "properties ") + String.join(", ", fresh)));
        }
        return new Result(findings, undeclared);
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
            case "enum":
            case "const":
                return Finding.warning("response-property-enum-value-added", at, "one of " + e.getSchemaNode(), excerpt(actual));
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
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
