package dev.driftwatch.config;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each value and key of checks.yaml stands, by JSON pointer ({@code /contracts/0/model}).
 * Validation happens after binding, when the parser's locations are gone; this keeps them.
 */
public final class SourceMap {
    private final Map<String, Position> values = new HashMap<>();
    private final Map<String, Position> keys = new HashMap<>();

    void value(String pointer, Position position) {
        values.put(pointer, position);
    }

    void key(String pointer, Position position) {
        keys.put(pointer, position);
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
