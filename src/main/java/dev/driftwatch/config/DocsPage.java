package dev.driftwatch.config;

/** A provider docs page that states facts about the contract. */
public record DocsPage(String name, HttpAddress url) {}
