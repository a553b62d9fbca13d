package dev.driftwatch.contract;

import com.google.re2j.Pattern;
import dev.driftwatch.config.AuthConfig;
import dev.driftwatch.config.ChecksConfig;
import dev.driftwatch.config.DocsPage;
import dev.driftwatch.config.SpecSource;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * One pinned integration, validated: model ID and its family, the endpoint, auth, environments,
 * the pinned request (already valid against its own schema), the schemas, the docs pages and the published specs. The family is
 * an RE2/J pattern, like every pattern a user writes (see {@code UserRegex}).
 */
public record Contract(String id, String provider, String model, Pattern modelFamily, String method, String endpointPath,
                       AuthConfig auth, List<Environment> environments, ObjectNode pinnedRequest, ContractSchemas schemas,
                       List<DocsPage> docs, List<SpecSource> specs, ChecksConfig checks) {

    /** The pinned request, deep-copied so no check can change it for another. */
    public ObjectNode request() {
        return pinnedRequest.deepCopy();
    }

    /** {@code n} of the pinned request: how many images the response must carry. */
    public int imageCount() {
        return pinnedRequest.path("n").asInt(1);
    }

    /** {@code size} of the pinned request when it names pixels ({@code 1024x1024}); null for {@code auto} or absent. */
    public int[] pixelSize() {
        String size = pinnedRequest.path("size").asString("");
        String[] parts = size.split("x");
        if (parts.length != 2 || !parts[0].matches("\\d+") || !parts[1].matches("\\d+")) {
            return null;
        }
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }
}
