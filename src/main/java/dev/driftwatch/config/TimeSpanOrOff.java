package dev.driftwatch.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** A {@link TimeSpan} that may also be switched {@code off}, e.g. {@code remindEvery: off}. */
public record TimeSpanOrOff(TimeSpan span) {
    public static final TimeSpanOrOff OFF = new TimeSpanOrOff(null);

    @JsonCreator
    public static TimeSpanOrOff parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.toLowerCase(Locale.ROOT).equals("off")) {
            return OFF;
        }
        try {
            return new TimeSpanOrOff(TimeSpan.parse(t));
        } catch (InvalidValue e) {
            throw new InvalidValue(t, "is not a duration or 'off'", null, "write e.g. 24h, or off to switch it off");
        }
    }

    /** YAML 1.1 readers take a bare {@code off} for false; accept that spelling too. */
    @JsonCreator
    public static TimeSpanOrOff fromBoolean(boolean on) {
        if (on) {
            throw new InvalidValue("'on' is not a duration", "write a duration such as 24h, or off");
        }
        return OFF;
    }

    public static TimeSpanOrOff of(String text) {
        return parse(text);
    }

    /** The duration, or empty when switched off. */
    public Optional<Duration> duration() {
        return span == null ? Optional.empty() : Optional.of(span.duration());
    }

    @JsonValue
    @Override
    public String toString() {
        return span == null ? "off" : span.toString();
    }
}
