package dev.driftwatch.spec;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import dev.driftwatch.check.CheckRun;
import dev.driftwatch.check.Finding;
import dev.driftwatch.contract.JsonSchemaFile;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pinned contract held against the current spec, on every run whether the spec changed or not: the pinned request
 * must validate against the spec's request schema ({@code spec-request-rejected}); every field the contract reads must be
 * declared ({@code spec-read-field-missing}) and required ({@code spec-read-field-optional}) by the spec's success
 * response; the pinned model must be in the spec's model enum when it has one; a {@code deprecated: true} on the operation
 * or on a field the pinned request sends is news with its text, then a standing warning.
 */
final class ContractHold {
    /** Known-state subjects of the conditions that stand while the spec says so. */
    static final String MODEL_UNLISTED = "spec:model-unlisted";
    static final String DEPRECATED = "spec:deprecated:";
    private static final int MAX_REJECTIONS = 5;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry OPENAPI_30 = registry(Dialects.getOpenApi30());
    private static final SchemaRegistry OPENAPI_31 = registry(Dialects.getOpenApi31());

    /**
     * The spec's dialect, with the keywords JSON Schema does not know (the document's {@code components}, vendor
     * extensions like {@code x-oaiTypeLabel}) read as annotations: the validator would otherwise log a warning for
     * each, on every run.
     */
    private static SchemaRegistry registry(Dialect dialect) {
        return SchemaRegistry.withDialect(Dialect.builder(dialect).unknownKeywordFactory((name, context) -> new AnnotationKeyword(name)).build());
    }

    private final ContractView contract;
    private final OperationRef pinned;
    private final JsonNode root;
    private final String operationPointer;

    ContractHold(ContractView contract, OperationRef pinned, String pinnedJson) {
        this.contract = contract;
        this.pinned = pinned;
        this.root = JSON.readTree(pinnedJson);
        this.operationPointer = "/paths/" + SpecSchema.escape(pinned.path()) + "/" + pinned.method();
    }

    /** The model IDs the spec's request schema lists for {@code model}; empty when it lists none. */
    List<String> models() {
        return requestSchema().flatMap(s -> s.property("model")).map(SpecSchema::resolved).map(SpecSchema::enumValues).orElse(List.of());
    }

    /** Where the spec writes the request's {@code model}, for findings about its models. */
    String modelsWhere() {
        return requestSchema().flatMap(s -> s.property("model")).map(SpecSchema::where).orElse("#" + operationPointer);
    }

    void judge(CheckRun run) {
        request(run);
        reads(run);
        model(run);
        deprecations(run);
    }

    /** The pinned request against the spec's request schema, validated as the spec's own dialect reads it. */
    private void request(CheckRun run) {
        Optional<String> mediaType = jsonMediaType(root.at(operationPointer + "/requestBody/content"));
        if (mediaType.isEmpty()) {
            return; // the spec does not describe a JSON body: nothing to validate against
        }
        String schemaPointer = operationPointer + "/requestBody/content/" + SpecSchema.escape(mediaType.get()) + "/schema";
        ObjectNode schema = JSON.createObjectNode();
        JsonNode written = root.at(schemaPointer);
        written.properties().forEach(e -> schema.set(e.getKey(), e.getValue()));
        schema.set("components", root.path("components"));
        Schema compiled;
        try {
            compiled = (root.path("openapi").asString("").startsWith("3.0") ? OPENAPI_30 : OPENAPI_31).getSchema(schema);
        } catch (RuntimeException e) {
            run.add(Finding.warning("spec-schema-unreadable", "#" + schemaPointer, "a request schema JSON Schema can read", oneLine(e.getMessage())));
            return;
        }
        List<Error> errors;
        try {
            errors = compiled.validate(contract.request());
        } catch (RuntimeException e) {
            run.add(Finding.warning("spec-schema-unreadable", "#" + schemaPointer, "a request schema JSON Schema can read", oneLine(e.getMessage())));
            return;
        }
        Map<String, String> byField = new LinkedHashMap<>();
        for (Error e : errors) {
            String field = JsonSchemaFile.pointer(e.getInstanceLocation());
            byField.putIfAbsent(field, e.getMessage());
        }
        int n = 0;
        for (Map.Entry<String, String> e : byField.entrySet()) {
            if (n++ == MAX_REJECTIONS) {
                break;
            }
            List<String> path = e.getKey().isEmpty() ? List.of() : List.of(e.getKey().substring(1).split("/"));
            String where = requestSchema().map(s -> locate(s, path)).orElse("#" + schemaPointer);
            String sent = path.isEmpty() ? "the pinned request" : e.getKey().substring(1) + " = " + contract.sent(path).map(JsonNode::toString).orElse("(absent)");
            run.add(Finding.error("spec-request-rejected", where, sent + " valid against the spec's request schema", oneLine(e.getValue())));
        }
    }

    /** Every field the contract reads, in the spec's JSON success response: declared, and required where the contract requires it. */
    private void reads(CheckRun run) {
        JsonNode responses = root.at(operationPointer + "/responses");
        String code = null;
        for (Iterator<String> it = responses.propertyNames().iterator(); it.hasNext(); ) {
            String c = it.next();
            if (c.startsWith("2") && jsonMediaType(responses.path(c).path("content")).isPresent() && (code == null || c.equals("200"))) {
                code = c;
            }
        }
        if (code == null) {
            run.add(Finding.error("spec-read-field-missing", "#" + operationPointer + "/responses", "a JSON success response carrying the fields your contract reads",
                    "the spec documents none"));
            return;
        }
        String mt = jsonMediaType(responses.path(code).path("content")).orElseThrow();
        SpecSchema response = SpecSchema.at(root, operationPointer + "/responses/" + code + "/content/" + SpecSchema.escape(mt) + "/schema").orElseThrow();
        String status = code;
        Map<String, List<ContractView.ReadField>> alternatives = new LinkedHashMap<>();
        for (ContractView.ReadField field : contract.reads()) {
            if (field.alternatives() != null) {
                alternatives.computeIfAbsent(field.alternatives(), k -> new ArrayList<>()).add(field);
                continue;
            }
            Walked w = walk(response, field.path());
            if (w.missing() != null) {
                run.add(Finding.error("spec-read-field-missing", w.reached().where(), field.name() + " in the HTTP " + code + " response (your contract reads it)",
                        "not declared by the spec"));
            } else if (!w.required()) {
                run.add(Finding.error("spec-read-field-optional", w.reached().where(), field.name() + " required in the HTTP " + code + " response (your contract reads it)",
                        "optional: the spec allows a response without it"));
            }
        }
        // Fields read as alternatives (url or b64_json): one branch whose fields the spec all declares is enough.
        alternatives.forEach((set, fields) -> {
            Map<Integer, Boolean> declared = new LinkedHashMap<>();
            for (ContractView.ReadField f : fields) {
                declared.merge(f.branch(), walk(response, f.path()).missing() == null, Boolean::logicalAnd);
            }
            if (!declared.containsValue(true)) {
                ContractView.ReadField first = fields.get(0);
                run.add(Finding.error("spec-read-field-missing", walk(response, first.path()).reached().where(),
                        "one of " + String.join(", ", fields.stream().map(ContractView.ReadField::name).toList()) + " in the HTTP " + status + " response",
                        "none declared by the spec"));
            }
        });
    }

    private record Walked(SpecSchema reached, String missing, boolean required) {}

    /** The field at {@code path}: where the walk got to, the segment it did not find, and whether its parent requires the field. */
    private static Walked walk(SpecSchema start, List<String> path) {
        SpecSchema here = start;
        boolean required = true;
        for (int i = 0; i < path.size(); i++) {
            String segment = path.get(i);
            boolean last = i == path.size() - 1;
            if (last && !segment.equals("[]")) {
                required = here.requires(segment); // a parent read but optional is reported as a field of its own
            }
            Optional<SpecSchema> next = segment.equals("[]") ? here.items() : here.property(segment);
            if (next.isEmpty()) {
                return new Walked(here, segment, false);
            }
            here = last ? next.get() : next.get().resolved();
        }
        return new Walked(here, null, required);
    }

    /** The pinned model among the models the spec's request schema lists, when it lists any. */
    private void model(CheckRun run) {
        Optional<SpecSchema> model = requestSchema().flatMap(s -> s.property("model"));
        List<String> listed = model.map(SpecSchema::resolved).map(SpecSchema::enumValues).orElse(List.of());
        String pinnedModel = contract.contract().model();
        if (listed.isEmpty() || listed.contains(pinnedModel)) {
            if (!listed.isEmpty() && run.known().value(MODEL_UNLISTED).isPresent()) {
                // The spec caught up with the model the contract pins: worth telling once.
                run.announce(Finding.info("spec-model-listed", model.get().where(), pinnedModel + " not among the models the spec lists",
                        pinnedModel + " now listed"));
            }
            run.forget(MODEL_UNLISTED);
            return;
        }
        if (model.get().resolved().enumIsClosed()) {
            run.forget(MODEL_UNLISTED); // a closed enum already rejected the pinned request above
            return;
        }
        run.condition(MODEL_UNLISTED, pinnedModel, Finding.warning("spec-model-unlisted", model.get().where(),
                pinnedModel + " among the models the spec lists", "not listed (the spec lists " + String.join(", ", listed)
                        + "; it accepts other IDs, so the live checks decide)"));
    }

    /** {@code deprecated: true} on the operation, or on a field the pinned request sends: news once, a warning while it stands. */
    private void deprecations(CheckRun run) {
        JsonNode op = root.at(operationPointer);
        deprecated(run, DEPRECATED + "operation", op, "#" + operationPointer, pinned.toString());
        Optional<SpecSchema> request = requestSchema();
        for (Iterator<String> it = contract.request().propertyNames().iterator(); it.hasNext(); ) {
            String field = it.next();
            Optional<SpecSchema> declared = request.flatMap(s -> s.property(field));
            if (declared.isPresent()) {
                JsonNode n = declared.get().node().has("deprecated") ? declared.get().node() : declared.get().resolved().node();
                deprecated(run, DEPRECATED + "field:" + field, n, declared.get().where(), "request field " + field);
            } else {
                run.forget(DEPRECATED + "field:" + field);
            }
        }
    }

    private static void deprecated(CheckRun run, String subject, JsonNode node, String where, String what) {
        if (!node.path("deprecated").asBoolean(false)) {
            run.forget(subject);
            return;
        }
        String text = oneLine(node.path("description").asString(node.path("summary").asString("")));
        run.condition(subject, "deprecated", Finding.warning(what.startsWith("request field") ? "spec-field-deprecated" : "spec-operation-deprecated", where,
                what + " current", "deprecated" + (text.isEmpty() ? "" : ": " + (text.length() > 300 ? text.substring(0, 300) + "…" : text))));
    }

    private Optional<SpecSchema> requestSchema() {
        return jsonMediaType(root.at(operationPointer + "/requestBody/content"))
                .flatMap(mt -> SpecSchema.at(root, operationPointer + "/requestBody/content/" + SpecSchema.escape(mt) + "/schema"));
    }

    /** Where the spec writes the field at {@code path} of the request. */
    private static String locate(SpecSchema schema, List<String> path) {
        SpecSchema here = schema;
        for (String segment : path) {
            Optional<SpecSchema> next = here.property(segment);
            if (next.isEmpty()) {
                return here.where();
            }
            here = next.get();
        }
        return here.where();
    }

    /** application/json when the content has it, else the first JSON media type. */
    private static Optional<String> jsonMediaType(JsonNode content) {
        if (content.has("application/json")) {
            return Optional.of("application/json");
        }
        for (Iterator<String> it = content.propertyNames().iterator(); it.hasNext(); ) {
            String mt = it.next();
            if (mt.toLowerCase(Locale.ROOT).contains("json")) {
                return Optional.of(mt);
            }
        }
        return Optional.empty();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }
}
