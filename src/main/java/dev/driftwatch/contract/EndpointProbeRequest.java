package dev.driftwatch.contract;

import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The pinned request with one value deliberately made invalid, so the provider refuses it at no cost. */
public final class EndpointProbeRequest {
    private EndpointProbeRequest() {}

    public static ObjectNode spoil(ObjectNode pinned, String pointer, JsonNode value) {
        ObjectNode copy = pinned.deepCopy();
        JsonPointer p = JsonPointer.compile(pointer);
        ((ObjectNode) copy.at(p.head())).set(p.last().getMatchingProperty(), value.deepCopy());
        return copy;
    }
}
