package dev.driftwatch.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A byte count: {@code 1048576}, {@code 512KB}, {@code 32MB}, {@code 1GB} (binary multiples). */
public record DataSize(long bytes, String text) {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|KIB|MB|MIB|GB|GIB)?");

    @JsonCreator
    public static DataSize parse(String text) {
        String t = text == null ? "" : text.strip();
        Matcher m = SIZE.matcher(t.toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidValue(t, "is not a size", null, "write a whole number of bytes or use KB, MB or GB, e.g. 32MB");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        long factor = switch (unit) {
            case "KB", "KIB" -> 1024L;
            case "MB", "MIB" -> 1024L * 1024;
            case "GB", "GIB" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return new DataSize(Math.multiplyExact(n, factor), t);
    }

    @JsonValue
    @Override
    public String toString() {
        return text;
    }
}
