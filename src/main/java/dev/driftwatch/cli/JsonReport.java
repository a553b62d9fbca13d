package dev.driftwatch.cli;

import dev.driftwatch.check.Verdict;
import dev.driftwatch.check.VerdictJson;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The stable JSON report: {@code {"verdicts": [...]}} with one object per check, as the README documents. */
final class JsonReport {
    private JsonReport() {}

    static String render(List<Verdict> verdicts) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode list = root.putArray("verdicts");
        verdicts.forEach(v -> list.add(VerdictJson.toJson(v)));
        return JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}
