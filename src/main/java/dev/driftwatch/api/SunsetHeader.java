package dev.driftwatch.api;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The {@code Sunset} response header (RFC 8594): the HTTP-date after which the URI may stop answering. */
final class SunsetHeader {
    private SunsetHeader() {}

    /** The date it gives; empty when it is not an HTTP-date. */
    static Optional<Instant> date(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
