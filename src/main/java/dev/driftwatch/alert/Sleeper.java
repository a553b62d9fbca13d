package dev.driftwatch.alert;

import java.time.Duration;

/** Waits; tests pass one that advances a clock instead. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(Math.max(0, d.toMillis()));

    void sleep(Duration d) throws InterruptedException;
}
