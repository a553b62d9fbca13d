package dev.driftwatch.daemon;

import dev.driftwatch.check.CheckKey;
import java.time.Instant;

/**
 * One check as the scheduler holds it.
 *
 * @param nextRunAt null when the scheduler has not planned one (paused, suspended, or shutting down)
 * @param suspended why the check does not run until checks.yaml changes, or null when it runs
 */
public record ScheduledCheck(CheckKey key, String schedule, Instant nextRunAt, String suspended) {
    public ScheduledCheck(CheckKey key, String schedule, Instant nextRunAt) {
        this(key, schedule, nextRunAt, null);
    }
}
