package dev.driftwatch.config;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** One pinned integration as written in checks.yaml. */
public record ContractConfig(String id, String provider, String model, String modelFamily, EndpointConfig endpoint,
                             AuthConfig auth, Map<String, EnvironmentConfig> environments, JsonNode request,
                             SchemaFiles schemas, List<DocsPage> docs, List<SpecSource> specs, ChecksConfig checks) {
    public ContractConfig {
        auth = auth == null ? AuthConfig.DEFAULTS : auth;
        environments = environments == null ? Map.of() : environments;
        docs = docs == null ? List.of() : List.copyOf(docs);
        specs = specs == null ? List.of() : List.copyOf(specs);
        checks = checks == null ? ChecksConfig.DEFAULTS : checks;
    }
}
