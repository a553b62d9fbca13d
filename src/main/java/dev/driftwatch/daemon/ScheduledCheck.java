package dev.driftwatch.daemon;

import dev.driftwatch.check.CheckKey;
import java.time.Instant;

/**
 * One check as the scheduler holds it.
 *
 * @param nextRunAt null when the scheduler has not planned one (paused, or shutting down)
 */
public record ScheduledCheck(CheckKey key, String schedule, Instant nextRunAt) {}
