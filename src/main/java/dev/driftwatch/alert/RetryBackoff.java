package dev.driftwatch.alert;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter, capped: attempt n waits between half and all of
 * {@code min(cap, base * 2^(n-1))}, so workers that failed together do not retry together.
 */
public record RetryBackoff(Duration base, Duration cap, RandomGenerator random) {
    public static RetryBackoff standard() {
        return new RetryBackoff(Duration.ofSeconds(2), Duration.ofMinutes(10), RandomGenerator.getDefault());
    }

    /** The wait after the {@code attempts}-th failed attempt; at least {@code atLeast} (Slack's Retry-After) when given. */
    public Duration after(int attempts, Duration atLeast) {
        long full = base.toMillis() << Math.min(30, Math.max(0, attempts - 1));
        long capped = Math.min(cap.toMillis(), full < 0 ? Long.MAX_VALUE : full);
        long jittered = capped / 2 + (capped / 2 == 0 ? 0 : random.nextLong(capped / 2 + 1));
        Duration wait = Duration.ofMillis(jittered);
        return atLeast != null && atLeast.compareTo(wait) > 0 ? atLeast : wait;
    }
}
