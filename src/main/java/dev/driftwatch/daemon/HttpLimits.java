package dev.driftwatch.daemon;

import java.time.Duration;

/**
 * What the status endpoints' server grants one client and all of them, so that slow, idle or too many clients
 * cannot keep {@code /healthz} from answering nor take the descriptors the checks and the audit trail need.
 *
 * @param idleTimeout a connection that sends and reads nothing for this long is closed
 * @param requestHeadDeadline a new connection that has not sent a whole request head (request line and headers)
 *                            this long after it opened is closed: a client trickling its headers (slowloris)
 * @param maxConnections connections open at once; past it, new ones wait in the kernel's accept queue until one
 *                       closes (a silent one within {@link #requestHeadDeadline}). It keeps the process's file
 *                       descriptors for the checks and the audit trail, which a flood of connections would take
 * @param maxThreads the server's threads, its acceptor and selector included; a connection holds none while it
 *                   waits for bytes, only a request being answered does
 */
public record HttpLimits(Duration idleTimeout, Duration requestHeadDeadline, int maxConnections, int maxThreads) {

    /**
     * The daemon's: 10 s of silence, 5 s to send a request (any client sends it at once; a full server frees a slot
     * from a silent client within a probe's usual 1-10 s), 500 connections, 8 threads.
     */
    public static final HttpLimits DEFAULTS = new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(5), 500, 8);

    public HttpLimits {
        if (maxThreads < 4) {
            throw new IllegalArgumentException("maxThreads must be at least 4 (acceptor, selector and two for requests), got " + maxThreads);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive, got " + maxConnections);
        }
    }
}
