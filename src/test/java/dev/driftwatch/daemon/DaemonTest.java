package dev.driftwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.driftwatch.audit.AlertKind;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.OutboxRow;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.testing.FakeProvider;
import dev.driftwatch.testing.SlackStandIn;
import dev.driftwatch.testing.TestWorkspace;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon in-process with every live-API check scheduled every second, against the simulated
 * provider and a Slack stand-in (incoming webhook): what an engineer sees over days, in seconds.
 */
class DaemonTest {
    private static final String CONTRACT = "wisgate-gpt-image-2";
    private static final CheckKey MODELS = new CheckKey(CONTRACT, "production", "models");
    private static final CheckKey ENDPOINT = new CheckKey(CONTRACT, "production", "endpoint");
    private static final CheckKey HOME = new CheckKey(CONTRACT, dev.driftwatch.docs.DocsCheck.ENVIRONMENT, "docs:home");
    private static final List<String> HEALTHY = List.of("gpt-image-2", "gpt-image-1", "gpt-image-1-mini", "dall-e-3");
    private static final String EVERY_SECOND = "\"* * * * * ?\"";
    private static final Duration LONG = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    FakeProvider provider;
    SlackStandIn slack;
    TestWorkspace ws;
    Map<String, String> env;
    Daemon daemon;
    final List<Verdict> verdicts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        provider = new FakeProvider();
        slack = new SlackStandIn();
        ws = new TestWorkspace(dir);
        env = new HashMap<>(ws.env(provider));
        env.put("SLACK_WEBHOOK_URL", slack.webhookUrl());
        ws.alerts("  slack:\n    webhookUrlEnv: SLACK_WEBHOOK_URL\n    timeout: 500ms\n");
        ws.edit("\"0 */15 * * * ?\"", EVERY_SECOND).edit("\"30 5/30 * * * ?\"", EVERY_SECOND);
    }

    @AfterEach
    void tearDown() {
        if (daemon != null) {
            daemon.stop(Duration.ofSeconds(10));
        }
        provider.close();
        slack.close();
    }

    private Daemon start(boolean watch) throws Exception {
        DaemonSettings settings = DaemonSettings.defaults(ws.config).withJitterSeconds(0).withWatchConfig(watch)
                .withGrace(Duration.ofSeconds(10)).withPort(0);
        daemon = new Daemon(env, Clock.systemUTC(), settings);
        daemon.addListener(verdicts::add);
        daemon.start();
        return daemon;
    }

    /** "STATUS body" of a GET to the running daemon's HTTP port. */
    private String get(String path) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + daemon.httpPort() + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body().strip();
    }

    private long count(CheckKey key, Outcome outcome) {
        return verdicts.stream().filter(v -> v.key().equals(key) && v.outcome() == outcome).count();
    }

    private long count(CheckKey key) {
        return verdicts.stream().filter(v -> v.key().equals(key)).count();
    }

    private long slackStartingWith(String prefix) {
        return slack.texts().stream().filter(t -> t != null && t.startsWith(prefix)).count();
    }

    private List<OutboxRow> outbox() {
        try (AuditTrail trail = AuditTrail.openSqlite(dir.resolve("data/driftwatch.db"))) {
            return trail.outbox().all();
        }
    }

    @Test
    void modelRemovedFromTheListBrokenEverySecondOneSlackAlertRevertedOneResolved() throws Exception {
        start(false);
        assertThat(daemon.schedulerAlive()).isTrue();
        assertThat(daemon.scheduledChecks()).extracting(ScheduledCheck::key).contains(MODELS, ENDPOINT, HOME);
        await().atMost(LONG).until(() -> count(MODELS, Outcome.PASS) >= 2 && count(ENDPOINT, Outcome.PASS) >= 1);
        assertThat(daemon.notReadyReasons()).isEmpty();

        provider.models = List.of("gpt-image-2.5", "gpt-image-1");
        await().atMost(LONG).until(() -> slackStartingWith("BROKEN") == 1);
        long broken = count(MODELS, Outcome.BROKEN);
        await().atMost(LONG).until(() -> count(MODELS, Outcome.BROKEN) >= broken + 3);
        assertThat(slackStartingWith("BROKEN")).as("one alert per incident, however many BROKEN runs").isEqualTo(1);
        assertThat(slack.texts()).filteredOn(t -> t.startsWith("BROKEN")).singleElement()
                .satisfies(t -> assertThat(t).startsWith("BROKEN · wisgate-gpt-image-2 · production · models"));
        // What an orchestrator and a person see meanwhile, on the daemon's own port.
        assertThat(get("/healthz")).isEqualTo("200 ok");
        assertThat(get("/metrics")).contains("driftwatch_check_runs_total{check=\"models\",contract=\"wisgate-gpt-image-2\",environment=\"production\",verdict=\"BROKEN\"}")
                .contains("driftwatch_incidents_open 1.0");
        assertThat(get("/")).contains("data-check=\"wisgate-gpt-image-2/production/models\" data-verdict=\"BROKEN\"");

        provider.models = HEALTHY;
        await().atMost(LONG).until(() -> slackStartingWith("RESOLVED") == 1);
        long passes = count(MODELS, Outcome.PASS);
        await().atMost(LONG).until(() -> count(MODELS, Outcome.PASS) >= passes + 3);
        assertThat(slackStartingWith("RESOLVED")).isEqualTo(1);
        assertThat(slackStartingWith("BROKEN")).isEqualTo(1);

        daemon.stop(Duration.ofSeconds(10));
        assertThat(daemon.schedulerAlive()).isFalse();
        try (AuditTrail trail = AuditTrail.openSqlite(dir.resolve("data/driftwatch.db"))) {
            List<Verdict> history = trail.history(MODELS, 1000);
            assertThat(history).extracting(Verdict::outcome).contains(Outcome.PASS, Outcome.BROKEN);
            // Every verdict the listeners saw is in the trail: nothing is lost between the check and the store.
            assertThat(history).hasSizeGreaterThanOrEqualTo((int) count(MODELS));
            assertThat(trail.verifyChain().intact()).isTrue();
        }
        assertThat(ws.dataFilesText()).doesNotContain(FakeProvider.KEY).doesNotContain("XXXXsecretwebhookpart");
    }

    @Test
    void anInvalidReloadIsRefusedAlertedOnceAndTheOldConfigurationKeepsRunning() throws Exception {
        start(false);
        await().atMost(LONG).until(() -> count(MODELS) >= 1);
        String good = ws.configText();

        ws.edit(EVERY_SECOND, "\"every second\"");
        assertThat(daemon.reload()).isFalse();
        assertThat(daemon.notReadyReasons()).singleElement().satisfies(r -> assertThat(r)
                .startsWith("last reload of " + ws.config + " refused: ").contains("checks.yaml:").contains("not a Quartz cron expression"));
        long before = count(MODELS);
        await().atMost(LONG).until(() -> count(MODELS) >= before + 3 && count(ENDPOINT) >= 3);
        assertThat(daemon.scheduledChecks()).filteredOn(c -> c.key().equals(MODELS)).singleElement()
                .satisfies(c -> assertThat(c.schedule()).isEqualTo("* * * * * ?"));
        await().atMost(LONG).until(() -> slackStartingWith("CONFIG REFUSED") == 1);
        assertThat(slack.texts()).filteredOn(t -> t.startsWith("CONFIG REFUSED")).singleElement()
                .satisfies(t -> assertThat(t).contains("previous configuration keeps running"));

        assertThat(daemon.reload()).as("the same broken file again").isFalse();
        ws.writeConfig(good);
        assertThat(daemon.reload()).isTrue();
        assertThat(daemon.notReadyReasons()).isEmpty();
        daemon.stop(Duration.ofSeconds(10));
        assertThat(outbox()).filteredOn(r -> r.kind() == AlertKind.DAEMON).as("once per distinct set of errors").hasSize(1);
    }

    @Test
    void aGoodReloadAddsTheNewChecksRemovesTheGoneOnesAndReschedulesTheChanged() throws Exception {
        start(false);
        CheckKey staging = new CheckKey(CONTRACT, "staging", "models");
        assertThat(daemon.scheduledChecks()).extracting(ScheduledCheck::key).contains(MODELS, HOME).doesNotContain(staging);
        await().atMost(LONG).until(() -> count(MODELS) >= 1);

        ws.edit("      - name: home\n        url: ${WISGATE_DOCS_BASE:-https://wisgate.ai}/\n        schedule: \"0 20 */6 * * ?\"\n        regions: [main]\n", "")
                .edit("apiKeyEnv: WISGATE_API_KEY    # the NAME of the variable holding the key, never the key\n",
                        "apiKeyEnv: WISGATE_API_KEY\n      staging:\n        baseUrl: ${WISGATE_API_BASE}\n        apiKeyEnv: WISGATE_API_KEY\n");
        ws.edit("endpoint:\n        schedule: " + EVERY_SECOND, "endpoint:\n        schedule: \"*/2 * * * * ?\"");
        assertThat(daemon.reload()).isTrue();
        assertThat(daemon.scheduledChecks()).extracting(ScheduledCheck::key).contains(MODELS, staging).doesNotContain(HOME);
        assertThat(daemon.scheduledChecks()).filteredOn(c -> c.key().equals(ENDPOINT)).singleElement()
                .satisfies(c -> assertThat(c.schedule()).isEqualTo("*/2 * * * * ?"));
        await().atMost(LONG).until(() -> count(staging, Outcome.PASS) >= 1);
        assertThat(daemon.notReadyReasons()).isEmpty();
    }

    @Test
    void aListenerThatThrowsStopsNeitherItsCheckNorTheOthers() throws Exception {
        start(false);
        daemon.addListener(v -> {
            if (v.key().equals(MODELS)) {
                throw new IllegalStateException("a metrics bug");
            }
        });
        await().atMost(LONG).until(() -> count(MODELS) >= 3 && count(ENDPOINT) >= 3);
        assertThat(daemon.schedulerAlive()).isTrue();
        assertThat(daemon.notReadyReasons()).isEmpty();
    }

    @Test
    void savingABrokenFileIsNoticedWithoutASignalAndFixingItClearsTheReason() throws Exception {
        start(true);
        await().atMost(LONG).until(() -> count(MODELS) >= 1);
        String good = ws.configText();
        ws.writeConfig(good.replace("contracts:\n", "contracts:\n  - id: [unclosed\n"));
        await().atMost(LONG).until(() -> !daemon.notReadyReasons().isEmpty());
        assertThat(daemon.notReadyReasons()).singleElement().satisfies(r -> assertThat(r).startsWith("last reload of " + ws.config));
        long before = count(MODELS);
        await().atMost(LONG).until(() -> count(MODELS) >= before + 2);
        ws.writeConfig(good);
        await().atMost(LONG).until(() -> daemon.notReadyReasons().isEmpty());
    }
}
