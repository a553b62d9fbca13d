package dev.driftwatch.config;

import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads YAML into a JSON tree while remembering where every key and value stood. */
final class LocatedYamlReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final YAMLMapper yaml = YAMLMapper.builder().build();

    /** The parsed tree and its source map; an empty document gives an empty object. */
    record Located(JsonNode tree, SourceMap sourceMap) {}

    Located read(String text) throws YamlSyntaxError {
        SourceMap map = new SourceMap();
        try (JsonParser parser = yaml.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new Located(NODES.objectNode(), map);
            }
            JsonNode tree = readValue(parser, "", map);
            return new Located(tree, map);
        } catch (JacksonException e) {
            TokenStreamLocation loc = e.getLocation();
            Position pos = loc == null ? Position.UNKNOWN : new Position(Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr()));
            throw new YamlSyntaxError(pos, firstLine(e.getOriginalMessage()));
        }
    }

    private JsonNode readValue(JsonParser p, String pointer, SourceMap map) throws YamlSyntaxError {
        map.value(pointer, position(p.currentTokenLocation()));
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    String child = SourceMap.child(pointer, name);
                    Position keyPos = position(p.currentTokenLocation());
                    if (object.has(name)) {
                        throw new YamlSyntaxError(keyPos, "duplicate key '" + name + "'");
                    }
                    map.key(child, keyPos);
                    p.nextToken();
                    object.set(name, readValue(p, child, map));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                int index = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readValue(p, pointer + "/" + index++, map));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.stringNode(p.getString());
            case VALUE_NUMBER_INT:
                return integral(p);
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDecimalValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                return NODES.stringNode(p.getString());
        }
    }

    private static JsonNode integral(JsonParser p) {
        var big = p.getBigIntegerValue();
        if (big.bitLength() < 32) {
            return NODES.numberNode(big.intValue());
        }
        if (big.bitLength() < 64) {
            return NODES.numberNode(big.longValue());
        }
        return NODES.numberNode(big);
    }

    private static Position position(TokenStreamLocation loc) {
        return new Position(Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr()));
    }

    private static String firstLine(String message) {
        String m = Optional.ofNullable(message).orElse("unreadable YAML").strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The YAML itself could not be read. */
    static final class YamlSyntaxError extends Exception {
        final Position position;

        YamlSyntaxError(Position position, String message) {
            super(message);
            this.position = position;
        }
    }
}
