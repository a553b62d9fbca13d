package dev.driftwatch.api;

import dev.driftwatch.check.CheckRun;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.KnownFact;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Dated notices — a model's shutdown or deprecation date, a {@code Sunset} or {@code Deprecation} header —
 * judged with a sense of time. A notice is news when first seen (with its date and the days left) and again
 * at each lead time of {@code notices.remindBefore}; in between it stands as a warning. A shutdown or sunset
 * date that has passed while the contract still depends on it breaks the contract.
 */
final class DatedNotices {
    private final CheckRun run;
    private final Instant now;
    private final List<Duration> leadTimes;

    /** @param leadTimes longest first */
    DatedNotices(CheckRun run, Instant now, List<Duration> leadTimes) {
        this.run = run;
        this.now = now;
        this.leadTimes = leadTimes;
    }

    /**
     * One notice as this answer gives it.
     *
     * @param subject what the known state calls it (stable across runs, unlike a list index)
     * @param passedRule the rule of a date that has passed, or null when passing it breaks nothing (a deprecation)
     * @param what the notice in words: "shutdown of gpt-image-2", "sunset of /v1/models"
     * @param date null when the notice names no date ({@code deprecated: true})
     * @param raw the value as given, kept when it names no date
     * @param see a link to more, or ""
     */
    record Notice(String subject, String rule, String passedRule, String pointer, String what, Instant date, String raw, String see) {}

    void judge(Notice n) {
        String value = n.date() == null ? n.raw() : LocalDate.ofInstant(n.date(), ZoneOffset.UTC).toString();
        String expected = "no " + n.what();
        if (n.date() != null && n.passedRule() != null && !n.date().isAfter(now)) {
            run.remember(n.subject(), value);
            run.add(Finding.error(n.passedRule(), n.pointer(), n.what() + " still ahead, while the contract depends on it",
                    n.what() + " was on " + value + ", " + daysAgo(n.date()) + n.see()));
            return;
        }
        String actual = n.what() + (n.date() == null ? " announced, no date given (" + n.raw() + ")" : " on " + value + " — " + left(n.date())) + n.see();
        Optional<String> known = run.known().value(n.subject());
        if (known.isEmpty() || !known.get().equals(value)) {
            String moved = known.map(k -> " (was " + k + ")").orElse("");
            run.change(n.subject(), value, new Finding(n.rule(), dev.driftwatch.check.Severity.WARNING, n.pointer(), expected, actual + moved));
            // Lead times already reached count as told: a notice first seen 5 days out is not reminded of "30 days" at once.
            reached(n.date()).forEach(lead -> run.remember(reminder(n.subject(), lead), value));
            return;
        }
        List<Duration> reached = reached(n.date());
        if (!reached.isEmpty()) {
            Duration nearest = reached.get(reached.size() - 1);
            if (run.known().value(reminder(n.subject(), nearest)).filter(value::equals).isEmpty()) {
                run.remember(n.subject(), value);
                reached.forEach(lead -> run.remember(reminder(n.subject(), lead), value));
                run.announce(new Finding(n.rule(), dev.driftwatch.check.Severity.WARNING, n.pointer(), expected,
                        actual + " (reminder: " + span(nearest) + " or less before it)"));
                return;
            }
        }
        run.condition(n.subject(), value, Finding.warning(n.rule(), n.pointer(), expected, actual));
    }

    /** The notice is not given any more: it and its reminders are forgotten (news again if it returns). */
    void withdrawn(String subject) {
        for (KnownFact f : run.known().withPrefix(subject)) {
            if (f.subject().equals(subject) || f.subject().startsWith(subject + "@")) {
                run.forget(f.subject());
            }
        }
    }

    /** The lead times whose moment has come, longest first. */
    private List<Duration> reached(Instant date) {
        if (date == null) {
            return List.of();
        }
        Duration left = Duration.between(now, date);
        return leadTimes.stream().filter(lead -> left.compareTo(lead) <= 0).toList();
    }

    private static String reminder(String subject, Duration lead) {
        return subject + "@" + span(lead);
    }

    private String left(Instant date) {
        Duration d = Duration.between(now, date);
        if (d.isNegative()) {
            return daysAgo(date);
        }
        long days = d.toDays();
        return days >= 1 ? days + " day" + (days == 1 ? "" : "s") + " left" : Math.max(1, d.toHours()) + " hour(s) left";
    }

    private String daysAgo(Instant date) {
        long days = Duration.between(date, now).toDays();
        return days == 0 ? "today" : days + " day" + (days == 1 ? "" : "s") + " ago";
    }

    /** 30d, 12h, 90m: a lead time as people write it. */
    static String span(Duration d) {
        if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
            return d.toDays() + "d";
        }
        if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
            return d.toHours() + "h";
        }
        return d.toMinutes() + "m";
    }

    /**
     * A date as model entries give it: {@code "2026-10-23"}, an ISO date-time, or Unix seconds (milliseconds
     * when too large for seconds); empty for anything else ({@code true}, free text).
     */
    static Optional<Instant> dateOf(JsonNode v) {
        if (v.isIntegralNumber()) {
            long n = v.asLong();
            return Optional.of(n > 100_000_000_000L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n));
        }
        if (!v.isString()) {
            return Optional.empty();
        }
        String t = v.asString().strip();
        try {
            return Optional.of(LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException notADate) {
            try {
                return Optional.of(OffsetDateTime.parse(t).toInstant());
            } catch (DateTimeParseException notADateTime) {
                return Optional.empty();
            }
        }
    }
}
