package dev.driftwatch.check;

/**
 * One observation with a stable rule ID ({@code model-not-listed}, {@code response-property-added}, ...),
 * where it was seen (a JSON pointer, a header, a URL) and what was expected against what was found.
 */
public record Finding(String rule, Severity severity, String pointer, String expected, String actual) {

    public static Finding error(String rule, String pointer, String expected, String actual) {
        return new Finding(rule, Severity.ERROR, pointer, expected, actual);
    }

    public static Finding warning(String rule, String pointer, String expected, String actual) {
        return new Finding(rule, Severity.WARNING, pointer, expected, actual);
    }

    public static Finding info(String rule, String pointer, String expected, String actual) {
        return new Finding(rule, Severity.INFO, pointer, expected, actual);
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
        return new Finding(rule, severity, r.apply(pointer), r.apply(expected), r.apply(actual));
    }
}
