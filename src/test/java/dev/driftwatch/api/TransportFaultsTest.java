package dev.driftwatch.api;

import static dev.driftwatch.api.ModelsCheckTest.rules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.testing.ProviderScenarioTest;
import dev.driftwatch.testing.FakeProvider;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** The network and the provider misbehaving: each becomes a verdict with a one-line reason, never a crash. */
class TransportFaultsTest extends ProviderScenarioTest {
    @Test
    void rateLimitedWithRetryAfterIsWaitedOutAndRetried() {
        provider.script(FakeProvider.MODELS, new MockResponse.Builder().code(429).setHeader("Retry-After", "1").build());
        long start = System.nanoTime();
        Verdict v = scenario.run("models");
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
        assertThat(provider.requestsTo(FakeProvider.MODELS)).hasSize(2);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("Retry-After honoured").isGreaterThanOrEqualTo(900);
    }

    @Test
    void rateLimitedBeyondTheRetryAfterCapIsUnverified() {
        provider.override(FakeProvider.MODELS, r -> new MockResponse.Builder().code(429).setHeader("Retry-After", "3600").build());
        Verdict v = scenario.run("models");
        assertThat(v.outcome()).isEqualTo(Outcome.UNVERIFIED);
        assertThat(rules(v)).containsExactly("rate-limited");
        assertThat(v.summary()).contains("Retry-After 3600");
        assertThat(provider.requestsTo(FakeProvider.MODELS)).hasSize(1);
    }

    @Test
    void serverErrorsAfterEveryRetryAreUnverified() {
        provider.override(FakeProvider.MODELS, r -> new MockResponse.Builder().code(502).body("<html>Bad gateway</html>").build());
        Verdict v = scenario.run("models");
        assertThat(v.outcome()).isEqualTo(Outcome.UNVERIFIED);
        assertThat(v.summary()).isEqualTo("unreachable at /v1/models: expected an answer, got HTTP 502 after 3 attempts: [<html>Bad gateway</html>]");
        assertThat(provider.requestsTo(FakeProvider.MODELS)).hasSize(3);
    }

    @Test
    void timeoutIsUnverified() {
        provider.override(FakeProvider.MODELS, r -> new MockResponse.Builder().code(200).headersDelay(3, TimeUnit.SECONDS).build());
        Verdict v = scenario.run("models");
        assertThat(v.outcome()).isEqualTo(Outcome.UNVERIFIED);
        assertThat(v.summary()).contains("timed out talking to").contains("after 3 attempts");
    }

    @Test
    void connectionRefusedIsUnverified() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        scenario.withEnv("WISGATE_API_BASE", "http://127.0.0.1:" + closedPort);
        Verdict v = scenario.run("generation");
        assertThat(v.outcome()).isEqualTo(Outcome.UNVERIFIED);
        assertThat(v.summary()).contains("connection refused by 127.0.0.1:" + closedPort).contains("after 3 attempts");
    }

    @Test
    void tlsFailureIsUnverified() throws Exception {
        // A server that answers a TLS hello with plain text, as a misconfigured proxy does.
        try (ServerSocket plain = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            Thread answerer = new Thread(() -> {
                for (int i = 0; i < 3; i++) {
                    try (java.net.Socket s = plain.accept()) {
                        s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            answerer.setDaemon(true);
            answerer.start();
            scenario.withEnv("WISGATE_API_BASE", "https://127.0.0.1:" + plain.getLocalPort());
            Verdict v = scenario.run("models");
            assertThat(v.outcome()).isEqualTo(Outcome.UNVERIFIED);
            assertThat(v.summary()).contains("TLS handshake with 127.0.0.1:" + plain.getLocalPort() + " failed");
        }
    }

    @Test
    void htmlInsteadOfJsonIsBroken() {
        provider.override(FakeProvider.MODELS, r -> new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html; charset=utf-8")
                .body("<!doctype html><html><body>Welcome to WisGate</body></html>").build());
        Verdict v = scenario.run("models");
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(rules(v)).containsExactly("response-media-type-changed");
        assertThat(v.summary()).contains("text/html");
        assertThat(provider.requestsTo(FakeProvider.MODELS)).as("asked again before it is called a break").hasSize(3);
    }

    @Test
    void malformedJsonIsBroken() {
        provider.override(FakeProvider.MODELS, r -> new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"object\":\"list\",\"data\":[{\"id\":\"gpt-image-2\"").build());
        Verdict v = scenario.run("models");
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(rules(v)).containsExactly("response-not-json");
        assertThat(provider.requestsTo(FakeProvider.MODELS)).as("asked again before it is called a break").hasSize(3);
    }

    @Test
    void oneHtmlPageInsteadOfJsonIsAskedAgainNotCalledABreak() {
        // A CDN's maintenance page for one answer: a blip, not a release.
        provider.script(FakeProvider.MODELS, new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
                .body("<html><body>Down for maintenance</body></html>").build());
        Verdict v = scenario.run("models");
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
        assertThat(provider.requestsTo(FakeProvider.MODELS)).hasSize(2);
    }

    @Test
    void oneBodyCutOffWithItsFramingIntactIsAskedAgainNotCalledABreak() {
        provider.script(FakeProvider.MODELS, new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"object\":\"list\",\"data\":[{\"id\":\"gpt-image-2\"").build(),
                new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body("").build());
        Verdict v = scenario.run("models");
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
        assertThat(provider.requestsTo(FakeProvider.MODELS)).hasSize(3);
    }

    @Test
    void aGarbledLastAnswerAfterOtherFailuresIsAnErraticProviderNotABreak() {
        // Two 503s, then a CDN's page: the provider is having a bad minute, its format did not change.
        MockResponse unavailable = new MockResponse.Builder().code(503).body("busy").build();
        provider.script(FakeProvider.MODELS, unavailable, unavailable, new MockResponse.Builder().code(200)
                .setHeader("Content-Type", "text/html").body("<html><body>Checking your browser</body></html>").build());
        Verdict v = scenario.run("models");
        assertThat(v.outcome()).isEqualTo(Outcome.UNVERIFIED);
        assertThat(v.summary()).contains("failed or came garbled (text/html with HTTP 200) after 3 attempts");
        assertThat(provider.requestsTo(FakeProvider.MODELS)).hasSize(3);
    }

    @Test
    void theEndpointProbeIsNotSuspendedForAGarbledAnswerAfterOtherFailures() {
        // A 2xx to the invalid request suspends the probe (it may have been billed): not for an erratic provider's page.
        MockResponse unavailable = new MockResponse.Builder().code(502).body("bad gateway").build();
        provider.script(FakeProvider.GENERATIONS, unavailable, unavailable, new MockResponse.Builder().code(200)
                .setHeader("Content-Type", "application/json").body("{\"object\": \"list\", \"da").build());
        Verdict v = scenario.run("endpoint");
        assertThat(v.outcome()).isEqualTo(Outcome.UNVERIFIED);
        assertThat(v.summary()).contains("malformed JSON with HTTP 200");
    }

    @Test
    void aBodyCutOffMidTransferIsAskedAgain() {
        // The connection drops half-way through the body: OkHttp fails the read, the client retries.
        provider.script(FakeProvider.MODELS, new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"object\":\"list\",\"data\":[" + "{\"id\":\"gpt-image-2\",\"object\":\"model\"},".repeat(200) + "{}]}")
                .onResponseBody(new mockwebserver3.SocketEffect.CloseSocket(true, false, false)).build());
        Verdict v = scenario.run("models");
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
        assertThat(provider.requestsTo(FakeProvider.MODELS)).hasSize(2);
    }

    @Test
    void fiftyMegabyteBodyIsRefusedWithoutReadingIt() {
        scenario.workspace.edit("maxResponseSize: 32MB", "maxResponseSize: 1MB");
        Buffer huge = new Buffer();
        byte[] chunk = new byte[1 << 20];
        java.util.Arrays.fill(chunk, (byte) 'x');
        for (int i = 0; i < 50; i++) {
            huge.write(chunk);
        }
        provider.override(FakeProvider.MODELS, r -> new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(huge.clone()).build());
        Verdict v = scenario.run("models");
        assertThat(v.outcome()).isEqualTo(Outcome.UNVERIFIED);
        assertThat(rules(v)).containsExactly("response-too-large");
        assertThat(v.summary()).contains("52428800 bytes").contains("http.maxResponseSize");
    }

    @Test
    void chunkedBodyOverTheCapIsCutOff() {
        scenario.workspace.edit("maxResponseSize: 32MB", "maxResponseSize: 64KB");
        provider.override(FakeProvider.MODELS, r -> new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .chunkedBody("[" + "1,".repeat(100_000) + "1]", 8192).build());
        Verdict v = scenario.run("models");
        assertThat(v.outcome()).isEqualTo(Outcome.UNVERIFIED);
        assertThat(rules(v)).containsExactly("response-too-large");
    }
}
