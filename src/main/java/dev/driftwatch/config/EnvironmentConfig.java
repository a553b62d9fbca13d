package dev.driftwatch.config;

/** Where a contract is reached (base URL) and the name of the variable that holds its key. */
public record EnvironmentConfig(HttpAddress baseUrl, String apiKeyEnv) {}
