package dev.driftwatch.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.HttpSettings;
import dev.driftwatch.config.RetrySettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Request;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A burst of due checks finds the connections of the one before it still open, however many it used. */
class ConnectionReuseTest {
    private static final int BURST = 16;

    private final MockWebServer server = new MockWebServer();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicReference<CountDownLatch> release = new AtomicReference<>(new CountDownLatch(1));
    private final Set<Integer> connections = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() throws Exception {
        release.get().countDown();
        server.close();
    }

    private List<ProviderResponse> burst(ProviderClient client) {
        CountDownLatch held = release.get();
        List<CompletableFuture<ProviderResponse>> answers = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            answers.add(client.sendAsync(new Request.Builder().url(server.url("/v1/models")).build(), SendMode.REPEATABLE));
        }
        // All of them in flight at once, each on a connection of its own.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> concurrent.get() == BURST);
        held.countDown();
        List<ProviderResponse> out = answers.stream().map(CompletableFuture::join).toList();
        release.set(new CountDownLatch(1));
        return out;
    }

    @Test
    void theNextBurstReusesEveryConnectionOfTheLastInsteadOfOpeningThemAgain() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                connections.add(request.getConnectionIndex());
                CountDownLatch held = release.get();
                concurrent.incrementAndGet();
                try {
                    held.await(20, TimeUnit.SECONDS);
                    return new MockResponse.Builder().code(200).body("{\"data\": []}").build();
                } finally {
                    concurrent.decrementAndGet();
                }
            }
        });
        server.start();
        ProviderClient client = new ProviderClient(new HttpSettings(null, null, null, null, new RetrySettings(1, null, null, null),
                64, BURST), Clock.systemUTC());

        assertThat(burst(client)).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(connections).hasSize(BURST);
        assertThat(burst(client)).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(connections).as("no connection opened for the second burst (OkHttp's default pool keeps 5)").hasSize(BURST);
    }
}
