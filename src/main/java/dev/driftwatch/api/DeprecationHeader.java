package dev.driftwatch.api;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The {@code Deprecation} response header. RFC 9745 writes it as a structured-field date
 * ({@code @1735689600}); older drafts used {@code true} or an HTTP-date, which are accepted too.
 */
final class DeprecationHeader {
    private DeprecationHeader() {}

    /** The date it gives, if any: the {@code @epoch} form, or the legacy HTTP-date; empty for {@code true}. */
    static Optional<Instant> date(String value) {
        String v = value.strip();
        if (v.matches("@-?\\d{1,12}")) {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(v.substring(1))));
        }
        try {
            return Optional.of(ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
