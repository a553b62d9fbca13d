package dev.driftwatch.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.HttpSettings;
import dev.driftwatch.config.RetrySettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many requests to one slow provider host: no more in flight than its limit, the others waiting as futures without a
 * thread each, every one answered; 429s lower that host's limit.
 */
class ProviderClientInFlightTest {
    private final MockWebServer server = new MockWebServer();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();
    private final CountDownLatch open = new CountDownLatch(1);
    private volatile int status = 200;

    @AfterEach
    void stop() throws Exception {
        open.countDown();
        server.close();
    }

    private void start() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                try {
                    open.await(20, TimeUnit.SECONDS); // held until the test has looked at the waiting requests
                    return new MockResponse.Builder().code(status).body("{\"data\": []}").build();
                } finally {
                    concurrent.decrementAndGet();
                }
            }
        });
        server.start();
    }

    private static ProviderClient client(int total, int perHost) {
        return new ProviderClient(new HttpSettings(null, null, null, null, new RetrySettings(1, null, null, null), total, perHost), Clock.systemUTC());
    }

    private Request models() {
        return new Request.Builder().url(server.url("/v1/models")).build();
    }

    /** Threads working on a call to this server: OkHttp names a thread after the call it runs. */
    private long threadsOnCalls() {
        String port = ":" + server.getPort() + "/";
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("OkHttp") && t.getName().contains(port)).count();
    }

    @Test
    void aHostsLimitHoldsAndTheRestWaitWithoutAThreadEach() throws Exception {
        start();
        ProviderClient client = client(64, 4);
        List<CompletableFuture<ProviderResponse>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            answers.add(client.sendAsync(models(), SendMode.REPEATABLE));
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> concurrent.get() == 4);
        assertThat(client.inFlight().running()).isEqualTo(4);
        assertThat(client.inFlight().waiting()).isEqualTo(196);
        assertThat(threadsOnCalls()).as("threads for the four in flight, none for the 196 waiting").isEqualTo(4);
        open.countDown();
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(answers).allSatisfy(a -> assertThat(a.join().status()).isEqualTo(200));
        assertThat(most.get()).as("never more than the host's limit at the provider").isEqualTo(4);
        assertThat(client.inFlight().running()).isZero();
    }

    @Test
    void tooManyRequestsSlowThatHostDown() throws Exception {
        open.countDown();
        status = 429;
        start();
        ProviderClient client = client(64, 8);
        String host = "http://" + server.getHostName() + ":" + server.getPort();
        for (int i = 0; i < 3; i++) {
            assertThat(client.send(models(), SendMode.REPEATABLE).status()).isEqualTo(429);
        }
        assertThat(client.inFlight().limit(host)).as("8 halved three times").isEqualTo(1);
        status = 200;
        for (int i = 0; i < 40; i++) {
            client.send(models(), SendMode.REPEATABLE);
        }
        assertThat(client.inFlight().limit(host)).as("won back by answers").isEqualTo(8);
    }

    @Test
    void cancellingARequestThatWaitsForItsTurnGivesUpTheTurn() throws Exception {
        start();
        ProviderClient client = client(64, 1);
        CompletableFuture<ProviderResponse> first = client.sendAsync(models(), SendMode.REPEATABLE);
        CompletableFuture<ProviderResponse> second = client.sendAsync(models(), SendMode.REPEATABLE);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> concurrent.get() == 1);
        second.cancel(true);
        open.countDown();
        assertThat(first.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(client.inFlight().waiting()).isZero();
        assertThat(client.inFlight().running()).isZero();
        assertThat(server.getRequestCount()).as("the cancelled one never went").isEqualTo(1);
    }
}
