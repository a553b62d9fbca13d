package dev.driftwatch.daemon;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How one daemon runs: the configuration file and the knobs of its lifecycle. {@link #defaults} are the
 * production values; tests shorten the periods with the withers.
 *
 * @param port the HTTP port of the health, metrics and status endpoints
 * @param bind the address they listen on: an IP address of this host, or {@value #DEFAULT_BIND} for all of them
 * @param httpAccess who may read the status page, {@code /api/status} and {@code /metrics}
 * @param grace how long a stop waits for checks in progress and the outbox
 * @param threads how many checks may run at once
 * @param jitterSeconds the largest fixed offset added to a once-a-minute-or-rarer schedule
 * @param misfireThreshold how late a trigger may fire before it counts as missed (then it runs once)
 * @param housekeepingEvery how often reminders and stale checks are swept and the wall clock is watched
 * @param clockJumpTolerance how far the wall clock may move against the monotonic clock before it counts as a jump
 * @param watchConfig whether a change of the file (or of its directory's entries, as Kubernetes swaps them) reloads it
 * @param watchDebounce how long the file must stay quiet before it is reloaded (editors write in several steps)
 */
public record DaemonSettings(Path configFile, int port, String bind, HttpAccess httpAccess, Duration grace, int threads, int jitterSeconds,
                             Duration misfireThreshold, Duration housekeepingEvery, Duration clockJumpTolerance, boolean watchConfig, Duration watchDebounce) {

    public static final int DEFAULT_PORT = 8080;
    /** Every interface: what a container's port mapping needs. Java binds it as {@code ::} where IPv6 is on, so IPv6 too. */
    public static final String DEFAULT_BIND = "0.0.0.0";

    public static DaemonSettings defaults(Path configFile) {
        return new DaemonSettings(configFile, DEFAULT_PORT, DEFAULT_BIND, HttpAccess.open(), Duration.ofSeconds(30), 4, 15, Duration.ofSeconds(5),
                Duration.ofMinutes(1), Duration.ofSeconds(30), true, Duration.ofSeconds(1));
    }

    public DaemonSettings withPort(int p) {
        return new DaemonSettings(configFile, p, bind, httpAccess, grace, threads, jitterSeconds, misfireThreshold, housekeepingEvery, clockJumpTolerance,
                watchConfig, watchDebounce);
    }

    /** Listens on {@code address} (an IP literal or a name of this host) rather than on every interface. */
    public DaemonSettings withBind(String address) {
        return new DaemonSettings(configFile, port, address, httpAccess, grace, threads, jitterSeconds, misfireThreshold, housekeepingEvery,
                clockJumpTolerance, watchConfig, watchDebounce);
    }

    public DaemonSettings withHttpAccess(HttpAccess access) {
        return new DaemonSettings(configFile, port, bind, access, grace, threads, jitterSeconds, misfireThreshold, housekeepingEvery,
                clockJumpTolerance, watchConfig, watchDebounce);
    }

    /** Where the HTTP endpoints listen. */
    public InetSocketAddress httpAddress() {
        return new InetSocketAddress(bind, port);
    }

    public DaemonSettings withGrace(Duration g) {
        return new DaemonSettings(configFile, port, bind, httpAccess, g, threads, jitterSeconds, misfireThreshold, housekeepingEvery, clockJumpTolerance,
                watchConfig, watchDebounce);
    }

    public DaemonSettings withJitterSeconds(int j) {
        return new DaemonSettings(configFile, port, bind, httpAccess, grace, threads, j, misfireThreshold, housekeepingEvery, clockJumpTolerance,
                watchConfig, watchDebounce);
    }

    public DaemonSettings withHousekeepingEvery(Duration h) {
        return new DaemonSettings(configFile, port, bind, httpAccess, grace, threads, jitterSeconds, misfireThreshold, h, clockJumpTolerance,
                watchConfig, watchDebounce);
    }

    public DaemonSettings withWatchConfig(boolean w) {
        return new DaemonSettings(configFile, port, bind, httpAccess, grace, threads, jitterSeconds, misfireThreshold, housekeepingEvery, clockJumpTolerance,
                w, watchDebounce);
    }
}
