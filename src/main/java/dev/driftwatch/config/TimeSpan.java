package dev.driftwatch.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A duration written the way people write them in YAML: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 7d}. */
public record TimeSpan(Duration duration, String text) {
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    @JsonCreator
    public static TimeSpan parse(String text) {
        String t = text == null ? "" : text.strip();
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return new TimeSpan(d, t);
        }
        try {
            return new TimeSpan(Duration.parse(t), t);
        } catch (DateTimeParseException e) {
            throw new InvalidValue(t, "is not a duration", null, "write a whole number with ms, s, m, h or d, e.g. 30s");
        }
    }

    public static TimeSpan of(String text) {
        return parse(text);
    }

    @JsonValue
    @Override
    public String toString() {
        return text;
    }
}
