package dev.driftwatch.config;

/** The pinned operation, e.g. POST /v1/images/generations, relative to each environment's base URL. */
public record EndpointConfig(String method, String path) {
    public EndpointConfig {
        method = method == null ? "POST" : method;
    }
}
