package dev.driftwatch.http;

import dev.driftwatch.config.HttpSettings;
import dev.driftwatch.config.RetrySettings;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Sends requests to a provider over one shared OkHttp client: bounded time, bounded body size,
 * retries with exponential backoff and full jitter, {@code Retry-After} honoured on 429 and 503.
 * Redirects are never followed here: the caller decides, and the key never leaves its origin.
 * Requests are OkHttp's asynchronous calls under {@link InFlight}'s limits: one waiting for its turn, or for its next
 * attempt, holds no thread.
 */
public final class ProviderClient {
    private static final String USER_AGENT = "driftwatch/" + Version.current() + " (+contract verification)";
    /** Waits between attempts: one timer thread for every client, whatever the number of requests waiting. */
    private static final ScheduledExecutorService RETRY_TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "driftwatch-retry-timer");
        t.setDaemon(true);
        return t;
    });
    private final OkHttpClient client;
    private final HttpSettings settings;
    private final InFlight inFlight;
    private final Clock clock;

    public ProviderClient(HttpSettings settings, Clock clock) {
        this(newHttpClient(settings), settings, new InFlight(settings.maxInFlight(), settings.maxInFlightPerHost()), clock);
    }

    private ProviderClient(OkHttpClient client, HttpSettings settings, InFlight inFlight, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.inFlight = inFlight;
        this.clock = clock;
    }

    /** The one client every check shares: pooled connections, no automatic redirects or retries. */
    static OkHttpClient newHttpClient(HttpSettings s) {
        // InFlight decides what goes; OkHttp's own queue (64 in all, 5 a host by default) must not hold anything back.
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(s.maxInFlight());
        dispatcher.setMaxRequestsPerHost(s.maxInFlight());
        return new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                // Idle connections kept for the next round of checks, as many as may be in use at once (across hosts):
                // OkHttp's default of 5 made every burst of due checks open (and, for a real provider, TLS-handshake)
                // all but five of its connections again.
                .connectionPool(new ConnectionPool(Math.max(5, s.maxInFlight()), 5, TimeUnit.MINUTES))
                .connectTimeout(s.connectTimeout().duration())
                .readTimeout(s.readTimeout().duration())
                .writeTimeout(s.readTimeout().duration())
                .callTimeout(s.callTimeout().duration())
                .followRedirects(false)
                .followSslRedirects(false)
                // OkHttp would silently re-send on some connection failures; a paid POST must not be.
                .retryOnConnectionFailure(false)
                .addNetworkInterceptor(chain -> {
                    SendMarker marker = chain.request().tag(SendMarker.class);
                    if (marker != null) {
                        marker.sent.set(true);
                    }
                    return chain.proceed(chain.request());
                })
                .build();
    }

    /** A client for key-less downloads (image URLs): same pool, follows redirects, longer call timeout. */
    public ProviderClient forDownloads(Duration callTimeout) {
        OkHttpClient c = client.newBuilder().followRedirects(true).followSslRedirects(true)
                .callTimeout(callTimeout).readTimeout(callTimeout).build();
        return new ProviderClient(c, settings, inFlight, clock);
    }

    /** The same client with a longer call and read timeout, for slow paid probes. */
    public ProviderClient withTimeout(Duration callTimeout) {
        OkHttpClient c = client.newBuilder().callTimeout(callTimeout).readTimeout(callTimeout).build();
        return new ProviderClient(c, settings, inFlight, clock);
    }

    /** The longest {@link #send} can take: every attempt's call timeout plus the waits between them. */
    public Duration worstCase() {
        RetrySettings r = settings.retries();
        Duration call = Duration.ofMillis(client.callTimeoutMillis());
        Duration wait = r.maxDelay().duration().compareTo(r.maxRetryAfter().duration()) > 0 ? r.maxDelay().duration() : r.maxRetryAfter().duration();
        return call.multipliedBy(r.maxAttempts()).plus(wait.multipliedBy(r.maxAttempts() - 1L)).plusSeconds(5);
    }

    /** The requests in flight and waiting, for the metrics. */
    public InFlight inFlight() {
        return inFlight;
    }

    /** {@link #sendAsync}, waited for. Interrupting the waiting thread cancels the request. */
    public ProviderResponse send(Request request, SendMode mode) throws ExchangeFailure {
        CompletableFuture<ProviderResponse> answer = sendAsync(request, mode);
        try {
            return answer.get();
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new ExchangeFailure("unreachable", "interrupted before " + request.url().host() + " answered", 1);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ExchangeFailure f) {
                throw f;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Sends {@code request} when its host and the whole client have room, and again after a failure {@code mode}
     * allows to retry, after a backoff on the timer. Completes with the answer, or exceptionally with an
     * {@link ExchangeFailure}; cancelling it cancels the call in flight or the wait.
     */
    public CompletableFuture<ProviderResponse> sendAsync(Request request, SendMode mode) {
        CompletableFuture<ProviderResponse> result = new CompletableFuture<>();
        attempt(request.newBuilder().header("User-Agent", USER_AGENT).tag(Tries.class, new Tries()).build(), mode, 1, result);
        return result;
    }

    private void attempt(Request request, SendMode mode, int attempt, CompletableFuture<ProviderResponse> result) {
        CompletableFuture<InFlight.Permit> turn = inFlight.acquire(request.url().scheme() + "://" + request.url().host() + ":" + request.url().port());
        result.whenComplete((v, e) -> turn.cancel(false));
        turn.thenAccept(permit -> {
            if (result.isDone()) {
                permit.release(0);
                return;
            }
            try {
                send(request, mode, attempt, result, permit);
            } catch (RuntimeException e) {
                permit.release(0);
                result.completeExceptionally(e); // never left waiting
            }
        });
    }

    /** One attempt, its turn taken: the call goes out; its answer or failure gives the turn back with what the host said. */
    private void send(Request request, SendMode mode, int attempt, CompletableFuture<ProviderResponse> result, InFlight.Permit permit) {
        SendMarker marker = new SendMarker();
        Request r = request.newBuilder().tag(SendMarker.class, marker).build();
        long start = System.nanoTime();
        Call call = client.newCall(r);
        result.whenComplete((v, e) -> {
            if (e instanceof CancellationException) {
                call.cancel();
            }
        });
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                permit.release(0);
                failed(request, mode, attempt, result, r, marker, e);
            }

            @Override
            public void onResponse(Call c, Response response) {
                ProviderResponse answer;
                try (response) {
                    answer = read(response, start, attempt);
                } catch (ExchangeFailure tooLarge) {
                    permit.release(response.code());
                    result.completeExceptionally(tooLarge);
                    return;
                } catch (IOException e) {
                    permit.release(0);
                    failed(request, mode, attempt, result, r, marker, e);
                    return;
                } catch (RuntimeException e) {
                    permit.release(0);
                    result.completeExceptionally(e);
                    return;
                }
                permit.release(answer.status());
                answered(request, mode, attempt, result, answer);
            }
        });
    }

    /** No answer: tried again when {@code mode} allows it (a paid request only if it never left), else the failure. */
    private void failed(Request request, SendMode mode, int attempt, CompletableFuture<ProviderResponse> result, Request r, SendMarker marker,
                        IOException e) {
        int max = settings.retries().maxAttempts();
        request.tag(Tries.class).otherThanGarbled = true;
        boolean mayHaveBeenProcessed = marker.sent.get();
        if (attempt < max && (mode == SendMode.REPEATABLE || !mayHaveBeenProcessed)) {
            later(backoff(attempt, settings.retries()), () -> attempt(request, mode, attempt + 1, result), result);
            return;
        }
        result.completeExceptionally(new ExchangeFailure("unreachable", describe(e, r) + attempts(attempt)
                + (mode == SendMode.PAID && mayHaveBeenProcessed && attempt < max ? "; not retried, the paid request may have been processed" : ""), attempt));
    }

    /** An answer: tried again when it is a retryable status and the wait it asks for is not too long, else the answer. */
    private void answered(Request request, SendMode mode, int attempt, CompletableFuture<ProviderResponse> result, ProviderResponse answer) {
        RetrySettings retry = settings.retries();
        Tries tries = request.tag(Tries.class);
        boolean garbled = garbled(request, answer, mode);
        if (garbled && attempt >= retry.maxAttempts() && tries.otherThanGarbled) {
            // The last answer was garbled and an earlier one failed otherwise (a 5xx, a timeout): an erratic provider,
            // not a release that changed the answer's format, which would garble every attempt alike.
            result.completeExceptionally(new ExchangeFailure("unreachable", "the provider's answers failed or came garbled ("
                    + (answer.isJson() ? "malformed JSON" : answer.contentType() == null ? "no Content-Type" : answer.contentType())
                    + " with HTTP " + answer.status() + ")" + attempts(attempt), attempt));
            return;
        }
        if (!garbled) {
            tries.otherThanGarbled = true;
        }
        if (attempt < retry.maxAttempts() && (retryable(answer, mode) || garbled)) {
            Optional<Duration> after = RetryAfter.parse(answer.header("Retry-After"), clock.instant());
            if (after.isEmpty() || after.get().compareTo(retry.maxRetryAfter().duration()) <= 0) {
                later(after.orElseGet(() -> backoff(attempt, retry)), () -> attempt(request, mode, attempt + 1, result), result);
                return;
            }
            // waiting that long is not a check's job; the caller reports it
        }
        result.complete(answer);
    }

    private static void later(Duration wait, Runnable next, CompletableFuture<?> result) {
        java.util.concurrent.ScheduledFuture<?> pending = RETRY_TIMER.schedule(next, Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
        result.whenComplete((v, e) -> pending.cancel(false));
    }

    /**
     * A success answer to a repeatable request for JSON that is not JSON: a CDN's or proxy's HTML page, a body cut off
     * with its framing intact. One such answer is a blip, not a release; it is asked again, as a 503 would be, and only
     * an answer that stays garbled through the retries reaches the check (which calls it a break).
     */
    private static boolean garbled(Request request, ProviderResponse r, SendMode mode) {
        if (mode != SendMode.REPEATABLE || !r.isSuccess() || r.status() == 204) {
            return false;
        }
        String accept = request.header("Accept");
        if (accept == null || !accept.contains("json")) {
            return false;
        }
        return !r.isJson() || !JsonSyntax.wellFormed(r.body());
    }

    private static boolean retryable(ProviderResponse r, SendMode mode) {
        int s = r.status();
        if (mode == SendMode.PAID) {
            return s == 429 || (s == 503 && r.header("Retry-After") != null);
        }
        return s == 408 || s == 429 || s == 500 || s == 502 || s == 503 || s == 504;
    }

    private ProviderResponse read(Response response, long start, int attempt) throws IOException, ExchangeFailure {
        long cap = settings.maxResponseSize().bytes();
        ResponseBody body = response.body();
        if (body.contentLength() > cap) {
            throw tooLarge(body.contentLength(), cap, attempt);
        }
        BufferedSource source = body.source();
        if (source.request(cap + 1)) {
            throw tooLarge(-1, cap, attempt);
        }
        byte[] bytes = source.readByteArray();
        long latency = (System.nanoTime() - start) / 1_000_000;
        String contentType = body.contentType() == null ? response.header("Content-Type") : body.contentType().toString();
        return new ProviderResponse(response.code(), response.headers(), bytes, contentType, latency, attempt,
                response.request().url().newBuilder().query(null).build().toString());
    }

    private ExchangeFailure tooLarge(long declared, long cap, int attempt) {
        return new ExchangeFailure("response-too-large", "response body " + (declared > 0 ? "of " + declared + " bytes " : "")
                + "exceeds the cap of " + settings.maxResponseSize() + " (http.maxResponseSize); not read", attempt);
    }

    /** Full jitter (AWS architecture blog): spreads retries of many checks over the window. */
    private static Duration backoff(int attempt, RetrySettings r) {
        long ceiling = Math.min(r.maxDelay().duration().toMillis(), r.baseDelay().duration().toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, Math.max(ceiling / 2 + 1, ceiling + 1)));
    }

    private static String describe(IOException e, Request r) {
        String host = r.url().host() + ":" + r.url().port();
        if (e instanceof UnknownHostException) {
            return "DNS lookup failed for " + r.url().host();
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return "connection refused by " + host;
        }
        if (e instanceof SSLException) {
            return "TLS handshake with " + host + " failed (" + oneLine(e.getMessage()) + ")";
        }
        if (e instanceof InterruptedIOException) {
            return "timed out talking to " + host;
        }
        return "connection to " + host + " failed (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage())) + ")";
    }

    private static String attempts(int n) {
        return n == 1 ? "" : " after " + n + " attempts";
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.lines().findFirst().orElse("");
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }

    /** What the attempts of one request met so far: whether any of them failed otherwise than with a garbled answer. */
    static final class Tries {
        volatile boolean otherThanGarbled;
    }

    /** Set once the request is about to be written to a live connection: from then on it may have been processed. */
    static final class SendMarker {
        final AtomicBoolean sent = new AtomicBoolean();
    }
}
