package dev.driftwatch.daemon;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that has not sent one whole request head within a deadline of opening. Jetty's idle
 * timeout alone keeps a client that trickles a header line every few seconds (slowloris) forever; such a client
 * holds no thread, but it holds one of the server's connections.
 */
final class RequestHeadDeadline implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(RequestHeadDeadline.class);
    private final Scheduler scheduler;
    private final Duration deadline;
    private final Map<Connection, Scheduler.Task> pending = new ConcurrentHashMap<>();

    RequestHeadDeadline(Scheduler scheduler, Duration deadline) {
        this.scheduler = scheduler;
        this.deadline = deadline;
    }

    @Override
    public void onOpened(Connection connection) {
        pending.put(connection, scheduler.schedule(() -> expire(connection), deadline.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public void onClosed(Connection connection) {
        Scheduler.Task task = pending.remove(connection);
        if (task != null) {
            task.cancel();
        }
    }

    private void expire(Connection connection) {
        pending.remove(connection);
        // Jetty counts a request once its head is parsed: zero means not one request line and headers in the whole deadline.
        if (connection.getMessagesIn() == 0) {
            LOG.debug("closed a connection from {}: no whole request within {} s", connection.getEndPoint().getRemoteSocketAddress(), deadline.toSeconds());
            connection.close();
        }
    }
}
