package dev.driftwatch.config;

/**
 * A value in checks.yaml that is well-formed YAML but not a valid setting; carries the remedy. The message
 * quotes the value ({@code 'every day' is not a Quartz cron expression (detail)}), and {@link #describing}
 * gives it without the value or the parser's detail, for a value that came from an environment variable.
 */
public final class InvalidValue extends IllegalArgumentException {
    private final String value;
    private final String problem;
    private final String remedy;

    /**
     * @param value the text refused, quoted at the start of the message
     * @param problem what is wrong with it, e.g. {@code is not a duration}
     * @param detail the parser's own words, which may quote parts of the value; null when there are none
     */
    public InvalidValue(String value, String problem, String detail, String remedy) {
        super("'" + value + "' " + problem + (detail == null ? "" : " (" + detail + ")"));
        this.value = value;
        this.problem = problem;
        this.remedy = remedy;
    }

    /** A problem told without quoting the value at all (it may be a credential). */
    public InvalidValue(String problem, String remedy) {
        super(problem);
        this.value = null;
        this.problem = problem;
        this.remedy = remedy;
    }

    /** The message with the value shown as {@code shown} ({@code the value of ${VAR}}) and no parser detail. */
    public String describing(String shown) {
        return value == null ? problem : shown + " " + problem;
    }

    public String remedy() {
        return remedy;
    }
}
