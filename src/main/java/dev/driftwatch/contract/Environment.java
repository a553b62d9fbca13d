package dev.driftwatch.contract;

import dev.driftwatch.config.HttpAddress;

/** Where one environment of a contract is reached, and which variable holds its key. */
public record Environment(String name, HttpAddress baseUrl, String apiKeyEnv) {}
