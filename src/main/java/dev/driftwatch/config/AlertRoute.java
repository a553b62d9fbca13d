package dev.driftwatch.config;

/** A contract's own Slack destination: another {@code channel} for the bot, or another webhook. */
public record AlertRoute(String channel, String webhookUrlEnv) {}
