package dev.driftwatch.check;

import java.util.List;

/** Replaces every known secret in a text by {@code [REDACTED]}; applied to all a verdict carries. */
public final class Redactor {
    public static final String MASK = "[REDACTED]";
    // Shorter values would mask innocent text and cannot be real keys anyway.
    private static final int MIN_SECRET_LENGTH = 6;
    private final List<String> secrets;

    public Redactor(List<String> secrets) {
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= MIN_SECRET_LENGTH).distinct().toList();
    }

    public static Redactor none() {
        return new Redactor(List.of());
    }

    public String apply(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return out;
    }
}
