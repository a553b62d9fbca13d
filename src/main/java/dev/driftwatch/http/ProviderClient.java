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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Sends requests to a provider over one shared OkHttp client: bounded time, bounded body size,
 * retries with exponential backoff and full jitter, {@code Retry-After} honoured on 429 and 503.
 * Redirects are never followed here: the caller decides, and the key never leaves its origin.
 */
public final class ProviderClient {
    private static final String USER_AGENT = "driftwatch/" + Version.current() + " (+contract verification)";
    private final OkHttpClient client;
    private final HttpSettings settings;
    private final Sleeper sleeper;
    private final Clock clock;

    /** Pauses between attempts; tests and the daemon's shutdown can interrupt it. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public ProviderClient(HttpSettings settings, Clock clock) {
        this(newHttpClient(settings), settings, d -> Thread.sleep(d.toMillis()), clock);
    }

    ProviderClient(OkHttpClient client, HttpSettings settings, Sleeper sleeper, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** The one client every check shares: pooled connections, no automatic redirects or retries. */
    static OkHttpClient newHttpClient(HttpSettings s) {
        return new OkHttpClient.Builder()
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
        return new ProviderClient(c, settings, sleeper, clock);
    }

    /** The same client with a longer call and read timeout, for slow paid probes. */
    public ProviderClient withTimeout(Duration callTimeout) {
        OkHttpClient c = client.newBuilder().callTimeout(callTimeout).readTimeout(callTimeout).build();
        return new ProviderClient(c, settings, sleeper, clock);
    }

    /** The longest {@link #send} can take: every attempt's call timeout plus the waits between them. */
    public Duration worstCase() {
        RetrySettings r = settings.retries();
        Duration call = Duration.ofMillis(client.callTimeoutMillis());
        Duration wait = r.maxDelay().duration().compareTo(r.maxRetryAfter().duration()) > 0 ? r.maxDelay().duration() : r.maxRetryAfter().duration();
        return call.multipliedBy(r.maxAttempts()).plus(wait.multipliedBy(r.maxAttempts() - 1L)).plusSeconds(5);
    }

    public ProviderResponse send(Request request, SendMode mode) throws ExchangeFailure {
        RetrySettings retry = settings.retries();
        int max = retry.maxAttempts();
        Request withAgent = request.newBuilder().header("User-Agent", USER_AGENT).build();
        for (int attempt = 1; ; attempt++) {
            SendMarker marker = new SendMarker();
            Request r = withAgent.newBuilder().tag(SendMarker.class, marker).build();
            long start = System.nanoTime();
            ProviderResponse answer;
            try (Response response = client.newCall(r).execute()) {
                answer = read(response, start, attempt);
            } catch (ExchangeFailure tooLarge) {
                throw tooLarge;
            } catch (IOException e) {
                boolean mayHaveBeenProcessed = marker.sent.get();
                boolean again = attempt < max && (mode == SendMode.REPEATABLE || !mayHaveBeenProcessed);
                if (!again) {
                    throw new ExchangeFailure("unreachable", describe(e, r) + attempts(attempt)
                            + (mode == SendMode.PAID && mayHaveBeenProcessed && attempt < max ? "; not retried, the paid request may have been processed" : ""), attempt);
                }
                pause(backoff(attempt, retry), attempt);
                continue;
            }
            if (attempt < max && retryable(answer, mode)) {
                Optional<Duration> after = RetryAfter.parse(answer.header("Retry-After"), clock.instant());
                if (after.isPresent() && after.get().compareTo(retry.maxRetryAfter().duration()) > 0) {
                    return answer; // waiting that long is not a check's job; the caller reports it
                }
                pause(after.isPresent() ? after.get() : backoff(attempt, retry), attempt);
                continue;
            }
            return answer;
        }
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

    private void pause(Duration d, int attempt) throws ExchangeFailure {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExchangeFailure("unreachable", "interrupted while waiting to retry" + attempts(attempt), attempt);
        }
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

    /** Set once the request is about to be written to a live connection: from then on it may have been processed. */
    static final class SendMarker {
        final AtomicBoolean sent = new AtomicBoolean();
    }
}
