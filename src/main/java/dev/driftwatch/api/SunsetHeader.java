package dev.driftwatch.api;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The {@code Sunset} response header (RFC 8594): the HTTP-date after which the URI may stop answering. */
final class SunsetHeader {
    private SunsetHeader() {}

    static String describe(String value, Instant now) {
        String v = value.strip();
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            long days = Duration.between(now, at).toDays();
            String when = days >= 0 ? "in " + days + " day" + (days == 1 ? "" : "s") : "passed " + (-days) + " days ago";
            return "sunset on " + at + " (" + when + ")";
        } catch (DateTimeParseException e) {
            return "sunset announced with an unparseable date '" + (v.length() > 60 ? v.substring(0, 60) : v) + "'";
        }
    }
}
