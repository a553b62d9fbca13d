package dev.driftwatch.daemon;

import static dev.driftwatch.daemon.HttpAccess.PASSWORD_ENV;
import static dev.driftwatch.daemon.HttpAccess.TOKEN_ENV;
import static dev.driftwatch.daemon.HttpAccess.USER_ENV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who can reach the endpoints: the address they listen on, and the credentials the page, /api/status and /metrics ask for. */
class StatusServerAccessTest extends StatusScenarioTest {
    private static final String TOKEN = "tok-5d0c2e9f7a4b1386";
    private static final String PASSWORD = "pw-1a2b3c4d5e";
    private static final List<String> GUARDED = List.of("/", "/api/status", "/metrics");
    private static final List<String> PROBES = List.of("/healthz", "/readyz");
    private final List<StatusServer> servers = new ArrayList<>();
    private final List<HttpResponse<String>> seen = new ArrayList<>();

    @AfterEach
    void closeServers() {
        servers.forEach(StatusServer::close);
    }

    @Test
    void boundToTheLoopbackItIsNotReachableOnTheHostsOtherAddresses() throws Exception {
        StatusServer loopbackOnly = serve(new InetSocketAddress("127.0.0.1", 0), HttpAccess.open());
        assertThat(loopbackOnly.host()).isEqualTo("127.0.0.1");
        assertThat(reachable(InetAddress.getByName("127.0.0.1"), loopbackOnly.port())).isTrue();
        StatusServer everywhere = serve(new InetSocketAddress("0.0.0.0", 0), HttpAccess.open());
        for (InetAddress other : otherIpv4AddressesOfThisHost()) {
            assertThat(reachable(other, everywhere.port())).as("bound to 0.0.0.0, %s answers (so the network lets us try)", other).isTrue();
            assertThat(reachable(other, loopbackOnly.port())).as("bound to 127.0.0.1, %s does not", other).isFalse();
        }
    }

    @Test
    void anAddressThatIsNotThisHostsIsRefusedAtOnceSayingWhatToDo() {
        // 198.51.100.0/24 is TEST-NET-2, kept for documentation: no host has an address in it.
        InetSocketAddress notOurs = new InetSocketAddress("198.51.100.7", 0);
        assertThatThrownBy(() -> serve(notOurs, HttpAccess.open())).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("cannot listen on").hasMessageContaining("--bind");
    }

    @Test
    void withATokenThePageStatusAndMetricsAnswer401WithoutItAnd200WithItWhileProbesStayOpen() {
        StatusServer server = serve(new InetSocketAddress("127.0.0.1", 0), HttpAccess.fromEnv(Map.of(TOKEN_ENV, TOKEN)));
        for (String path : GUARDED) {
            HttpResponse<String> none = get(server, path, null);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.headers().allValues("WWW-Authenticate")).as(path).containsExactly("Bearer realm=\"driftwatch\"");
            assertThat(none.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(get(server, path, "Bearer " + TOKEN.substring(0, TOKEN.length() - 1)).statusCode()).as(path).isEqualTo(401);
            assertThat(get(server, path, "Basic " + HttpAccessTest.basic("x", TOKEN)).statusCode()).as(path).isEqualTo(401);
            assertThat(get(server, path, "Bearer " + TOKEN).statusCode()).as(path).isEqualTo(200);
        }
        for (String path : PROBES) {
            assertThat(get(server, path, null).statusCode()).as(path).isEqualTo(200);
            assertThat(get(server, path, "Bearer wrong").statusCode()).as(path + ": a probe ignores credentials").isEqualTo(200);
        }
        assertThat(get(server, "/admin", null).statusCode()).as("which paths exist does not show").isEqualTo(401);
        assertNoResponseShowsASecret();
    }

    @Test
    void withAUserAndPasswordABrowserIsAskedForThemAndEitherCredentialWorksWhenATokenIsSetToo() {
        StatusServer server = serve(new InetSocketAddress("127.0.0.1", 0),
                HttpAccess.fromEnv(Map.of(TOKEN_ENV, TOKEN, USER_ENV, "oncall", PASSWORD_ENV, PASSWORD)));
        HttpResponse<String> none = get(server, "/", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().allValues("WWW-Authenticate"))
                .containsExactlyInAnyOrder("Bearer realm=\"driftwatch\"", "Basic realm=\"driftwatch\", charset=\"UTF-8\"");
        assertThat(get(server, "/", "Basic " + HttpAccessTest.basic("oncall", PASSWORD)).statusCode()).isEqualTo(200);
        assertThat(get(server, "/metrics", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(get(server, "/api/status", "Basic " + HttpAccessTest.basic("oncall", "guess")).statusCode()).isEqualTo(401);
        assertNoResponseShowsASecret();
    }

    private void assertNoResponseShowsASecret() {
        assertThat(seen).isNotEmpty().allSatisfy(r -> {
            String all = r.headers().map() + "\n" + r.body();
            assertThat(all).doesNotContain(TOKEN).doesNotContain(PASSWORD).doesNotContain(HttpAccessTest.basic("oncall", PASSWORD));
        });
    }

    private StatusServer serve(InetSocketAddress bind, HttpAccess access) {
        StatusServer server = new StatusServer(bind, access, HttpLimits.DEFAULTS, s.state, s.trail(), s.metrics, s.alerts.clock).start();
        servers.add(server);
        return server;
    }

    private HttpResponse<String> get(StatusServer server, String path, String authorization) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        HttpResponse<String> r = s.send(req.build());
        seen.add(r);
        return r;
    }

    private static boolean reachable(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** This host's IPv4 addresses but the loopback; none on a host with only a loopback (then only the bound address is asserted). */
    private static List<InetAddress> otherIpv4AddressesOfThisHost() throws SocketException {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp()) {
                nic.inetAddresses().filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).forEach(out::add);
            }
        }
        return out;
    }
}
