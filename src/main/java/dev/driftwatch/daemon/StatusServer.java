package dev.driftwatch.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.driftwatch.audit.AuditTrail;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the running daemon shows to orchestrators and people, over the JDK's HTTP server:
 * {@code /healthz}, {@code /readyz}, {@code /metrics}, {@code /api/status} and the status page {@code /}.
 * Reads of the audit trail run on one thread of their own and are waited for a bounded time, so a
 * store that is locked or gone makes {@code /readyz} say so instead of blocking every answer.
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
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ThreadPoolExecutor storeReader;

    /** Binds {@code bind} at once (port 0 picks a free one: see {@link #port()}); answers once {@link #start()} is called. */
    public StatusServer(InetSocketAddress bind, DaemonState state, AuditTrail trail, DaemonMetrics metrics, Clock clock) {
        this.state = state;
        this.trail = trail;
        this.metrics = metrics;
        this.clock = clock;
        try {
            this.server = HttpServer.create(bind, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bind + " for the status endpoints: " + e.getMessage()
                    + " — choose another port or free this one", e);
        }
        this.handlers = Executors.newFixedThreadPool(2, daemonThreads("driftwatch-http"));
        // One reader, no queue: while a read is stuck on a locked store, the next request is told so at once.
        this.storeReader = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new SynchronousQueue<>(), daemonThreads("driftwatch-http-store"));
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
    }

    public StatusServer start() {
        server.start();
        return this;
    }

    /** The port it listens on: the one bound, when port 0 was asked for. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(1);
        handlers.shutdownNow();
        storeReader.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            boolean probe = path.equals("/healthz") || path.equals("/readyz");
            boolean known = probe || path.equals("/metrics") || path.equals("/api/status") || path.equals("/");
            if (!known) {
                send(ex, 404, TEXT, "not found: the endpoints are /, /api/status, /metrics, /healthz and /readyz\n");
                return;
            }
            boolean head = probe && method.equals("HEAD");
            if (!method.equals("GET") && !head) {
                ex.getResponseHeaders().set("Allow", probe ? "GET, HEAD" : "GET");
                send(ex, 405, TEXT, "method not allowed: use GET\n");
                return;
            }
            switch (path) {
                case "/healthz" -> healthz(ex, head);
                case "/readyz" -> readyz(ex, head);
                case "/metrics" -> metrics(ex);
                case "/api/status" -> send(ex, 200, "application/json; charset=utf-8", snapshot().toJsonText());
                default -> send(ex, 200, "text/html; charset=utf-8", StatusPage.render(snapshot()));
            }
        } catch (RuntimeException e) {
            LOG.warn("status endpoint {} failed: {}", ex.getRequestURI().getPath(), e.toString(), e);
            sendQuietly(ex, 500, "internal error; see the daemon's log\n");
        }
    }

    private void healthz(HttpExchange ex, boolean head) throws IOException {
        boolean alive = state.schedulerAlive();
        reply(ex, head, alive ? 200 : 503, alive ? "ok\n" : "scheduler not running\n");
    }

    private void readyz(HttpExchange ex, boolean head) throws IOException {
        List<String> reasons = new ArrayList<>(state.notReadyReasons());
        String store = fromStore(() -> {
            trail.ping();
            return true;
        }).failure();
        if (store != null) {
            reasons.add(store);
        }
        reply(ex, head, reasons.isEmpty() ? 200 : 503, reasons.isEmpty() ? "ready\n" : String.join("\n", oneLineEach(reasons)) + "\n");
    }

    private void metrics(HttpExchange ex) throws IOException {
        // The gauges read from the store keep their last values when it does not answer now.
        String failed = fromStore(() -> {
            metrics.refresh();
            return true;
        }).failure();
        if (failed != null) {
            LOG.debug("metrics scraped with the store's last values: {}", failed);
        }
        send(ex, 200, PROMETHEUS, metrics.scrape());
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
        Future<T> f;
        try {
            f = storeReader.submit(read);
        } catch (RejectedExecutionException e) {
            return StoreRead.failed("audit trail unreachable: an earlier read has not answered yet (locked?)");
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

    private static void reply(HttpExchange ex, boolean head, int code, String body) throws IOException {
        if (head) {
            headers(ex, TEXT);
            ex.sendResponseHeaders(code, -1);
        } else {
            send(ex, code, TEXT, body);
        }
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers(ex, type);
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void headers(HttpExchange ex, String type) {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    }

    private static void sendQuietly(HttpExchange ex, int code, String body) {
        try {
            send(ex, code, TEXT, body);
        } catch (IOException | RuntimeException e) {
            // Headers already sent, or the client is gone: nothing more can be said to it.
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
