package dev.driftwatch.daemon;

import static dev.driftwatch.daemon.StatusScenario.CONTRACT;
import static dev.driftwatch.daemon.StatusScenario.MODELS;
import static dev.driftwatch.daemon.StatusScenario.SCRIPT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.driftwatch.alert.AlertMessages;
import dev.driftwatch.alert.IncidentDecisions;
import dev.driftwatch.check.Change;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Redactor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The endpoints an orchestrator and a person call, against a real audit trail after a bad morning. */
class StatusServerTest extends StatusScenarioTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @Test
    void healthzIsOkWhileTheSchedulerRunsAndUnavailableOnceItStopped() {
        HttpResponse<String> ok = s.get("/healthz");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("ok\n");
        assertThat(s.send("/healthz", "HEAD").statusCode()).isEqualTo(200);

        s.state.alive = false;
        HttpResponse<String> down = s.get("/healthz");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).isEqualTo("scheduler not running\n");
        assertThat(s.send("/healthz", "HEAD").statusCode()).isEqualTo(503);
    }

    @Test
    void twoClientsThatSendHalfARequestAndWaitDoNotKeepHealthzFromAnswering() throws Exception {
        // The JDK server read each request on one of its two handler threads, with no time limit: two such clients
        // made every endpoint, /healthz included, time out until they gave up, and the orchestrator restarted us.
        try (Socket slow1 = halfRequest(); Socket slow2 = halfRequest()) {
            long start = System.nanoTime();
            HttpResponse<String> healthz = s.get("/healthz", Duration.ofSeconds(10));
            assertThat(healthz.statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a liveness bound, not a performance figure")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(s.get("/api/status", Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
        }
    }

    private Socket halfRequest() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), s.server.port());
        socket.getOutputStream().write("GET /api/status HT".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    @Test
    void readyzIsReadyWithAReachableStoreAndAConfigurationThenListsEveryReasonItIsNot() {
        HttpResponse<String> ready = s.get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ready\n");

        s.state.reasons.addAll(List.of("no valid configuration: checks.yaml:12:5 unknown key 'shedule'", "last reload refused"));
        HttpResponse<String> notReady = s.get("/readyz");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).isEqualTo("no valid configuration: checks.yaml:12:5 unknown key 'shedule'\nlast reload refused\n");
        assertThat(s.send("/readyz", "HEAD").statusCode()).isEqualTo(503);
    }

    @Test
    void aClosedStoreMakesReadyzUnavailableWhileHealthzStaysOkAndThePageStillLoads() {
        s.trail().close();

        HttpResponse<String> readyz = s.get("/readyz");
        assertThat(readyz.statusCode()).isEqualTo(503);
        assertThat(readyz.body()).startsWith("audit trail unreachable: cannot read in the audit trail at ")
                .contains("driftwatch.db").endsWith("\n");
        assertThat(readyz.body().lines()).hasSize(1);
        assertThat(s.get("/healthz").statusCode()).as("a store fault is not a reason to restart the process").isEqualTo(200);

        HttpResponse<String> page = s.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Not ready:").contains("audit trail unreachable")
                .contains("data-check=\"wisgate-gpt-image-2/production/models\" data-verdict=\"NEVER\"");
        JsonNode status = JSON.readTree(s.get("/api/status").body());
        assertThat(status.get("ready").booleanValue()).isFalse();
        assertThat(status.get("checks")).hasSize(6);
        assertThat(s.get("/metrics").statusCode()).as("metrics keep their last values").isEqualTo(200);
    }

    @Test
    void aLongWriteOfTheDaemonsOwnDoesNotBlockTheStatusPagesWhichReadTheLastCommit() throws Exception {
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // The writing connection held inside a write transaction, as a long retention sweep or a stuck writer holds it.
        Thread writer = new Thread(() -> s.trail().incidents().transact(MODELS, tx -> {
            locked.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        writer.start();
        try {
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(s.get("/readyz").statusCode()).isEqualTo(200);
            assertThat(s.get("/").body()).contains("data-check=\"wisgate-gpt-image-2/production/models\" data-verdict=\"BROKEN\"");
        } finally {
            release.countDown();
            writer.join(10_000);
        }
    }

    @Test
    void apiStatusListsEveryCheckWithItsVerdictLastVerifiedOpenIncidentAndRecentVerdicts() {
        HttpResponse<String> r = s.get("/api/status");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode status = JSON.readTree(r.body());
        assertThat(status.get("ready").booleanValue()).isTrue();
        assertThat(status.get("notReady")).isEmpty();
        assertThat(status.get("configFile").stringValue()).isEqualTo("/etc/driftwatch/checks.yaml");
        assertThat(status.get("configLoadedAt").stringValue()).isEqualTo("2026-11-21T06:00:00.000Z");
        assertThat(status.get("generatedAt").stringValue()).isEqualTo("2026-11-21T07:45:00.000Z");
        String head = s.trail().journal().head().toString();
        assertThat(status.get("auditHead").get("text").stringValue()).as("a copy of the head for whoever reads it").isEqualTo(head);

        List<String> ids = new ArrayList<>();
        status.get("checks").forEach(c -> ids.add(c.get("environment").stringValue() + "/" + c.get("check").stringValue()));
        assertThat(ids).containsExactly("production/models", "production/endpoint", "production/generation",
                "public/docs:models", "public/docs:home", "staging/models");

        JsonNode models = status.get("checks").get(0);
        assertThat(models.get("contract").stringValue()).isEqualTo(CONTRACT);
        assertThat(models.get("schedule").stringValue()).isEqualTo("0 */15 * * * ?");
        assertThat(models.get("nextRunAt").stringValue()).isEqualTo("2026-11-21T09:00:00.000Z");
        assertThat(models.get("verdict").stringValue()).isEqualTo("BROKEN");
        assertThat(models.get("summary").stringValue()).startsWith("model-not-listed at /data");
        assertThat(models.get("lastRunAt").stringValue()).isEqualTo("2026-11-21T07:30:00.000Z");
        assertThat(models.get("lastVerifiedAt").stringValue()).as("its last PASS").isEqualTo("2026-11-21T06:15:00.000Z");
        JsonNode incident = models.get("openIncident");
        assertThat(incident.get("id").longValue()).isPositive();
        assertThat(incident.get("trigger").stringValue()).isEqualTo("BROKEN");
        assertThat(incident.get("since").stringValue()).isEqualTo("2026-11-21T07:30:00.000Z");
        assertThat(incident.get("openedAt").stringValue()).isEqualTo("2026-11-21T07:30:00.000Z");
        JsonNode finding = incident.get("findings").get(0);
        assertThat(finding.get("rule").stringValue()).isEqualTo("model-not-listed");
        assertThat(finding.get("pointer").stringValue()).isEqualTo("/data");
        assertThat(finding.get("expected").stringValue()).isEqualTo("gpt-image-2 listed");
        assertThat(finding.get("actual").stringValue()).isEqualTo(SCRIPT);
        List<String> recent = new ArrayList<>();
        models.get("recent").forEach(v -> recent.add(v.get("verdict").stringValue() + "@" + v.get("at").stringValue()));
        assertThat(recent).as("newest first").containsExactly("BROKEN@2026-11-21T07:30:00.000Z",
                "PASS@2026-11-21T06:15:00.000Z", "PASS@2026-11-21T06:00:00.000Z");

        JsonNode generation = status.get("checks").get(2);
        assertThat(generation.get("verdict").stringValue()).isEqualTo("UNVERIFIED");
        assertThat(generation.get("lastVerifiedAt").isNull()).as("never verified").isTrue();
        assertThat(generation.get("openIncident").isNull()).as("one UNVERIFIED is below its threshold of 2").isTrue();
        JsonNode docsModels = status.get("checks").get(3);
        assertThat(docsModels.get("verdict").stringValue()).isEqualTo("CHANGED");
        assertThat(docsModels.get("nextRunAt").isNull()).isTrue();
        JsonNode neverRun = status.get("checks").get(4);
        assertThat(neverRun.get("verdict").isNull()).isTrue();
        assertThat(neverRun.get("lastRunAt").isNull()).isTrue();
        assertThat(neverRun.get("recent")).isEmpty();
    }

    @Test
    void theStatusPageShowsEachCheckAndTheIncidentWithTheProvidersTextEscaped() {
        HttpResponse<String> r = s.get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        String html = r.body();
        assertThat(html).doesNotContain(SCRIPT).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html).doesNotContain("<script").doesNotContain("http://").doesNotContain("https://")
                .as("no external asset: the page works offline");
        assertThat(html).contains("data-count=\"BROKEN\" data-value=\"1\"").contains("data-count=\"PASS\" data-value=\"2\"")
                .contains("data-count=\"CHANGED\" data-value=\"1\"").contains("data-count=\"UNVERIFIED\" data-value=\"1\"");
        assertThat(html).contains("<tr class=\"check\" data-check=\"wisgate-gpt-image-2/production/models\" data-verdict=\"BROKEN\">")
                .contains("data-check=\"wisgate-gpt-image-2/staging/models\" data-verdict=\"PASS\"")
                .contains("data-check=\"wisgate-gpt-image-2/public/docs:home\" data-verdict=\"NEVER\"");
        assertThat(html).contains("<article class=\"incident\"").contains("data-rule=\"model-not-listed\"");
        assertThat(html).contains("2026-11-21 06:15 UTC</time><span class=\"ago\">1 h ago</span>");
        assertThat(html).contains("<code id=\"audit-head\">" + s.trail().journal().head().toString() + "</code>");
    }

    @Test
    void aCheckThatHoldsShowsItsStandingWarningsAndASuspendedProbeSaysWhyItDoesNotRun() {
        Finding standing = Finding.warning("docs-live-disagree", "models:live-only", "the same gpt-image-2 family in the docs and in /v1/models",
                "live-only: gpt-image-2-2026-04-21").as(Change.KNOWN);
        s.run(s.verdict(StatusScenario.DOCS_HOME, Outcome.PASS, "3 fact(s) stated, no change in the watched text", standing));
        s.state.scheduled.replaceAll(c -> c.key().equals(StatusScenario.ENDPOINT)
                ? new ScheduledCheck(c.key(), c.schedule(), null, "suspended since 2026-11-21T06:05:30Z: the provider accepted the invalid request")
                : c);

        String html = s.get("/").body();
        assertThat(html).contains("data-check=\"wisgate-gpt-image-2/public/docs:home\" data-verdict=\"PASS\"")
                .contains("<li class=\"note warning\" data-rule=\"docs-live-disagree\" data-severity=\"warning\">")
                .contains("live-only: gpt-image-2-2026-04-21");
        assertThat(html).contains("data-check=\"wisgate-gpt-image-2/production/endpoint\" data-verdict=\"PASS\" data-suspended=\"true\"")
                .contains("<b>suspended</b>: suspended since 2026-11-21T06:05:30Z: the provider accepted the invalid request");

        JsonNode checks = JSON.readTree(s.get("/api/status").body()).get("checks");
        JsonNode home = find(checks, "docs:home");
        assertThat(home.get("notes")).singleElement().satisfies(n -> {
            assertThat(n.get("rule").asString()).isEqualTo("docs-live-disagree");
            assertThat(n.get("severity").asString()).isEqualTo("warning");
            assertThat(n.get("change").asString()).isEqualTo("known");
        });
        assertThat(find(checks, "endpoint").get("suspended").asString()).startsWith("suspended since");
        assertThat(find(checks, "endpoint").get("nextRunAt").isNull()).isTrue();
    }

    @Test
    void aStoreReadThatHangsIsReportedByReadyzInsteadOfBlockingIt() {
        CountDownLatch release = new CountDownLatch(1);
        s.state.storeHangsUntil = release;
        try {
            HttpResponse<String> page = s.get("/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("audit trail unreachable: no answer within 2 s (locked?)");
            HttpResponse<String> readyz = s.get("/readyz");
            assertThat(readyz.statusCode()).isEqualTo(503);
            assertThat(readyz.body()).startsWith("audit trail unreachable: an earlier read has not answered yet");
            assertThat(s.get("/healthz").statusCode()).isEqualTo(200);
        } finally {
            s.state.storeHangsUntil = null;
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(s.get("/readyz").statusCode()).isEqualTo(200));
    }

    @Test
    void requestsOneRightAfterAnotherAllReadTheStore() {
        // The store's reader thread is still finishing one read when the next request comes: that one waits its turn.
        for (int i = 0; i < 300; i++) {
            assertThat(s.get("/api/status").body()).as("request " + i).doesNotContain("audit trail unreachable");
        }
    }

    @Test
    void anAcknowledgedIncidentSaysWhoAndEachCheckItsLastAcceptance() {
        IncidentDecisions decisions = new IncidentDecisions(s.trail(), new AlertMessages(Redactor.none(), Map.of()), s.alerts.clock);
        assertThat(s.get("/").body()).doesNotContain("acked by").doesNotContain("accepted by");
        decisions.acknowledge(MODELS, "bob", "talking to the provider");
        decisions.accept(StatusScenario.DOCS_MODELS, "carol", "gpt-image-2.5 <b>documented</b> on purpose");

        String html = s.get("/").body();
        assertThat(html).contains("<span class=\"acked\" data-acked-by=\"bob\">acked by bob</span> <time datetime=\"2026-11-21T07:45:00Z\">");
        assertThat(html).contains("<p class=\"accepted\" data-accepted-by=\"carol\">accepted by carol <time datetime=\"2026-11-21T07:45:00Z\">")
                .contains(": gpt-image-2.5 &lt;b&gt;documented&lt;/b&gt; on purpose</p>").doesNotContain("<b>documented");

        JsonNode checks = JSON.readTree(s.get("/api/status").body()).get("checks");
        JsonNode incident = find(checks, "models").get("openIncident");
        assertThat(incident.get("acknowledgedBy").asString()).isEqualTo("bob");
        assertThat(incident.get("acknowledgedAt").asString()).isEqualTo("2026-11-21T07:45:00.000Z");
        JsonNode accepted = find(checks, "docs:models").get("lastAcceptance");
        assertThat(accepted.get("by").asString()).isEqualTo("carol");
        assertThat(accepted.get("at").asString()).isEqualTo("2026-11-21T07:45:00.000Z");
        assertThat(accepted.get("reason").asString()).isEqualTo("gpt-image-2.5 <b>documented</b> on purpose");
        assertThat(find(checks, "endpoint").get("lastAcceptance").isNull()).isTrue();
        assertThat(find(checks, "endpoint").get("openIncident").isNull()).isTrue();
    }

    private static JsonNode find(JsonNode checks, String check) {
        for (JsonNode c : checks) {
            if (c.get("check").asString().equals(check) && !c.get("environment").asString().equals("staging")) {
                return c;
            }
        }
        throw new AssertionError("no " + check + " in " + checks);
    }

    @Test
    void everyAnswerIsUncachedAndTypedUnknownPathsAre404AndWritesAre405() {
        for (String path : List.of("/", "/api/status", "/metrics", "/healthz", "/readyz")) {
            HttpResponse<String> r = s.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
            assertThat(r.headers().firstValue("Content-Type")).as(path).isPresent();
        }
        HttpResponse<String> missing = s.get("/admin%3Cscript%3E");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).doesNotContain("<script>").doesNotContain("admin");
        assertThat(missing.headers().firstValue("Cache-Control")).hasValue("no-store");
        HttpResponse<String> post = s.send("/api/status", "POST");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
        assertThat(s.send("/readyz", "DELETE").headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(s.send("/", "HEAD").statusCode()).isEqualTo(405);
    }
}
