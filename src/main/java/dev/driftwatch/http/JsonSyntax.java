package dev.driftwatch.http;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Whether bytes are one complete JSON document, read as tokens without building a tree (cheap enough for every answer). */
final class JsonSyntax {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private JsonSyntax() {}

    static boolean wellFormed(byte[] body) {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() == null) {
                return false; // empty or only whitespace
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (JacksonException e) {
            return false;
        }
    }
}
