package dev.driftwatch.daemon;

import dev.driftwatch.alert.CheckPageLinks;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.check.CheckKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the running daemon shows to orchestrators and people: {@code /healthz}, {@code /readyz}, {@code /metrics},
 * {@code /api/status}, the status page {@code /} and a page per check ({@code /checks/CONTRACT/ENVIRONMENT/CHECK}), over an embedded Jetty (core, no servlets). Jetty reads requests
 * without holding a thread per connection, within the {@link HttpLimits}; the JDK's HttpServer read each request
 * on one of its handler threads with no time limit, so two clients that sent half a request starved {@code /healthz}.
 * The pages, {@code /api/status} and {@code /metrics} ask for the credentials of {@link HttpAccess}; the probes never do.
 * Reads of the audit trail run on one thread of their own and are waited for a bounded time, so a store that is
 * locked or gone makes {@code /readyz} say so instead of blocking every answer.
 */
public final class StatusServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
    /** The port {@code driftwatch run} listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 8080;
    /** How long an answer waits for the store before saying it did not answer; below a probe's usual 1-5 s timeout. */
    static final Duration STORE_WAIT = Duration.ofSeconds(2);
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    private final DaemonState state;
    private final AuditTrail trail;
    private final DaemonMetrics metrics;
    private final Clock clock;
    private final HttpAccess access;
    private final Server server;
    private final ServerConnector connector;
    private final ThreadPoolExecutor storeReader;
    /** Held from a read's submission to its end: a read that hangs (a locked store) makes the next fail at once, not queue. */
    private final java.util.concurrent.Semaphore storeReadSlot = new java.util.concurrent.Semaphore(1);

    /**
     * Binds {@code bind} at once (port 0 picks a free one: see {@link #port()}); answers once {@link #start()} is called.
     *
     * @throws UncheckedIOException the address cannot be bound (the port is taken, the address is not this host's)
     */
    public StatusServer(InetSocketAddress bind, HttpAccess access, HttpLimits limits, DaemonState state, AuditTrail trail,
                        DaemonMetrics metrics, Clock clock) {
        this.state = state;
        this.trail = trail;
        this.metrics = metrics;
        this.clock = clock;
        this.access = access;
        QueuedThreadPool threads = new QueuedThreadPool(limits.maxThreads(), 2, 60_000);
        threads.setName("driftwatch-http");
        threads.setDaemon(true);
        threads.setReservedThreads(0); // a few requests a minute: no threads kept hot for bursts
        ScheduledExecutorScheduler timer = new ScheduledExecutorScheduler("driftwatch-http-timer", true);
        this.server = new Server(threads, timer, null);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(bind.getAddress() == null ? bind.getHostString() : bind.getAddress().getHostAddress());
        connector.setPort(bind.getPort());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.addEventListener(new RequestHeadDeadline(timer, limits.requestHeadDeadline()));
        server.addConnector(connector);
        // Jetty's shorter idle timeout at the cap (setEndPointIdleTimeout) is not used: it only reaches connections
        // set up before the cap was hit, not the ones being accepted then; the request-head deadline frees slots instead.
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        server.setHandler(new Endpoints());
        try {
            connector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bind + " for the status endpoints: " + e.getMessage()
                    + " — choose another port or address (--port, --bind), or free this one", e);
        }
        // One reader, no queue: while a read is stuck on a locked store, the next request is told so at once.
        // One read at a time (storeReadSlot); the queue holds it while the thread finishes the read before, which a
        // SynchronousQueue would refuse for that instant, failing a request that came right after another.
        this.storeReader = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(1), daemonThreads("driftwatch-http-store"));
    }

    public StatusServer start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new UncheckedIOException(new IOException("the status endpoints did not start: " + e.getMessage(), e));
        }
        return this;
    }

    /** The port it listens on: the one bound, when port 0 was asked for. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The address it listens on, as bound. */
    public String host() {
        return connector.getHost();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.debug("the status endpoints did not stop cleanly: {}", e.toString());
        }
        storeReader.shutdownNow();
    }

    /** The endpoints; blocking (a read of the store may wait {@link #STORE_WAIT}), so Jetty runs them on its pool. */
    private final class Endpoints extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            try {
                answer(request, path, new Reply(response, callback));
            } catch (RuntimeException e) {
                LOG.warn("status endpoint {} failed: {}", path, e.toString(), e);
                if (!response.isCommitted()) {
                    new Reply(response, callback).send(500, TEXT, "internal error; see the daemon's log\n");
                } else {
                    callback.failed(e);
                }
            }
            return true;
        }
    }

    private void answer(Request request, String path, Reply reply) {
        String method = request.getMethod();
        boolean probe = path.equals("/healthz") || path.equals("/readyz");
        // Before anything else, so that without credentials not even which paths exist shows.
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (!probe && !access.allows(authorization)) {
            // Whether credentials came, never what they were.
            LOG.debug("{} {} from {}: 401, {}", method, path, Request.getRemoteAddr(request),
                    authorization == null ? "no credentials" : "credentials not accepted");
            access.challenges().forEach(c -> reply.response.getHeaders().add(HttpHeader.WWW_AUTHENTICATE, c));
            reply.send(401, TEXT, "authentication required: see the WWW-Authenticate header\n");
            return;
        }
        boolean checkPage = path.startsWith("/" + CheckPageLinks.PREFIX + "/");
        boolean known = probe || checkPage || path.equals("/metrics") || path.equals("/api/status") || path.equals("/");
        if (!known) {
            reply.send(404, TEXT, "not found: the endpoints are /, /checks/CONTRACT/ENVIRONMENT/CHECK, /api/status, /metrics, /healthz and /readyz\n");
            return;
        }
        boolean head = probe && method.equals("HEAD");
        if (!method.equals("GET") && !head) {
            reply.response.getHeaders().put(HttpHeader.ALLOW, probe ? "GET, HEAD" : "GET");
            reply.send(405, TEXT, "method not allowed: use GET\n");
            return;
        }
        if (checkPage) {
            checkPage(request, reply);
            return;
        }
        switch (path) {
            case "/healthz" -> healthz(reply);
            case "/readyz" -> readyz(reply);
            case "/metrics" -> metrics(reply);
            case "/api/status" -> reply.send(200, "application/json; charset=utf-8", snapshot().toJsonText());
            default -> reply.send(200, "text/html; charset=utf-8", StatusPage.render(snapshot()));
        }
    }

    private void healthz(Reply reply) {
        boolean alive = state.schedulerAlive();
        reply.send(alive ? 200 : 503, TEXT, alive ? "ok\n" : "scheduler not running\n");
    }

    private void readyz(Reply reply) {
        List<String> reasons = new ArrayList<>(state.notReadyReasons());
        String store = fromStore(() -> {
            trail.verdicts().ping();
            return true;
        }).failure();
        if (store != null) {
            reasons.add(store);
        }
        List<String> details = reasons.isEmpty() ? state.readyDetails() : List.of();
        reply.send(reasons.isEmpty() ? 200 : 503, TEXT, reasons.isEmpty()
                ? "ready\n" + (details.isEmpty() ? "" : String.join("\n", oneLineEach(details)) + "\n")
                : String.join("\n", oneLineEach(reasons)) + "\n");
    }

    private void metrics(Reply reply) {
        // The gauges read from the store keep their last values when it does not answer now.
        String failed = fromStore(() -> {
            metrics.refresh();
            return true;
        }).failure();
        if (failed != null) {
            LOG.debug("metrics scraped with the store's last values: {}", failed);
        }
        reply.send(200, PROMETHEUS, metrics.scrape());
    }

    /** One check's page; the path is parsed as sent (still encoded), so an encoded '/' in a name cannot move its parts. */
    private void checkPage(Request request, Reply reply) {
        Optional<CheckKey> key = CheckPageLinks.parse(request.getHttpURI().getPath());
        if (key.isEmpty()) {
            reply.send(404, TEXT, "not found: a check's page is /checks/CONTRACT/ENVIRONMENT/CHECK, linked from the status page\n");
            return;
        }
        CheckView.Pair asked;
        try {
            asked = comparison(Request.extractQueryParameters(request));
        } catch (RuntimeException e) { // a number that is not one, or a query that is not valid percent-encoded UTF-8
            reply.send(400, TEXT, "bad request: from and to are reading ids from the page's list of versions, given both or neither\n");
            return;
        }
        ScheduledCheck scheduled = state.scheduledChecks().stream().filter(s -> s.key().equals(key.get())).findFirst().orElse(null);
        StoreRead<PageRead> read = fromStore(() -> {
            try {
                return new PageRead(CheckView.read(key.get(), scheduled, trail, clock.instant(), asked), null);
            } catch (CheckView.NotFound e) {
                return new PageRead(null, e.getMessage());
            }
        });
        if (read.failure() != null) {
            reply.send(503, TEXT, oneLineEach(List.of(read.failure())).get(0) + "\n");
        } else if (read.value().notFound() != null) {
            reply.send(404, TEXT, read.value().notFound() + "\n");
        } else {
            // Rendered here, not on the store's one thread: the diff of two long pages takes a while.
            reply.send(200, "text/html; charset=utf-8", CheckPage.render(read.value().view()));
        }
    }

    /** A check's page as read from the store, or why there is none. */
    private record PageRead(CheckView view, String notFound) {}

    /** The two readings a check page compares ({@code ?from=ID&to=ID}); null for the default pair. */
    private static CheckView.Pair comparison(Fields query) {
        String from = query.getValue("from");
        String to = query.getValue("to");
        if (from == null && to == null) {
            return null;
        }
        if (from == null || to == null) {
            throw new IllegalArgumentException("one of from and to");
        }
        return new CheckView.Pair(Long.parseLong(from), Long.parseLong(to));
    }

    private StatusSnapshot snapshot() {
        StoreRead<StatusSnapshot> read = fromStore(() -> StatusSnapshot.take(state, trail, clock));
        return read.failure() == null ? read.value() : StatusSnapshot.withoutHistory(state, clock, read.failure());
    }

    /** What a read of the store gave: its value, or why there is none (a readiness reason). */
    private record StoreRead<T>(T value, String failure) {
        static <T> StoreRead<T> failed(String why) {
            return new StoreRead<>(null, why);
        }
    }

    /** Runs {@code read} on the store's thread and waits for it at most {@link #STORE_WAIT}. */
    private <T> StoreRead<T> fromStore(Callable<T> read) {
        if (!storeReadSlot.tryAcquire()) {
            return StoreRead.failed("audit trail unreachable: an earlier read has not answered yet (locked?)");
        }
        Future<T> f;
        try {
            f = storeReader.submit(() -> {
                try {
                    return read.call();
                } finally {
                    storeReadSlot.release(); // when the read ends, not when its caller stops waiting
                }
            });
        } catch (RejectedExecutionException e) {
            storeReadSlot.release();
            return StoreRead.failed("audit trail unreachable: the status server is stopping");
        }
        try {
            return new StoreRead<>(f.get(STORE_WAIT.toMillis(), TimeUnit.MILLISECONDS), null);
        } catch (TimeoutException e) {
            return StoreRead.failed("audit trail unreachable: no answer within " + STORE_WAIT.toSeconds() + " s (locked?)");
        } catch (ExecutionException e) {
            return StoreRead.failed(StatusSnapshot.unreachable(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StoreRead.failed("audit trail unreachable: interrupted");
        }
    }

    private static List<String> oneLineEach(List<String> reasons) {
        return reasons.stream().map(r -> r.replaceAll("[\\r\\n]+", " ")).toList();
    }

    /** One answer of the whole body at once; Jetty leaves the body out of the answer to a HEAD. */
    private record Reply(Response response, Callback callback) {
        void send(int code, String type, String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            response.setStatus(code);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
            response.write(true, ByteBuffer.wrap(bytes), callback);
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
