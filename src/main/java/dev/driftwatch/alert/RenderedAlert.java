package dev.driftwatch.alert;

/** An alert ready for the outbox: the Block Kit payload ({@code {"text", "blocks"}}) and its plain-text fallback. */
public record RenderedAlert(String payload, String plainText) {}
