package dev.driftwatch.config;

/** JSON Schema files, relative to the directory of checks.yaml. */
public record SchemaFiles(String request, String response, String error, String models) {}
