package dev.driftwatch.config;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;

/** Which field of the pinned request the endpoint check spoils (JSON pointer), and with what value. */
public record InvalidField(String pointer, JsonNode value) {
    public static final InvalidField DEFAULTS = new InvalidField(null, null);

    public InvalidField {
        // n=0 is below every provider's minimum of 1, so no image is made and nothing is billed.
        pointer = pointer == null ? "/n" : pointer;
        value = value == null ? IntNode.valueOf(0) : value;
    }
}
