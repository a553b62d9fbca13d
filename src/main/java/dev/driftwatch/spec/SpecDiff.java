package dev.driftwatch.spec;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.driftwatch.check.Finding;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openapitools.openapidiff.core.compare.OpenApiDiff;
import org.openapitools.openapidiff.core.compare.OpenApiDiffOptions;
import org.openapitools.openapidiff.core.model.ChangedApiResponse;
import org.openapitools.openapidiff.core.model.ChangedContent;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.model.ChangedOperation;
import org.openapitools.openapidiff.core.model.ChangedSchema;
import org.openapitools.openapidiff.core.model.Endpoint;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two readings of the pinned operations compared by openapi-diff, each difference classified by which way the data
 * flows (requests break when narrowed, responses when widened, as oasdiff and openapi-diff judge) and by what this contract sends and reads: a field the
 * contract reads removed, made optional, nullable or of another type, a value the pinned request sends taken out of
 * an enum, a field it sends removed, a new required field it does not send, the JSON success response gone → a break;
 * anything else openapi-diff sees (new optional fields, widened enums, new media types and statuses, constraints,
 * deprecations) → release news. Each finding names the spec pointer and carries a short unified excerpt.
 */
final class SpecDiff {
    /** Enough of a diff to see the change in an alert; both readings are in the audit trail. */
    private static final int EXCERPT_LINES = 10;
    private static final int LINE_CHARS = 140;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    enum Side { REQUEST, RESPONSE }

    /** What changed: the breaks, the news, and a note when only text (descriptions, examples) changed. */
    record Changes(List<Finding> breaks, List<Finding> news, List<Finding> notes) {}

    private final ContractView contract;
    private final OperationRef pinned;
    private final JsonNode oldRoot;
    private final JsonNode newRoot;
    private final String since;
    private final List<Finding> breaks = new ArrayList<>();
    private final List<Finding> news = new ArrayList<>();
    /** The request's model enum changed: judged member by member by the check, so not "only text". */
    private boolean modelsChanged;

    private SpecDiff(ContractView contract, OperationRef pinned, String oldJson, String newJson, String since) {
        this.contract = contract;
        this.pinned = pinned;
        this.oldRoot = JSON.readTree(oldJson);
        this.newRoot = JSON.readTree(newJson);
        this.since = since;
    }

    /** The differences between the reading {@code since} ({@code oldJson}) and this one, judged for {@code contract}. */
    static Changes between(ContractView contract, OperationRef pinned, String oldJson, String newJson, String since) throws SpecProblem {
        SpecDiff d = new SpecDiff(contract, pinned, oldJson, newJson, since);
        ChangedOpenApi diff = OpenApiDiff.compare(SpecReader.parse(DiffView.of(oldJson)), SpecReader.parse(DiffView.of(newJson)),
                OpenApiDiffOptions.builder().build());
        d.endpoints(diff);
        diff.getChangedOperations().forEach(d::operation);
        List<Finding> notes = new ArrayList<>();
        if (d.breaks.isEmpty() && d.news.isEmpty() && !d.modelsChanged) {
            notes.add(Finding.info("spec-text-changed", "#/paths", "the pinned operations as read " + since,
                    "only descriptions or examples changed" + d.excerpt("", "")));
        }
        return new Changes(List.copyOf(d.breaks), List.copyOf(d.news), notes);
    }

    private void endpoints(ChangedOpenApi diff) {
        for (Endpoint e : diff.getMissingEndpoints()) {
            String op = e.getMethod() + " " + e.getPathUrl();
            add(isPinned(e.getPathUrl(), e.getMethod().toString()),
                    Finding.info("api-removed", "#" + opPointer(e.getPathUrl(), e.getMethod().toString()), op + " in the spec", "removed"));
        }
        for (Endpoint e : diff.getNewEndpoints()) {
            news.add(Finding.info("api-added", "#" + opPointer(e.getPathUrl(), e.getMethod().toString()), "the operations as read " + since,
                    e.getMethod() + " " + e.getPathUrl() + " added"));
        }
    }

    private void operation(ChangedOperation op) {
        String method = op.getHttpMethod().toString();
        String base = opPointer(op.getPathUrl(), method);
        boolean isPinned = isPinned(op.getPathUrl(), method);
        if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
            ChangedContent content = op.getRequestBody().getContent();
            for (String mt : content.getMissing().keySet()) {
                add(isPinned && isJson(mt), Finding.info("request-body-media-type-removed", "#" + base + "/requestBody/content/" + SpecSchema.escape(mt),
                        mt + " accepted", "no longer accepted"));
            }
            for (String mt : content.getIncreased().keySet()) {
                news.add(Finding.info("request-body-media-type-added", "#" + base + "/requestBody/content/" + SpecSchema.escape(mt), "the media types as read " + since, mt + " accepted"));
            }
            content.getChanged().forEach((mt, changed) -> schema(Side.REQUEST, isPinned, changed.getSchema(),
                    base + "/requestBody/content/" + SpecSchema.escape(mt) + "/schema", List.of()));
        }
        ChangedApiResponse responses = op.getApiResponses();
        if (responses == null) {
            return;
        }
        for (String code : responses.getMissing().keySet()) {
            add(isPinned && code.startsWith("2"), Finding.info("response-success-status-removed", "#" + base + "/responses/" + code,
                    "HTTP " + code + " documented", "no longer documented"));
        }
        for (String code : responses.getIncreased().keySet()) {
            news.add(Finding.info("response-status-added", "#" + base + "/responses/" + code, "the responses as read " + since, "HTTP " + code + " documented"));
        }
        for (Map.Entry<String, org.openapitools.openapidiff.core.model.ChangedResponse> r : responses.getChanged().entrySet()) {
            String code = r.getKey();
            ChangedContent content = r.getValue().getContent();
            if (content == null) {
                continue;
            }
            boolean reads = isPinned && code.startsWith("2");
            for (String mt : content.getMissing().keySet()) {
                add(reads && isJson(mt), Finding.info("response-media-type-removed", "#" + base + "/responses/" + code + "/content/" + SpecSchema.escape(mt),
                        "HTTP " + code + " answered as " + mt, "no longer"));
            }
            for (String mt : content.getIncreased().keySet()) {
                news.add(Finding.info("response-media-type-added", "#" + base + "/responses/" + code + "/content/" + SpecSchema.escape(mt),
                        "HTTP " + code + " as read " + since, "also answered as " + mt));
            }
            content.getChanged().forEach((mt, changed) -> schema(Side.RESPONSE, reads && isJson(mt), changed.getSchema(),
                    base + "/responses/" + code + "/content/" + SpecSchema.escape(mt) + "/schema", List.of()));
        }
    }

    /**
     * One changed schema at {@code path} below {@code base}. {@code ours}: the schema is the pinned request's, or the
     * success response the contract reads; elsewhere (the models list) every change is news.
     */
    private void schema(Side side, boolean ours, ChangedSchema s, String base, List<String> path) {
        if (s == null) {
            return;
        }
        String prefix = side == Side.REQUEST ? "request-" : "response-";
        for (String name : s.getIncreasedProperties().keySet()) {
            List<String> p = append(path, name);
            boolean required = s.getNewSchema() != null && s.getNewSchema().getRequired() != null && s.getNewSchema().getRequired().contains(name);
            Finding f = finding(side == Side.REQUEST && required ? "new-required-request-property" : prefix + "property-added", newRoot, base, p, false,
                    "the fields as read " + since, (required ? "new required field " : "new optional field ") + name);
            addInfo(ours && side == Side.REQUEST && required && contract.sent(p).isEmpty(), f);
        }
        for (String name : s.getMissingProperties().keySet()) {
            List<String> p = append(path, name);
            boolean depends = ours && (side == Side.REQUEST ? contract.sent(p).isPresent() : contract.reads(p));
            add(depends, finding(prefix + "property-removed", oldRoot, base, p, false, name + (depends ? (side == Side.REQUEST ? " (the pinned request sends it)" : " (your contract reads it)") : ""),
                    "removed"));
        }
        if (s.getRequired() != null) {
            for (String name : s.getRequired().getIncreased()) {
                List<String> p = append(path, name);
                addInfo(ours && side == Side.REQUEST && contract.sent(p).isEmpty(), finding(prefix + "property-became-required", newRoot, base, p, true,
                        name + " optional", "required"));
            }
            for (String name : s.getRequired().getMissing()) {
                List<String> p = append(path, name);
                boolean reads = ours && side == Side.RESPONSE && contract.reads(p);
                put(reads, side == Side.RESPONSE, finding(prefix + "property-became-optional", newRoot, base, p, true,
                        name + " required" + (reads ? " (your contract reads it)" : ""), "optional: a response may leave it out"));
            }
        }
        if (s.getEnumeration() != null && side == Side.REQUEST && path.equals(List.of("model"))) {
            modelsChanged = true;
        } else if (s.getEnumeration() != null) {
            // The model enum is followed member by member (new models, removed ones) by the check itself.
            List<String> added = s.getEnumeration().getIncreased().stream().map(String::valueOf).toList();
            if (!added.isEmpty()) {
                // A response value the client may not know is worth a warning; a request value is a new capability.
                Finding f = finding(prefix + "property-enum-value-added", newRoot, base, path, false, "the values of " + name(path) + " as read " + since,
                        "new value" + (added.size() > 1 ? "s " : " ") + String.join(", ", added));
                put(false, side == Side.RESPONSE, f);
            }
            Optional<JsonNode> sent = side == Side.REQUEST ? contract.sent(path) : Optional.empty();
            List<String> removed = s.getEnumeration().getMissing().stream().map(String::valueOf).toList();
            if (!removed.isEmpty()) {
                boolean sends = ours && sent.isPresent() && removed.contains(sent.get().asString(""));
                Finding f = finding(prefix + "property-enum-value-removed", newRoot, base, path, false,
                        name(path) + " " + (sends ? sent.get().asString("") + " accepted (the pinned request sends it)" : String.join(", ", removed) + " accepted"),
                        "no longer listed: " + String.join(", ", removed));
                put(sends, side == Side.REQUEST, f);
            }
        }
        typeAndShape(side, ours, s, base, path, prefix);
        s.getChangedProperties().forEach((name, changed) -> schema(side, ours, changed, base, append(path, name)));
        schema(side, ours, s.getItems(), base, append(path, "[]"));
    }

    private void typeAndShape(Side side, boolean ours, ChangedSchema s, String base, List<String> path, String prefix) {
        boolean reads = ours && side == Side.RESPONSE && !path.isEmpty() && contract.reads(path);
        String oldType = typeOf(s.getOldSchema());
        String newType = typeOf(s.getNewSchema());
        if (s.isChangedType() && oldType != null && newType != null && !oldType.equals(newType)) {
            add(reads, finding(prefix + "property-type-changed", newRoot, base, path, false, name(path) + " of type " + oldType, "type " + newType));
        } else if (!formatOf(s.getOldSchema()).equals(formatOf(s.getNewSchema()))) {
            news.add(finding(prefix + "property-format-changed", newRoot, base, path, false, name(path) + " format " + formatOf(s.getOldSchema()),
                    "format " + formatOf(s.getNewSchema())));
        } else if (s.isChangedType()) {
            // The same type, composed another way: OpenAI's size became "any string, or one of these" in 2026.
            String before = shape(SpecSchema.at(oldRoot, pointerOf(oldRoot, base, path)));
            String after = shape(SpecSchema.at(newRoot, pointerOf(newRoot, base, path)));
            if (!before.equals(after)) {
                put(false, reads, finding(prefix + "property-schema-changed", newRoot, base, path, false, name(path) + " as " + before, "now " + after));
            }
        }
        if (s.getNullable() != null && s.getNullable().isChanged().isDifferent()) {
            boolean nowNullable = Boolean.TRUE.equals(s.getNullable().getRight());
            addInfo(reads && nowNullable, finding(prefix + "property-became-" + (nowNullable ? "nullable" : "not-nullable"), newRoot, base, path, false,
                    name(path) + (nowNullable ? " never null" : " nullable"), nowNullable ? "may be null" : "never null"));
        }
        if (s.isChangeDeprecated() && !(side == Side.REQUEST && contract.sent(path).isPresent())) {
            // A field the pinned request sends is held as deprecated on every run (ContractHold); here the others.
            add(false, finding(prefix + "property-deprecated", newRoot, base, path, false, name(path) + " current", "deprecated"));
        }
        List<String> constraints = new ArrayList<>();
        if (s.getMaxLength() != null && s.getMaxLength().isChanged().isDifferent()) {
            constraints.add("maxLength " + s.getMaxLength().getOldValue() + " → " + s.getMaxLength().getNewValue());
        }
        if (s.getMinLength() != null && s.getMinLength().isChanged().isDifferent()) {
            constraints.add("minLength");
        }
        if (s.getNumericRange() != null && s.getNumericRange().isChanged().isDifferent()) {
            constraints.add("minimum/maximum");
        }
        if (s.getMaxItems() != null && s.getMaxItems().isChanged().isDifferent()) {
            constraints.add("maxItems");
        }
        if (s.getMinItems() != null && s.getMinItems().isChanged().isDifferent()) {
            constraints.add("minItems");
        }
        if (s.getPattern() != null && s.getPattern().isChanged().isDifferent()) {
            constraints.add("pattern");
        }
        if (s.getOneOfSchema() != null && s.getOneOfSchema().isChanged().isDifferent()) {
            constraints.add("oneOf");
        }
        if (!constraints.isEmpty()) {
            news.add(finding(prefix + "property-constraint-changed", newRoot, base, path, false, name(path) + " as read " + since,
                    String.join(", ", constraints) + " changed"));
        }
    }

    /** A change that breaks the contract when {@code breaks}; else news worth a warning (something was taken away). */
    private void add(boolean breaks, Finding f) {
        if (breaks) {
            this.breaks.add(Finding.error(f.rule(), f.pointer(), f.expected(), f.actual()));
        } else {
            news.add(Finding.warning(f.rule(), f.pointer(), f.expected(), f.actual()));
        }
    }

    /** A change that breaks the contract when {@code breaks}; else news for information (something was added or widened). */
    private void addInfo(boolean breaks, Finding f) {
        put(breaks, false, f);
    }

    /** A break when {@code breaks}; else news, as a warning when {@code warning} (it narrows what the client may rely on). */
    private void put(boolean breaks, boolean warning, Finding f) {
        if (breaks || warning) {
            add(breaks, f);
        } else {
            news.add(f);
        }
    }

    /**
     * A finding at the spec pointer of {@code path} in {@code root}, with the excerpt of what changed there: the field
     * itself, or ({@code required}) the {@code required} list of the schema holding it.
     */
    private Finding finding(String rule, JsonNode root, String base, List<String> path, boolean required, String expected, String actual) {
        String pointer = pointerOf(root, base, path);
        String excerpt;
        if (required && !path.isEmpty()) {
            String parent = pointerOf(root, base, path.subList(0, path.size() - 1));
            excerpt = excerpt(SpecSchema.at(root, parent).map(SpecSchema::pointer).orElse(parent) + "/required", path.get(path.size() - 1));
        } else {
            excerpt = excerpt(pointer, "");
        }
        return Finding.info(rule, "#" + pointer, expected, actual + excerpt);
    }

    /** The pointer where the spec writes the field at {@code path} below {@code base} (a property as declared, not resolved). */
    private static String pointerOf(JsonNode root, String base, List<String> path) {
        Optional<SpecSchema> here = SpecSchema.at(root, base);
        if (here.isEmpty()) {
            return base;
        }
        SpecSchema loc = here.get();
        for (int i = 0; i < path.size(); i++) {
            String segment = path.get(i);
            boolean last = i == path.size() - 1;
            Optional<SpecSchema> next = segment.equals("[]") ? loc.items() : loc.property(segment);
            if (next.isEmpty()) {
                return loc.pointer() + (segment.equals("[]") ? "/items" : "/properties/" + SpecSchema.escape(segment));
            }
            loc = last ? next.get() : next.get().resolved();
        }
        return loc.pointer();
    }

    /** A unified diff of what the two readings write at {@code pointer}, from the hunk that mentions {@code focus}. */
    private String excerpt(String pointer, String focus) {
        List<String> a = pretty(oldRoot.at(pointer));
        List<String> b = pretty(newRoot.at(pointer));
        List<String> unified = UnifiedDiffUtils.generateUnifiedDiff("as read " + since, "now", a, DiffUtils.diff(a, b), 1);
        if (unified.size() <= 2) {
            return "";
        }
        List<String> body = unified.subList(2, unified.size());
        int start = 0;
        for (int i = 0; i < body.size(); i++) {
            String line = body.get(i);
            if ((line.startsWith("+") || line.startsWith("-")) && (focus.isEmpty() || line.contains("\"" + focus + "\""))) {
                start = Math.max(0, i - 2);
                break;
            }
        }
        List<String> cut = body.subList(start, Math.min(body.size(), start + EXCERPT_LINES)).stream()
                .map(l -> l.length() > LINE_CHARS ? l.substring(0, LINE_CHARS) + "…" : l).toList();
        return "\n" + pointer + "\n" + String.join("\n", cut) + (start + EXCERPT_LINES < body.size() ? "\n..." : "");
    }

    private static List<String> pretty(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return List.of();
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node).lines().toList();
    }

    private boolean isPinned(String path, String method) {
        return path.equals(pinned.path()) && method.toLowerCase(Locale.ROOT).equals(pinned.method());
    }

    private static String opPointer(String path, String method) {
        return "/paths/" + SpecSchema.escape(path) + "/" + method.toLowerCase(Locale.ROOT);
    }

    private static boolean isJson(String mediaType) {
        String mt = mediaType.toLowerCase(Locale.ROOT);
        return mt.startsWith("application/json") || mt.contains("+json");
    }

    private static String typeOf(Schema<?> s) {
        if (s == null) {
            return null;
        }
        if (s.getType() != null) {
            return s.getType();
        }
        return s.getTypes() == null || s.getTypes().isEmpty() ? null : String.join("|", new java.util.TreeSet<>(s.getTypes()));
    }

    /** How a schema is written, in a few words: its type, or how many schemas it composes. */
    private static String shape(Optional<SpecSchema> schema) {
        if (schema.isEmpty()) {
            return "nothing";
        }
        JsonNode n = schema.get().node();
        for (String key : List.of("anyOf", "oneOf", "allOf")) {
            if (n.path(key).isArray()) {
                return key + " of " + n.path(key).size() + " schemas";
            }
        }
        return "type " + n.path("type").toString().replace("\"", "");
    }

    private static String formatOf(Schema<?> s) {
        return s == null || s.getFormat() == null ? "none" : s.getFormat();
    }

    private static String name(List<String> path) {
        return path.isEmpty() ? "the body" : String.join(".", path).replace(".[]", "[]");
    }

    private static List<String> append(List<String> path, String segment) {
        List<String> p = new ArrayList<>(path);
        p.add(segment);
        return List.copyOf(p);
    }
}
