package dev.driftwatch.spec;

import java.util.Locale;
import java.util.Set;

/**
 * An operation of a published API spec as checks.yaml pins it: {@code "POST /images/generations"}, the path as the spec
 * writes it (relative to its server).
 */
public record OperationRef(String method, String path) {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /**
     * Reads {@code "METHOD /path"}.
     *
     * @throws IllegalArgumentException with a line that says what is wrong and what to write instead
     */
    public static OperationRef parse(String text) {
        String[] parts = text == null ? new String[0] : text.strip().split("\\s+");
        if (parts.length != 2 || !METHODS.contains(parts[0].toLowerCase(Locale.ROOT)) || !parts[1].startsWith("/")) {
            throw new IllegalArgumentException("'" + text + "' is not an operation: write the method and the path as the spec does,"
                    + " e.g. \"POST /images/generations\"");
        }
        return new OperationRef(parts[0].toLowerCase(Locale.ROOT), parts[1]);
    }

    @Override
    public String toString() {
        return method.toUpperCase(Locale.ROOT) + " " + path;
    }
}
