package dev.driftwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that hold a connection without finishing a request, on a server with short {@link HttpLimits}: each is
 * cut off by the limit meant for it, and {@code /healthz} answers meanwhile. Bounds are generous: liveness, not speed.
 */
class SlowClientsTest extends StatusScenarioTest {
    private static final Duration CUT_OFF_WITHIN = Duration.ofSeconds(10);
    private final List<Socket> sockets = new ArrayList<>();
    private StatusServer server;

    @AfterEach
    void closeAll() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aClientThatSendsHalfARequestLineIsCutOffAtTheRequestHeadDeadline() throws Exception {
        serve(new HttpLimits(Duration.ofSeconds(30), Duration.ofSeconds(1), 100, 8));
        Socket half = connect("GET /api/status HT");
        assertThat(closedByServerWithin(half, CUT_OFF_WITHIN)).isTrue();
    }

    @Test
    void aClientThatTricklesHeadersIsNeverIdleYetCutOffAtTheRequestHeadDeadline() throws Exception {
        serve(new HttpLimits(Duration.ofSeconds(2), Duration.ofSeconds(3), 100, 8));
        Socket slowloris = connect("GET /api/status HTTP/1.1\r\nHost: x\r\n");
        AtomicBoolean trickling = new AtomicBoolean(true);
        Thread trickle = new Thread(() -> {
            try {
                OutputStream out = slowloris.getOutputStream();
                for (int i = 0; trickling.get(); i++) {
                    out.write(("X-" + i + ": y\r\n").getBytes(StandardCharsets.US_ASCII)); // more often than the 2 s idle timeout
                    out.flush();
                    Thread.sleep(300);
                }
            } catch (IOException | InterruptedException closed) {
                // cut off: what the test waits for
            }
        });
        trickle.start();
        long start = System.nanoTime();
        try {
            assertThat(closedByServerWithin(slowloris, CUT_OFF_WITHIN)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("by the deadline, not the idle timeout").isGreaterThan(Duration.ofMillis(2500));
        } finally {
            trickling.set(false);
            trickle.join(5000);
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeoutAndSoIsAKeptAliveOneAfterItsRequest() throws Exception {
        serve(new HttpLimits(Duration.ofSeconds(1), Duration.ofSeconds(30), 100, 8));
        Socket idle = connect("");
        assertThat(closedByServerWithin(idle, CUT_OFF_WITHIN)).isTrue();

        Socket keptAlive = connect("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(closedByServerWithin(keptAlive, CUT_OFF_WITHIN)).as("its answer, then the close").isTrue();
    }

    @Test
    void pastTheConnectionCapANewConnectionWaitsUntilTheDeadlineFreesASlotThenHealthzAnswers() throws Exception {
        serve(new HttpLimits(Duration.ofSeconds(60), Duration.ofSeconds(1), 3, 8));
        for (int i = 0; i < 3; i++) {
            connect("GET /api/status HT");
        }
        HttpResponse<String> healthz = s.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
                .timeout(Duration.ofSeconds(10)).GET().build());
        assertThat(healthz.statusCode()).isEqualTo(200);
    }

    @Test
    void twoHundredHalfRequestsDoNotKeepHealthzFromAnsweringWithTheDaemonsLimits() throws Exception {
        serve(HttpLimits.DEFAULTS);
        for (int i = 0; i < 200; i++) {
            connect("GET /api/status HT");
        }
        HttpResponse<String> healthz = s.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
                .timeout(Duration.ofSeconds(10)).GET().build());
        assertThat(healthz.statusCode()).isEqualTo(200);
    }

    private void serve(HttpLimits limits) {
        server = new StatusServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), HttpAccess.open(), limits,
                s.state, s.trail(), s.metrics, s.alerts.clock).start();
    }

    private Socket connect(String firstBytes) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        sockets.add(socket);
        socket.getOutputStream().write(firstBytes.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** Reads (and drops) what comes until the server closes the connection; false if it is still open after {@code within}. */
    private static boolean closedByServerWithin(Socket socket, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        socket.setSoTimeout(200);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        while (System.nanoTime() < deadline) {
            try {
                if (in.read(buffer) < 0) {
                    return true;
                }
            } catch (java.net.SocketTimeoutException stillOpen) {
                // keep waiting
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }
}
