package dev.driftwatch.config;

/** A value in checks.yaml that is well-formed YAML but not a valid setting; carries the remedy. */
public final class InvalidValue extends IllegalArgumentException {
    private final String remedy;

    public InvalidValue(String problem, String remedy) {
        super(problem);
        this.remedy = remedy;
    }

    public String remedy() {
        return remedy;
    }
}
