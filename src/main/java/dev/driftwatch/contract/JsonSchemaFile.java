package dev.driftwatch.contract;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.path.NodePath;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** A JSON Schema (2020-12) from {@code schemas/}: its text for walking, compiled for validating. */
public record JsonSchemaFile(Path path, JsonNode raw, Schema compiled) {

    public List<Error> validate(JsonNode instance) {
        return compiled.validate(instance);
    }

    /** The RFC 6901 pointer of a validator error's instance location. */
    public static String pointer(NodePath path) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            String token = String.valueOf(path.getElement(i));
            s.append('/').append(token.replace("~", "~0").replace("/", "~1"));
        }
        return s.toString();
    }
}
