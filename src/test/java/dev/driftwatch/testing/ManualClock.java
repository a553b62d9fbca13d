package dev.driftwatch.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A clock that moves only when told; as a sleeper it records each wait and moves by it, so nothing really waits. */
public final class ManualClock extends Clock {
    private volatile Instant now;
    /** Every wait asked of {@link #sleep}, in order. */
    public final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    public ManualClock(Instant start) {
        this.now = start;
    }

    public synchronized ManualClock advance(Duration d) {
        now = now.plus(d);
        return this;
    }

    /** A {@code Sleeper}: records the wait and moves the clock by it. */
    public void sleep(Duration d) {
        sleeps.add(d);
        advance(d);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
