package dev.driftwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.driftwatch.audit.AlertKind;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.ChainKey;
import dev.driftwatch.audit.CompactionReport;
import dev.driftwatch.audit.OutboxRow;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.testing.FakeProvider;
import dev.driftwatch.testing.SlackStandIn;
import dev.driftwatch.testing.TestWorkspace;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon in-process against the simulated provider and a Slack stand-in (incoming webhook): what an
 * engineer sees over days, in seconds. The scenarios fire checks themselves ({@link Daemon#runCheck}, what a
 * trigger does) rather than wait on wall-clock schedules; one end-to-end scenario lets Quartz fire every second.
 */
class DaemonTest {
    private static final String CONTRACT = "wisgate-gpt-image-2";
    private static final CheckKey MODELS = new CheckKey(CONTRACT, "production", "models");
    private static final CheckKey ENDPOINT = new CheckKey(CONTRACT, "production", "endpoint");
    private static final CheckKey HOME = new CheckKey(CONTRACT, dev.driftwatch.docs.DocsCheck.ENVIRONMENT, "docs:home");
    private static final List<String> HEALTHY = List.of("gpt-image-2", "gpt-image-1", "gpt-image-1-mini", "dall-e-3");
    private static final String EVERY_SECOND = "\"* * * * * ?\"";
    /** Every check once a day, twelve hours from now: the scenarios fire checks themselves, Quartz stays out of the way. */
    private static final String DAILY = "\"0 0 " + (java.time.ZonedDateTime.now().getHour() + 12) % 24 + " * * ?\"";
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
        // A short group window: alerts of one release still share a message, and the test need not wait 30 s.
        ws.alerts("  slack:\n    webhookUrlEnv: SLACK_WEBHOOK_URL\n    timeout: 500ms\n  groupWait: 500ms\n");
        ws.writeConfig(ws.configText().replaceAll("schedule: \"[^\"]*\"", "schedule: " + DAILY));
    }

    /** Starts the daemon and waits for the runs it makes at once on a fresh trail (every check, once: none ever ran). */
    private Daemon startAndCatchUp(boolean watch) throws Exception {
        start(watch);
        await().atMost(LONG).until(() -> count(MODELS) >= 1 && count(ENDPOINT) >= 1 && count(HOME) >= 1);
        return daemon;
    }

    /** One run of {@code key} now, as its trigger would fire it: the same path, without waiting for the schedule. */
    private void run(CheckKey key) {
        daemon.runCheck(key);
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
        return start(settings().withWatchConfig(watch), Clock.systemUTC(), AuditTrail::openSqlite);
    }

    private DaemonSettings settings() {
        return DaemonSettings.defaults(ws.config).withJitterSeconds(0).withWatchConfig(false).withGrace(Duration.ofSeconds(10)).withPort(0);
    }

    private Daemon start(DaemonSettings settings, Clock clock, Function<Path, AuditTrail> openTrail) throws Exception {
        daemon = new Daemon(env, clock, settings, openTrail);
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

    /** The one Slack message whose text starts with {@code prefix}: its text and its blocks. */
    private String slackMessage(String prefix) {
        List<SlackStandIn.Message> found = slack.accepted.stream().filter(m -> m.text() != null && m.text().startsWith(prefix)).toList();
        assertThat(found).as("Slack messages starting with " + prefix).hasSize(1);
        return found.get(0).text() + "\n" + found.get(0).blocks();
    }

    private List<OutboxRow> outbox() {
        try (AuditTrail trail = AuditTrail.openSqlite(dir.resolve("data/driftwatch.db"))) {
            return trail.outbox().all();
        }
    }

    @Test
    void modelRemovedFromTheListBrokenEverySecondOneSlackAlertRevertedOneResolved() throws Exception {
        // The one scenario on real time: Quartz fires models and endpoint every second.
        ws.edit("models:\n        schedule: " + DAILY, "models:\n        schedule: " + EVERY_SECOND)
                .edit("endpoint:\n        schedule: " + DAILY, "endpoint:\n        schedule: " + EVERY_SECOND);
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
        // The break and the release that came with it (gpt-image-2.5), in one message.
        assertThat(slack.texts()).filteredOn(t -> t.startsWith("BROKEN")).singleElement()
                .satisfies(t -> assertThat(t).startsWith("BROKEN + CHANGED · wisgate-gpt-image-2 · production · 2 alerts")
                        .contains("models: BROKEN: model-not-listed").contains("new model gpt-image-2.5"));
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
            List<Verdict> history = trail.verdicts().latest(MODELS, 1000);
            assertThat(history).extracting(Verdict::outcome).contains(Outcome.PASS, Outcome.BROKEN);
            // Every verdict the listeners saw is in the trail: nothing is lost between the check and the store.
            assertThat(history).hasSizeGreaterThanOrEqualTo((int) count(MODELS));
            assertThat(trail.journal().verify(null).intact()).isTrue();
        }
        assertThat(ws.dataFilesText()).doesNotContain(FakeProvider.KEY).doesNotContain(SlackStandIn.WEBHOOK_SECRET_PART);
    }

    @Test
    void anAcceptedInvalidRequestTakesTheProbeOffTheScheduleSaysWhyAndAnEditedChecksYamlBringsItBack() throws Exception {
        // The provider stops validating: the zero-cost probe's n = 0 is accepted (and may be billed).
        provider.override(FakeProvider.GENERATIONS, r -> r.getBody().utf8().contains("\"n\":0")
                ? provider.json(200, FakeProvider.object("{\"created\":1,\"data\":[]}"))
                : provider.json(200, FakeProvider.object("{\"created\":1,\"data\":[{\"b64_json\":\"" + dev.driftwatch.testing.TestImages.pngBase64(1024, 1024) + "\"}]}")));
        startAndCatchUp(false);
        assertThat(count(ENDPOINT, Outcome.BROKEN)).isEqualTo(1);
        assertThat(daemon.scheduledChecks()).filteredOn(c -> c.key().equals(ENDPOINT)).singleElement().satisfies(c -> {
            assertThat(c.suspended()).startsWith("suspended since");
            assertThat(c.nextRunAt()).as("taken off the schedule").isNull();
        });
        run(MODELS);
        run(MODELS);
        assertThat(provider.requestsTo(FakeProvider.GENERATIONS).stream().filter(r -> r.getBody().utf8().contains("\"n\":0")))
                .as("sent once, not again").hasSize(1);

        assertThat(get("/api/status")).contains("\"suspended\" : \"suspended since");
        assertThat(get("/")).contains("data-check=\"wisgate-gpt-image-2/production/endpoint\" data-verdict=\"BROKEN\" data-suspended=\"true\"")
                .contains("<b>suspended</b>: suspended since").contains("edit checks.yaml to run the probe again");
        await().atMost(LONG).until(() -> slackStartingWith("BROKEN") == 1);
        assertThat(slack.accepted).filteredOn(m -> m.text().startsWith("BROKEN")).singleElement()
                .satisfies(m -> assertThat(m.blocks()).contains("validation-missing").contains("driftwatch stopped this probe"));

        // A restart with the same checks.yaml keeps it off.
        daemon.stop(Duration.ofSeconds(10));
        start(false);
        assertThat(daemon.scheduledChecks()).filteredOn(c -> c.key().equals(ENDPOINT)).singleElement()
                .satisfies(c -> assertThat(c.suspended()).isNotNull());

        // Fixed, and checks.yaml edited: the probe runs again and holds.
        provider.override(FakeProvider.GENERATIONS, null);
        ws.edit("# Exactly the body our code sends.", "# Exactly the body our code sends. (Validation restored upstream.)");
        assertThat(daemon.reload()).isTrue();
        assertThat(daemon.scheduledChecks()).filteredOn(c -> c.key().equals(ENDPOINT)).singleElement()
                .satisfies(c -> assertThat(c.suspended()).isNull());
        run(ENDPOINT);
        assertThat(count(ENDPOINT, Outcome.PASS)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aStopEndsWithinTheGraceWhileSlackHangsAndWhatIsLeftStaysQueued() throws Exception {
        ws.alerts("  slack:\n    webhookUrlEnv: SLACK_WEBHOOK_URL\n    timeout: 2s\n  groupWait: 0s\n");
        slack.down(SlackStandIn.Answer.HANG);
        provider.models = List.of("gpt-image-1");
        provider.override(FakeProvider.GENERATIONS, r -> FakeProvider.error(410, "gone", "invalid_request_error", null, null));
        provider.docsPages.put("/", "<html><body><main>gone</main></body></html>");
        startAndCatchUp(false);
        await().atMost(LONG).until(() -> outbox().stream().filter(r -> !r.delivered()).count() >= 3);

        long t0 = System.nanoTime();
        daemon.stop(Duration.ofSeconds(3));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(took).as("the whole stop, flush included").isLessThan(Duration.ofMillis(3000 + 1500));
        assertThat(outbox()).as("nothing lost: left in the outbox for the next start").filteredOn(r -> !r.delivered()).isNotEmpty();
        assertThat(slack.accepted).isEmpty();
    }

    @Test
    void aReloadWithAScheduleThatNeverFiresIsRefusedAndTheOldOneKeepsRunning() throws Exception {
        start(false);
        ws.edit("models:\n        schedule: " + DAILY, "models:\n        schedule: \"0 0 0 30 2 ?\"");
        assertThat(daemon.reload()).isFalse();
        assertThat(daemon.notReadyReasons()).singleElement().satisfies(r -> assertThat(r)
                .startsWith("last reload of " + ws.config + " refused: ").contains("'0 0 0 30 2 ?' never fires"));
        assertThat(daemon.scheduledChecks()).filteredOn(c -> c.key().equals(MODELS)).singleElement()
                .satisfies(c -> assertThat(c.schedule()).isEqualTo(DAILY.replace("\"", "")));
    }

    @Test
    void anInvalidReloadIsRefusedAlertedOnceAndTheOldConfigurationKeepsRunning() throws Exception {
        startAndCatchUp(false);
        String good = ws.configText();

        ws.edit("models:\n        schedule: " + DAILY, "models:\n        schedule: \"every fifteen minutes\"");
        assertThat(daemon.reload()).isFalse();
        assertThat(daemon.notReadyReasons()).singleElement().satisfies(r -> assertThat(r)
                .startsWith("last reload of " + ws.config + " refused: ").contains("checks.yaml:").contains("not a Quartz cron expression"));
        long before = count(MODELS);
        run(MODELS);
        run(ENDPOINT);
        assertThat(count(MODELS)).as("the old configuration keeps running").isEqualTo(before + 1);
        assertThat(daemon.scheduledChecks()).filteredOn(c -> c.key().equals(MODELS)).singleElement()
                .satisfies(c -> assertThat(c.schedule()).isEqualTo(DAILY.replace("\"", "")));
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
        startAndCatchUp(false);
        CheckKey staging = new CheckKey(CONTRACT, "staging", "models");
        assertThat(daemon.scheduledChecks()).extracting(ScheduledCheck::key).contains(MODELS, HOME).doesNotContain(staging);

        ws.edit("      - name: home\n        url: ${WISGATE_DOCS_BASE:-https://wisgate.ai}/\n        schedule: " + DAILY + "\n        regions: [main]\n", "")
                .edit("apiKeyEnv: WISGATE_API_KEY    # the NAME of the variable holding the key, never the key\n",
                        "apiKeyEnv: WISGATE_API_KEY\n      staging:\n        baseUrl: ${WISGATE_API_BASE}\n        apiKeyEnv: WISGATE_API_KEY\n");
        ws.edit("endpoint:\n        schedule: " + DAILY, "endpoint:\n        schedule: \"30 */2 * * * ?\"");
        assertThat(daemon.reload()).isTrue();
        assertThat(daemon.scheduledChecks()).extracting(ScheduledCheck::key).contains(MODELS, staging).doesNotContain(HOME);
        assertThat(daemon.scheduledChecks()).filteredOn(c -> c.key().equals(ENDPOINT)).singleElement()
                .satisfies(c -> assertThat(c.schedule()).isEqualTo("30 */2 * * * ?"));
        // A check the reload adds has never run: it runs at once.
        await().atMost(LONG).until(() -> count(staging, Outcome.PASS) >= 1);
        assertThat(daemon.notReadyReasons()).isEmpty();
    }

    @Test
    void aListenerThatThrowsStopsNeitherItsCheckNorTheOthers() throws Exception {
        startAndCatchUp(false);
        daemon.addListener(v -> {
            if (v.key().equals(MODELS)) {
                throw new IllegalStateException("a metrics bug");
            }
        });
        for (int i = 0; i < 3; i++) {
            run(MODELS);
            run(ENDPOINT);
        }
        assertThat(count(MODELS)).isEqualTo(4);
        assertThat(count(ENDPOINT)).isEqualTo(4);
        assertThat(daemon.schedulerAlive()).isTrue();
        assertThat(daemon.notReadyReasons()).isEmpty();
    }

    @Test
    void savingABrokenFileIsNoticedWithoutASignalAndFixingItClearsTheReason() throws Exception {
        startAndCatchUp(true);
        String good = ws.configText();
        ws.writeConfig(good.replace("contracts:\n", "contracts:\n  - id: [unclosed\n"));
        await().atMost(LONG).until(() -> !daemon.notReadyReasons().isEmpty());
        assertThat(daemon.notReadyReasons()).singleElement().satisfies(r -> assertThat(r).startsWith("last reload of " + ws.config));
        long before = count(MODELS);
        run(MODELS);
        assertThat(count(MODELS)).as("the old configuration keeps running").isEqualTo(before + 1);
        ws.writeConfig(good);
        await().atMost(LONG).until(() -> daemon.notReadyReasons().isEmpty());
    }

    @Test
    void aStoreLockedBrieflyLosesNothingLockedForLongIsNotReadyAlertedOnceAndWhenFreedRecovers() throws Exception {
        // Writes wait half a second for the lock instead of SQLite's 5 s here: the same story, told faster.
        start(settings().withHousekeepingEvery(Duration.ofMillis(300)), Clock.systemUTC(), file -> AuditTrail.openSqliteWaiting(file, Duration.ofMillis(500)));
        await().atMost(LONG).until(() -> count(MODELS) >= 1 && count(ENDPOINT) >= 1 && count(HOME) >= 1);
        Path db = dir.resolve("data/driftwatch.db");
        java.util.concurrent.ExecutorService runner = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db); Statement sql = other.createStatement()) {
            // Another process holds SQLite's write lock for less than a write waits for it: the write waits, nothing is lost.
            sql.execute("BEGIN IMMEDIATE");
            long during = count(MODELS);
            java.util.concurrent.Future<?> waiting = runner.submit(() -> run(MODELS));
            Thread.sleep(300);
            sql.execute("ROLLBACK");
            waiting.get();
            assertThat(count(MODELS)).isEqualTo(during + 1);
            assertThat(daemon.notReadyReasons()).isEmpty();
            assertThat(slackStartingWith("AUDIT TRAIL")).isZero();

            // Held until the verdict gives up: not ready, and one alert, sent around the outbox that is locked too.
            sql.execute("BEGIN IMMEDIATE");
            runner.submit(() -> run(MODELS));
            await().atMost(Duration.ofSeconds(60)).until(() -> slackStartingWith("AUDIT TRAIL") == 1);
            assertThat(daemon.notReadyReasons()).anySatisfy(r -> assertThat(r).startsWith("audit trail not writable: ").contains("locked"));
            assertThat(get("/healthz")).isEqualTo("200 ok");
            assertThat(get("/readyz")).startsWith("503 ").contains("audit trail not writable");
            sql.execute("ROLLBACK");
        } finally {
            runner.shutdown();
            runner.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        run(MODELS);
        assertThat(daemon.notReadyReasons()).as("the next write that succeeds clears it").isEmpty();
        // Resolved once the store has taken every write for a whole sweep period: a nearly full disk that fails by turns alerts once.
        await().atMost(LONG).until(() -> slackStartingWith("RESOLVED · driftwatch · daemon · audit") == 1);
        assertThat(slackMessage("RESOLVED · driftwatch")).contains("verdict(s) could not be recorded");
        assertThat(slackStartingWith("AUDIT TRAIL")).as("once per outage").isEqualTo(1);
        run(MODELS);
        daemon.stop(Duration.ofSeconds(10));
        try (AuditTrail trail = AuditTrail.openSqlite(db)) {
            // The listeners see only what was recorded; the one verdict the lock cost is in the log, not in the count.
            assertThat(trail.verdicts().latest(MODELS, 1000)).as("every verdict the listeners saw was recorded").hasSize((int) count(MODELS));
            assertThat(trail.journal().verify(null).intact()).isTrue();
        }
    }

    @Test
    void aFullDiskMakesItNotReadyAndIsAlertedOnceWhileTheSchedulerCarriesOn() throws Exception {
        Path db = dir.resolve("data/driftwatch.db");
        int pages;
        try (AuditTrail fresh = AuditTrail.openSqlite(db)) {
            pages = fresh.pageCount();
        }
        // A volume with room for a few pages more: SQLite answers SQLITE_FULL, as it does when the disk is full.
        start(settings(), Clock.systemUTC(), file -> AuditTrail.openSqliteCapped(file, pages + 3));
        await().atMost(LONG).until(() -> count(MODELS) >= 1 || daemon.notReadyReasons().stream().anyMatch(r -> r.contains("full")));
        for (int i = 0; i < 200 && daemon.notReadyReasons().stream().noneMatch(r -> r.contains("full")); i++) {
            run(MODELS);
        }
        assertThat(daemon.notReadyReasons()).anySatisfy(r -> assertThat(r).startsWith("audit trail not writable: ")
                .contains("database or disk is full").contains(db.toString()));
        await().atMost(LONG).until(() -> slackStartingWith("AUDIT TRAIL") == 1);
        assertThat(slackMessage("AUDIT TRAIL")).contains("database or disk is full").contains("free space on the volume of");
        assertThat(get("/healthz")).as("a restart would not free the disk").isEqualTo("200 ok");
        assertThat(get("/readyz")).startsWith("503 ");
        run(MODELS); // refused again (after its retries): still one alert
        assertThat(daemon.schedulerAlive()).isTrue();
        assertThat(slackStartingWith("AUDIT TRAIL")).as("once, however many verdicts it refuses").isEqualTo(1);
        assertThat(ws.dataFilesText()).doesNotContain(FakeProvider.KEY);
    }

    @Test
    void atStartItCompactsTheTrailOnItsOwnThreadWhileChecksRunAndTheHousekeepingSweepDoesNotAgainTheSameDay() throws Exception {
        Path file = dev.driftwatch.audit.AuditLocation.defaultFile(env);
        Instant march1 = Instant.parse("2020-03-01T00:00:07Z");
        dev.driftwatch.testing.ManualClock then = new dev.driftwatch.testing.ManualClock(march1);
        try (AuditTrail old = AuditTrail.openSqlite(file, ChainKey.none(), then)) {
            for (int hour = 0; hour < 72; hour++) {
                Instant at = march1.plus(Duration.ofHours(hour));
                then.advance(Duration.between(then.instant(), at.plusMillis(40)));
                old.record(new Verdict(MODELS, Outcome.PASS, "gpt-image-2 listed among 4 models", List.of(), Evidence.NONE, at, 40));
            }
        }

        start(false);
        CompactionReport report = daemon.retentionSweep().get(LONG.toSeconds(), TimeUnit.SECONDS);
        assertThat(report).as("started at start, not after the first housekeeping period").isNotNull();
        assertThat(report.complete()).isTrue();
        // 71 when the catch-up run of models recorded its verdict first: the 2020 newest is then no longer the newest.
        assertThat(report.foldedVerdicts()).isBetween(70L, 71L);
        await().atMost(LONG).until(() -> count(MODELS) >= 1 && count(ENDPOINT) >= 1 && count(HOME) >= 1);

        daemon.housekeeping();
        assertThat(daemon.retentionSweep().get(LONG.toSeconds(), TimeUnit.SECONDS)).as("done today: the sweep starts none").isSameAs(report);
        try (AuditTrail reader = AuditTrail.openSqlite(file, ChainKey.none())) {
            assertThat(reader.journal().verify(null).problems()).as("compaction beside the checks' writes").isEmpty();
            assertThat(reader.verdicts().lastVerified()).filteredOn(l -> l.key().equals(MODELS)).singleElement()
                    .satisfies(l -> assertThat(l.lastVerified()).isAfter(march1.plus(Duration.ofDays(3))));
        }
    }

    @Test
    void aWallClockJumpIsLoggedReportedAlertedAndClearedAtTheNextSweep() throws Exception {
        JumpingClock clock = new JumpingClock();
        start(settings(), clock, AuditTrail::openSqlite);
        await().atMost(LONG).until(() -> count(MODELS) >= 1 && count(ENDPOINT) >= 1 && count(HOME) >= 1);
        daemon.housekeeping();
        assertThat(daemon.notReadyReasons()).isEmpty();

        clock.offset = Duration.ofHours(-2); // the host's clock set back two hours
        daemon.housekeeping();
        assertThat(daemon.notReadyReasons()).singleElement().satisfies(r -> assertThat(r).startsWith("the wall clock jumped back by 7200s"));
        await().atMost(LONG).until(() -> slackStartingWith("CLOCK JUMP") == 1);
        assertThat(slackMessage("CLOCK JUMP")).contains("jumped back by 7200s");
        daemon.housekeeping();
        assertThat(daemon.notReadyReasons()).as("cleared at the next sweep").isEmpty();
        run(MODELS);
        assertThat(slackStartingWith("CLOCK JUMP")).isEqualTo(1);
    }

    @Test
    void afterARestartTheChecksThatCameDueWhileItWasDownRunOnceAndTheOthersWaitForTheirTime() throws Exception {
        // Every check once a day, twelve hours from now (DAILY): without catching up, none would run today.
        start(false);
        await().atMost(LONG).until(() -> count(MODELS) == 1 && count(ENDPOINT) == 1 && count(HOME) == 1);
        assertThat(daemon.scheduledChecks()).allSatisfy(c -> assertThat(c.nextRunAt()).isAfter(java.time.Instant.now().plus(Duration.ofHours(10))));
        daemon.stop(Duration.ofSeconds(10));

        // Restarted at once: each check ran since its last time, so nothing runs now.
        verdicts.clear();
        start(false);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(verdicts::isEmpty);
    }

    /** The system clock, moved by {@link #offset} as an operator or a broken NTP would move the host's. */
    private static final class JumpingClock extends Clock {
        volatile Duration offset = Duration.ZERO;

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.now().plus(offset);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
