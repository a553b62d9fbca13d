package dev.driftwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.driftwatch.testing.FakeProvider;
import dev.driftwatch.testing.TestWorkspace;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's checks run in lanes: the free API checks wait on the provider without a scheduler thread, the pages
 * and the spec block in a lane of their own, the paid probe in another. Whatever hangs in one lane, the models check
 * due every second goes on.
 */
class CheckLanesTest {
    @TempDir
    Path dir;
    FakeProvider provider;
    TestWorkspace ws;

    @BeforeEach
    void setUp() {
        provider = new FakeProvider();
        ws = new TestWorkspace(dir);
        // Every check every second: the four docs pages, the spec, the three API checks.
        ws.writeConfig(ws.configText().replaceAll("schedule: \"[^\"]*\"", "schedule: \"* * * * * ?\""));
        ws.edit("readTimeout: 1s", "readTimeout: 60s").edit("callTimeout: 5s", "callTimeout: 90s"); // the held answers stay awaited
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    private static MockResponse stalled() {
        return new MockResponse.Builder().code(200).headersDelay(60, TimeUnit.SECONDS).body("{}").build();
    }

    @Test
    void aHangingPaidProbeAndHangingPagesDoNotHoldUpTheFreeChecks() throws Exception {
        provider.override(FakeProvider.GENERATIONS, r -> r.getBody().utf8().contains("\"n\":0") ? FakeProvider.error(400, "Invalid value for 'n'",
                "invalid_request_error", "n", "invalid_value") : stalled());
        provider.override(FakeProvider.SPEC, r -> stalled());
        for (String page : provider.docsPages.keySet()) {
            provider.override(page, r -> stalled());
        }
        DaemonSettings settings = DaemonSettings.defaults(ws.config).withJitterSeconds(0).withWatchConfig(false).withGrace(Duration.ofSeconds(5)).withPort(0);
        try (Daemon daemon = new Daemon(ws.env(provider), Clock.systemUTC(), settings)) {
            daemon.start();
            // The paid probe and four of the five documents (the blocking lane's four threads) are in flight, held by
            // the provider: runs that, with the scheduler's four threads doing the work, held every one of them.
            List<String> documents = new ArrayList<>(provider.docsPages.keySet());
            documents.add(FakeProvider.SPEC);
            await().atMost(Duration.ofSeconds(30)).until(() -> documents.stream().filter(p -> !provider.requestsTo(p).isEmpty()).count() >= 4
                    && provider.requests.stream().anyMatch(r -> r.getUrl().encodedPath().equals(FakeProvider.GENERATIONS)
                            && !r.getBody().utf8().contains("\"n\":0")));
            int before = provider.requestsTo(FakeProvider.MODELS).size();
            await().atMost(Duration.ofSeconds(30)).until(() -> provider.requestsTo(FakeProvider.MODELS).size() >= before + 3);
            assertThat(documents.stream().mapToInt(p -> provider.requestsTo(p).size()).sum())
                    .as("a document whose run still waits is not asked for again: runs of a check never overlap").isEqualTo(4);
        }
    }
}
