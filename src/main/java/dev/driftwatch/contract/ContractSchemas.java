package dev.driftwatch.contract;

/** The four schemas a contract is verified against. */
public record ContractSchemas(JsonSchemaFile request, JsonSchemaFile response, JsonSchemaFile error, JsonSchemaFile models) {}
