package dev.driftwatch.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where each value and key of checks.yaml stands, by JSON pointer ({@code /contracts/0/model}).
 * Validation happens after binding, when the parser's locations are gone; this keeps them, and which
 * values came (wholly or in part) from environment variables, so that no error ever shows those.
 */
public final class SourceMap {
    private final Map<String, Position> values = new HashMap<>();
    private final Map<String, Position> keys = new HashMap<>();
    private final Map<String, String> fromEnvironment = new HashMap<>();

    void value(String pointer, Position position) {
        values.put(pointer, position);
    }

    void key(String pointer, Position position) {
        keys.put(pointer, position);
    }

    /** The value at pointer was interpolated from the environment; {@code asWritten} names the variables instead of their values. */
    void fromEnvironment(String pointer, String asWritten) {
        fromEnvironment.put(pointer, asWritten);
    }

    /** The value at pointer as an error may show it: {@code 'value'}, or {@code the value of ${VAR}} when a variable gave it. */
    public String quoted(String pointer, String value) {
        return environmentText(pointer).map(t -> "the value of " + t).orElse("'" + value + "'");
    }

    /**
     * For a value interpolated from the environment: its text with each variable that gave a part of it
     * written as {@code ${NAME}} ({@code ${WISGATE_DOCS_BASE}/models}); empty for a value written in the file.
     */
    public Optional<String> environmentText(String pointer) {
        return Optional.ofNullable(fromEnvironment.get(pointer));
    }

    /** The position of the value at pointer, or of its nearest ancestor that is known. */
    public Position valueAt(String pointer) {
        for (String p = pointer; ; p = parent(p)) {
            Position pos = values.get(p);
            if (pos != null) {
                return pos;
            }
            if (p.isEmpty()) {
                return Position.UNKNOWN;
            }
        }
    }

    /** The position of the key that names the value at pointer (falls back to the value). */
    public Position keyAt(String pointer) {
        Position pos = keys.get(pointer);
        return pos != null ? pos : valueAt(pointer);
    }

    static String parent(String pointer) {
        int slash = pointer.lastIndexOf('/');
        return slash <= 0 ? "" : pointer.substring(0, slash);
    }

    /** Appends one reference token to a pointer, escaped as RFC 6901 says. */
    public static String child(String pointer, String token) {
        return pointer + "/" + token.replace("~", "~0").replace("/", "~1");
    }
}
