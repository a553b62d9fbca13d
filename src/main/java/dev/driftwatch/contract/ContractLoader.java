package dev.driftwatch.contract;

import com.google.re2j.Pattern;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.driftwatch.config.ConfigError;
import dev.driftwatch.config.ConfigException;
import dev.driftwatch.config.ContractConfig;
import dev.driftwatch.config.EnvironmentConfig;
import dev.driftwatch.config.LoadedConfig;
import dev.driftwatch.config.UserRegex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns loaded checks.yaml into contracts: loads the schema files (relative to the directory of
 * checks.yaml), checks each against the JSON Schema 2020-12 metaschema and compiles it, and refuses a
 * pinned request that fails its own schema, pointing at the offending line.
 */
public final class ContractLoader {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<Path, JsonSchemaFile> cache = new HashMap<>();
    private Schema metaschema;

    public List<Contract> load(LoadedConfig loaded) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        List<Contract> contracts = new ArrayList<>();
        List<ContractConfig> configs = loaded.file().contracts();
        for (int i = 0; i < configs.size(); i++) {
            Contract c = contract(configs.get(i), "/contracts/" + i, loaded, errors);
            if (c != null) {
                contracts.add(c);
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(loaded.label(), errors);
        }
        return contracts;
    }

    private Contract contract(ContractConfig c, String at, LoadedConfig loaded, List<ConfigError> errors) {
        int before = errors.size();
        JsonSchemaFile request = schema(c.schemas().request(), at + "/schemas/request", loaded, errors);
        JsonSchemaFile response = schema(c.schemas().response(), at + "/schemas/response", loaded, errors);
        JsonSchemaFile error = schema(c.schemas().error(), at + "/schemas/error", loaded, errors);
        JsonSchemaFile models = schema(c.schemas().models(), at + "/schemas/models", loaded, errors);
        ObjectNode pinned = (ObjectNode) c.request();
        if (request != null) {
            for (Error e : request.validate(pinned)) {
                String pointer = JsonSchemaFile.pointer(e.getInstanceLocation());
                boolean extra = "additionalProperties".equals(e.getKeyword()) && e.getProperty() != null;
                String field = extra ? pointer + "/" + e.getProperty() : pointer;
                String yamlPointer = at + "/request" + field;
                // An extra field is pointed at by its key, a bad value by the value itself.
                var position = extra ? loaded.sourceMap().keyAt(yamlPointer) : loaded.sourceMap().valueAt(yamlPointer);
                errors.add(new ConfigError(position,
                        "the pinned request fails its own schema " + schemaPath(loaded, at + "/schemas/request", c.schemas().request())
                                + " at " + (field.isEmpty() ? "/" : field) + ": " + e.getMessage(),
                        "fix the request, or the schema if the provider really accepts this"));
            }
            checkInvalidField(c, at, loaded, request, pinned, errors);
        }
        if (errors.size() > before) {
            return null;
        }
        Pattern family = UserRegex.compile(c.modelFamily() != null ? c.modelFamily() : Pattern.quote(c.model()) + "([-.:@].*)?");
        List<Environment> envs = new ArrayList<>();
        for (Map.Entry<String, EnvironmentConfig> e : c.environments().entrySet()) {
            envs.add(new Environment(e.getKey(), e.getValue().baseUrl(), e.getValue().apiKeyEnv()));
        }
        return new Contract(c.id(), c.provider() == null ? "" : c.provider(), c.model(), family,
                c.endpoint().method().toUpperCase(java.util.Locale.ROOT), c.endpoint().path(), c.auth(), List.copyOf(envs),
                pinned, new ContractSchemas(request, response, error, models), c.docs(), c.specs(), c.checks());
    }

    /**
     * The endpoint check sends the pinned request with one value spoiled. If the schema still accepted
     * it, the provider might too, and bill for an image: refuse that configuration up front.
     */
    private void checkInvalidField(ContractConfig c, String at, LoadedConfig loaded, JsonSchemaFile request,
                                   ObjectNode pinned, List<ConfigError> errors) {
        if (!c.checks().endpoint().enabled()) {
            return;
        }
        String ptr = c.checks().endpoint().invalid().pointer();
        String where = at + "/checks/endpoint/invalid/pointer";
        JsonPointer pointer;
        try {
            pointer = JsonPointer.compile(ptr);
        } catch (IllegalArgumentException e) {
            errors.add(loaded.errorAt(where, loaded.sourceMap().quoted(where, ptr) + " is not a JSON pointer", "write a pointer into the pinned request such as /n"));
            return;
        }
        if (pointer.matches() || pinned.at(pointer.head()).isMissingNode() || !pinned.at(pointer.head()).isObject()) {
            errors.add(loaded.errorAt(where, loaded.sourceMap().quoted(where, ptr) + " does not name a field of the pinned request",
                    "point at a field of the request object, such as /n"));
            return;
        }
        ObjectNode spoiled = EndpointProbeRequest.spoil(pinned, ptr, c.checks().endpoint().invalid().value());
        if (request.validate(spoiled).isEmpty()) {
            errors.add(loaded.errorAt(at + "/checks/endpoint/invalid/value",
                    "with this value at " + loaded.sourceMap().quoted(where, ptr) + " the request still passes "
                            + schemaPath(loaded, at + "/schemas/request", c.schemas().request()) + ", so the provider could run and bill it",
                    "choose a value the schema refuses, such as n: 0"));
        }
    }

    private JsonSchemaFile schema(String relative, String pointer, LoadedConfig loaded, List<ConfigError> errors) {
        Path file;
        try {
            file = loaded.baseDir().resolve(relative).normalize();
        } catch (InvalidPathException e) {
            errors.add(loaded.errorAt(pointer, schemaFile(loaded, pointer, relative) + " is not a valid path", "write a path such as schemas/error.schema.json"));
            return null;
        }
        JsonSchemaFile cached = cache.get(file);
        if (cached != null) {
            return cached;
        }
        try {
            Optional<Path> outside = SchemaConfinement.outside(file, loaded.schemaDirs());
            if (outside.isPresent()) {
                String pointsTo = fromEnvironment(loaded, pointer) ? "" : " (it points to " + outside.get() + ")";
                errors.add(loaded.errorAt(pointer, schemaFile(loaded, pointer, relative) + " is outside the directory of " + loaded.label() + pointsTo,
                        "keep schema files in " + loaded.baseDir() + " or below, or list their directory in DRIFTWATCH_SCHEMA_DIRS"));
                return null;
            }
        } catch (IOException e) {
            errors.add(loaded.errorAt(pointer, schemaFile(loaded, pointer, relative) + " cannot be read (" + e.getClass().getSimpleName() + ")",
                    "check its permissions"));
            return null;
        }
        if (!Files.isRegularFile(file)) {
            String lookedIn = fromEnvironment(loaded, pointer) ? "" : " (looked in " + file.getParent() + ")";
            errors.add(loaded.errorAt(pointer, schemaFile(loaded, pointer, relative) + " not found" + lookedIn,
                    "paths are relative to the directory of " + loaded.label() + "; create the file or fix the path"));
            return null;
        }
        try {
            JsonNode raw = JSON.readTree(Files.readString(file));
            // The validator compiles "type": "objekt" without a word, and the schema then accepts anything there.
            List<Error> invalid = metaschema().validate(raw);
            if (!invalid.isEmpty()) {
                String where = JsonSchemaFile.pointer(invalid.get(0).getInstanceLocation());
                errors.add(loaded.errorAt(pointer, schemaFile(loaded, pointer, relative) + " is not a valid JSON Schema 2020-12: "
                        + (where.isEmpty() ? "/" : where) + ": " + invalid.get(0).getMessage(), "fix it in that file"));
                return null;
            }
            Schema compiled = registry.getSchema(raw);
            compiled.validate(JSON.createObjectNode()); // resolves $refs now, so a broken one is a config error
            JsonSchemaFile loadedSchema = new JsonSchemaFile(file, raw, compiled);
            cache.put(file, loadedSchema);
            return loadedSchema;
        } catch (JacksonException e) {
            errors.add(loaded.errorAt(pointer, schemaFile(loaded, pointer, relative) + " is not valid JSON (line " + e.getLocation().getLineNr() + ")",
                    "fix the JSON in that file"));
        } catch (IOException e) {
            errors.add(loaded.errorAt(pointer, schemaFile(loaded, pointer, relative) + " cannot be read (" + e.getClass().getSimpleName() + ")",
                    "check its permissions"));
        } catch (RuntimeException e) {
            errors.add(loaded.errorAt(pointer, schemaFile(loaded, pointer, relative) + " is not a usable JSON Schema (" + e.getMessage() + ")",
                    "check it against JSON Schema 2020-12"));
        }
        return null;
    }

    /** The 2020-12 metaschema, bundled with the validator; read when the first schema file is. */
    private Schema metaschema() {
        if (metaschema == null) {
            metaschema = registry.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
        }
        return metaschema;
    }

    /** {@code schema file schemas/x.json}, or {@code schema file (the value of ${VAR}/x.json)} when a variable named it. */
    private static String schemaFile(LoadedConfig loaded, String pointer, String relative) {
        return "schema file " + schemaPath(loaded, pointer, relative);
    }

    private static String schemaPath(LoadedConfig loaded, String pointer, String relative) {
        return loaded.sourceMap().environmentText(pointer).map(t -> "(the value of " + t + ")").orElse(relative);
    }

    private static boolean fromEnvironment(LoadedConfig loaded, String pointer) {
        return loaded.sourceMap().environmentText(pointer).isPresent();
    }
}
