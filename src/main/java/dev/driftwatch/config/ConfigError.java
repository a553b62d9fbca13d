package dev.driftwatch.config;

/** One thing wrong with checks.yaml: where, what, and what to do about it. */
public record ConfigError(Position position, String problem, String remedy) {

    /** {@code checks.yaml:12:7: what is wrong — what to do}, the one line users see. */
    public String format(String fileLabel) {
        return fileLabel + ":" + position + ": " + problem + " — " + remedy;
    }
}
