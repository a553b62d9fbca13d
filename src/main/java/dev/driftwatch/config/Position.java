package dev.driftwatch.config;

/** A 1-based line and column in checks.yaml, so errors can point at the exact spot. */
public record Position(int line, int column) {
    public static final Position UNKNOWN = new Position(1, 1);

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
