package dev.driftwatch.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bounds people give a listing: {@code --since} and {@code --until}, each {@code 30d|12h|90m|DATE|INSTANT}. A
 * duration counts back from now; a date (yyyy-MM-dd, UTC) starts at its first moment for --since and ends at its
 * last for --until, so {@code --since 2026-11-01 --until 2026-11-30} is all of November; an instant is ISO-8601
 * ({@code 2026-11-21T06:00:00Z}, or with an offset).
 */
final class Period {
    private static final Pattern AGO = Pattern.compile("(\\d{1,6})([dhm])");

    private Period() {
    }

    /** The start {@code text} names; throws with one line saying what to write. */
    static Instant since(String text, Instant now) {
        return moment("--since", text, now, false);
    }

    /** The end {@code text} names (a date: its last moment). */
    static Instant until(String text, Instant now) {
        return moment("--until", text, now, true);
    }

    private static Instant moment(String option, String text, Instant now, boolean endOfDay) {
        Matcher m = AGO.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return now.minus(switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofMinutes(n);
            });
        }
        try {
            if (text.contains("T")) {
                return OffsetDateTime.parse(text).toInstant();
            }
            LocalDate day = LocalDate.parse(text);
            return endOfDay ? day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1) : day.atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a duration, a date or an instant"
                    + " — write 30d, 12h, 90m, 2026-11-21 or 2026-11-21T06:00:00Z");
        }
    }
}
