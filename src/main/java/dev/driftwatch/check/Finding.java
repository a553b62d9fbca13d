package dev.driftwatch.check;

/**
 * One observation with a stable rule ID ({@code model-not-listed}, {@code response-property-added}, ...),
 * where it was seen (a JSON pointer, a header, a URL), what was expected against what was found, and
 * whether it is release news against the check's known state ({@link Change}).
 */
public record Finding(String rule, Severity severity, String pointer, String expected, String actual, Change change) {

    public Finding {
        change = change == null ? Change.NONE : change;
    }

    public Finding(String rule, Severity severity, String pointer, String expected, String actual) {
        this(rule, severity, pointer, expected, actual, Change.NONE);
    }

    public static Finding error(String rule, String pointer, String expected, String actual) {
        return new Finding(rule, Severity.ERROR, pointer, expected, actual);
    }

    public static Finding warning(String rule, String pointer, String expected, String actual) {
        return new Finding(rule, Severity.WARNING, pointer, expected, actual);
    }

    public static Finding info(String rule, String pointer, String expected, String actual) {
        return new Finding(rule, Severity.INFO, pointer, expected, actual);
    }

    /**
     * The same finding marked as {@code c}: a baseline is recorded as {@code info} and a standing
     * condition stays a {@code warning}, whatever severity the news itself would have had.
     */
    public Finding as(Change c) {
        Severity s = switch (c) {
            case BASELINE -> Severity.INFO;
            case KNOWN, ACCEPTED -> Severity.WARNING;
            default -> severity;
        };
        return new Finding(rule, s, pointer, expected, actual, c);
    }

    /** True for release news the verdict announces: a change since the known state. */
    public boolean isNews() {
        return change == Change.NEW;
    }

    /** One line for humans: {@code rule at pointer: expected X, got Y}. */
    public String describe() {
        StringBuilder s = new StringBuilder(rule);
        if (pointer != null && !pointer.isEmpty()) {
            s.append(" at ").append(pointer);
        }
        if (expected != null || actual != null) {
            s.append(':');
            if (expected != null) {
                s.append(" expected ").append(expected);
            }
            if (actual != null) {
                s.append(expected != null ? ", got " : " ").append(actual);
            }
        }
        return s.toString();
    }

    public Finding redacted(Redactor r) {
        return new Finding(rule, severity, r.apply(pointer), r.apply(expected), r.apply(actual), change);
    }
}
