package dev.driftwatch.config;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code notices:} section: how long before a dated notice (a model's shutdown date, a {@code Sunset}
 * or {@code Deprecation} header) it is announced again, on top of when it is first seen.
 */
public record NoticesConfig(List<TimeSpan> remindBefore) {
    public static final NoticesConfig DEFAULTS = new NoticesConfig(null);

    public NoticesConfig {
        remindBefore = remindBefore == null ? List.of(TimeSpan.of("30d"), TimeSpan.of("7d"), TimeSpan.of("1d")) : List.copyOf(remindBefore);
    }

    /** The lead times, longest first, without duplicates. */
    public List<Duration> leadTimes() {
        return remindBefore.stream().map(TimeSpan::duration).distinct().sorted(Comparator.reverseOrder()).toList();
    }
}
