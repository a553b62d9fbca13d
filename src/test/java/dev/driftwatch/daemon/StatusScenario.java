package dev.driftwatch.daemon;

import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.check.Change;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.testing.AlertScenario;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A running daemon as its endpoints see it: the shipped checks.yaml, a real SQLite trail filled with
 * verdicts of a bad morning (the model vanished from /v1/models, with an incident open; the paid probe
 * over budget; a docs page edited), a {@link FakeState} standing in for the scheduler, and the
 * {@link StatusServer} on a free port of the loopback.
 */
final class StatusScenario implements AutoCloseable {
    static final String CONTRACT = "wisgate-gpt-image-2";
    static final CheckKey MODELS = AlertScenario.MODELS;
    static final CheckKey ENDPOINT = new CheckKey(CONTRACT, "production", "endpoint");
    static final CheckKey GENERATION = new CheckKey(CONTRACT, "production", "generation");
    static final CheckKey DOCS_MODELS = new CheckKey(CONTRACT, "public", "docs:models");
    static final CheckKey DOCS_HOME = new CheckKey(CONTRACT, "public", "docs:home");
    static final CheckKey STAGING_MODELS = new CheckKey(CONTRACT, "staging", "models");
    /** What a provider's error page put in a finding: it must reach the page as text, never as markup. */
    static final String SCRIPT = "<script>alert(1)</script>";

    final AlertScenario alerts;
    final FakeState state = new FakeState();
    final DaemonMetrics metrics;
    final StatusServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    StatusScenario(Path dir) {
        alerts = new AlertScenario(dir).alerts("  slack:\n    webhookUrlEnv: SLACK_WEBHOOK_URL\n").start(); // alerts to the log
        state.scheduled.addAll(List.of(
                new ScheduledCheck(MODELS, "0 */15 * * * ?", AlertScenario.START.plus(Duration.ofHours(3))),
                new ScheduledCheck(ENDPOINT, "30 5/30 * * * ?", AlertScenario.START.plus(Duration.ofHours(3))),
                new ScheduledCheck(GENERATION, "0 0 6 * * ?", AlertScenario.START.plus(Duration.ofDays(1))),
                new ScheduledCheck(DOCS_MODELS, "0 25 */6 * * ?", null),
                new ScheduledCheck(DOCS_HOME, "0 20 */6 * * ?", AlertScenario.START.plus(Duration.ofHours(4))),
                new ScheduledCheck(STAGING_MODELS, "0 */15 * * * ?", AlertScenario.START.plus(Duration.ofHours(3)))));
        metrics = new DaemonMetrics(trail(), Map.of(CONTRACT, 1), alerts.clock);
        alerts.alerting().worker().onDelivery(metrics);
        server = new StatusServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), HttpAccess.open(), HttpLimits.DEFAULTS, state, trail(),
                metrics, alerts.clock).start();
    }

    AuditTrail trail() {
        return alerts.trail();
    }

    /** The morning: models passes twice then breaks (incident opened), the rest as their names say; the outbox flushed. */
    StatusScenario badMorning() {
        run(verdict(MODELS, Outcome.PASS, "gpt-image-2 is listed (4 models)"));
        run(verdict(MODELS, Outcome.PASS, "gpt-image-2 is listed (4 models)"));
        run(verdict(ENDPOINT, Outcome.PASS, "POST /v1/images/generations refuses n=0 with 400"));
        run(verdict(STAGING_MODELS, Outcome.PASS, "gpt-image-2 is listed (3 models)"));
        trail().reservePaidCall(GENERATION, 1, alerts.clock.instant());
        run(verdict(GENERATION, Outcome.UNVERIFIED, "daily budget of 1 paid call spent"));
        run(verdict(DOCS_MODELS, Outcome.CHANGED, "docs page models changed: 2 lines",
                Finding.info("docs-page-changed", "main", null, "gpt-image-2.5 added").as(Change.NEW)));
        run(verdict(MODELS, Outcome.BROKEN, "model-not-listed at /data: expected gpt-image-2 listed, got " + SCRIPT,
                Finding.error("model-not-listed", "/data", "gpt-image-2 listed", SCRIPT)));
        alerts.flush();
        return this;
    }

    /** Records a verdict as a scheduled run does: the trail, the incidents, the listener; then 15 minutes pass. */
    void run(Verdict v) {
        alerts.flow().accept(v);
        metrics.checkFinished(v);
        alerts.clock.advance(Duration.ofMinutes(15));
    }

    Verdict verdict(CheckKey key, Outcome outcome, String summary, Finding... findings) {
        return new Verdict(key, outcome, summary, List.of(findings), new Evidence(200, 84L, "req_9f2c", Map.of()),
                alerts.clock.instant(), key.check().equals("generation") ? 42_000 : 84);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    HttpResponse<String> get(String path) {
        return send(path, "GET");
    }

    /** A GET that gives up after {@code timeout}: for what must answer soon. */
    HttpResponse<String> get(String path, Duration timeout) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).timeout(timeout).GET().build());
    }

    HttpResponse<String> send(String path, String method) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    HttpResponse<String> send(HttpRequest req) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        alerts.close();
    }

    /** The scheduler's side of the seam, set by each test. */
    static final class FakeState implements DaemonState {
        volatile boolean alive = true;
        final List<String> reasons = new CopyOnWriteArrayList<>();
        final List<ScheduledCheck> scheduled = new CopyOnWriteArrayList<>();
        /** When set, a read of the store (on the status server's store thread) waits for it: a store that hangs. */
        volatile java.util.concurrent.CountDownLatch storeHangsUntil;

        @Override
        public boolean schedulerAlive() {
            return alive;
        }

        @Override
        public List<String> notReadyReasons() {
            return List.copyOf(reasons);
        }

        @Override
        public List<ScheduledCheck> scheduledChecks() {
            java.util.concurrent.CountDownLatch hang = storeHangsUntil;
            if (hang != null && Thread.currentThread().getName().startsWith("driftwatch-http-store")) {
                try {
                    hang.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return List.copyOf(scheduled);
        }

        @Override
        public String configFile() {
            return "/etc/driftwatch/checks.yaml";
        }

        @Override
        public Instant configLoadedAt() {
            return AlertScenario.START;
        }
    }
}
