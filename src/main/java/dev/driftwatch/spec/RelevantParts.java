package dev.driftwatch.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads only what pinning needs from a published document, streaming: {@code openapi}, {@code info}, the watched
 * paths and {@code components}; every other path (most of a provider's spec) is skipped token by token, never built.
 * One tree of the parts that matter instead of two trees of everything (swagger-parser's snakeyaml tree and its
 * Jackson copy): for OpenAI's 3 MB document, about a third of the heap and half the CPU. YAML aliases are not resolved
 * by this parser, so a document that has any is read the reference way instead ({@link SpecReader}).
 */
final class RelevantParts {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML;

    static {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(SpecReader.MAX_CHARS + 1); // the default (3 MB) would refuse OpenAI's own spec
        YAML = YAMLFactory.builder().loaderOptions(options).build();
    }

    private RelevantParts() {
    }

    /** The document's top-level {@code openapi}, {@code info} and {@code components}, and its {@code paths} in {@code paths}. */
    static JsonNode of(String text, Set<String> paths) throws IOException {
        String head = text.stripLeading();
        try (JsonParser p = (head.startsWith("{") ? JSON : YAML).createParser(text)) {
            p.setCodec(MAPPER);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return MAPPER.nullNode(); // not a mapping: the caller says it is not OpenAPI
            }
            ObjectNode root = MAPPER.createObjectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "openapi", "info", "components" -> root.set(name, p.readValueAsTree());
                    case "paths" -> root.set(name, wanted(p, value, paths));
                    default -> p.skipChildren();
                }
            }
            return root;
        }
    }

    private static JsonNode wanted(JsonParser p, JsonToken value, Set<String> paths) throws IOException {
        ObjectNode out = MAPPER.createObjectNode();
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return out;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String path = p.currentName();
            p.nextToken();
            if (paths.contains(path)) {
                out.set(path, p.readValueAsTree());
            } else {
                p.skipChildren();
            }
        }
        return out;
    }
}
