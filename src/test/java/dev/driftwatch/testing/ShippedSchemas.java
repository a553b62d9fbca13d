package dev.driftwatch.testing;

import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.driftwatch.api.BodyClassifier;
import dev.driftwatch.contract.JsonSchemaFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The schemas of schemas/ as the checks load them, for tests that hold provider documents against them. */
public final class ShippedSchemas {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ShippedSchemas() {
    }

    /** A shipped schema file, compiled as JSON Schema 2020-12. */
    public static JsonSchemaFile shipped(String name) {
        Path path = Path.of("schemas", name);
        try {
            JsonNode raw = JSON.readTree(Files.readString(path));
            return new JsonSchemaFile(path, raw, SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(raw));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Classifies a body against a shipped schema, as the checks do. */
    public static BodyClassifier.Result classify(JsonNode body, String schema) {
        return new BodyClassifier(shipped(schema)).classify(body);
    }
}
