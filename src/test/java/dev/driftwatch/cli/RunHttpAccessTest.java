package dev.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import dev.driftwatch.testing.DriftwatchJvm;
import dev.driftwatch.testing.FakeProvider;
import dev.driftwatch.testing.TestWorkspace;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code driftwatch run --bind} with a token, as an operator deploys it: a real JVM on one address of the host,
 * its page asking for the token, its log (at DEBUG) never showing it, and {@code healthcheck} finding it there.
 */
class RunHttpAccessTest {
    private static final String TOKEN = "tok-0e7d51c9a2f84b36";
    private static final Pattern LISTENING = Pattern.compile("status on ([0-9.]+):(\\d+) \\(([^)]*)\\)");
    @TempDir
    Path dir;
    FakeProvider provider;
    TestWorkspace ws;
    Process process;

    @BeforeEach
    void setUp() {
        provider = new FakeProvider();
        ws = new TestWorkspace(dir);
    }

    @AfterEach
    void tearDown() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        provider.close();
    }

    @Test
    void theDaemonAsksForTheTokenNeverLogsItAndHealthcheckFindsItOnItsBindAddress() throws Exception {
        // Another address of this host when there is one, so that "healthcheck asks where run listens" means something.
        String bind = otherIpv4AddressOfThisHost();
        Path stdout = dir.resolve("stdout.log");
        Path stderr = dir.resolve("stderr.log");
        ProcessBuilder pb = new ProcessBuilder(DriftwatchJvm.command("run", "--config", ws.config.toString(), "--log-format", "json", "--port", "0"))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().putAll(ws.env(provider));
        pb.environment().put("DRIFTWATCH_BIND", bind);
        pb.environment().put("DRIFTWATCH_HTTP_TOKEN", TOKEN);
        pb.environment().put("DRIFTWATCH_LOG_LEVEL", "DEBUG");
        process = pb.start();

        Matcher listening = LISTENING.matcher("");
        await().atMost(Duration.ofSeconds(60)).until(() -> listening.reset(Files.readString(stdout)).find() || !process.isAlive());
        assertThat(process.isAlive()).as(Files.readString(stderr)).isTrue();
        assertThat(listening.group(1)).isEqualTo(bind);
        assertThat(listening.group(3)).isEqualTo("bearer token required");
        String base = "http://" + bind + ":" + listening.group(2);

        assertThat(get(base + "/metrics", null).statusCode()).isEqualTo(401);
        assertThat(get(base + "/api/status", "Bearer " + TOKEN + "x").statusCode()).isEqualTo(401);
        HttpResponse<String> page = get(base + "/", "Bearer " + TOKEN);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("driftwatch status").doesNotContain(TOKEN);
        assertThat(get(base + "/healthz", null).statusCode()).isEqualTo(200);

        Map<String, String> sameEnv = new HashMap<>(Map.of("DRIFTWATCH_BIND", bind, "DRIFTWATCH_PORT", listening.group(2)));
        assertThat(CliRun.of(sameEnv, "healthcheck").exitCode()).as("healthcheck reads where run listens from the same environment").isZero();
        assertThat(CliRun.of(Map.of(), "healthcheck", "--host", bind, "--port", listening.group(2)).exitCode()).isZero();
        if (!bind.equals("127.0.0.1")) {
            CliRun loopback = CliRun.of(Map.of(), "healthcheck", "--port", listening.group(2));
            assertThat(loopback.exitCode()).as("not listening on the loopback").isEqualTo(1);
            assertThat(loopback.err()).contains("no answer from 127.0.0.1:" + listening.group(2) + "/healthz");
        }

        process.destroy(); // SIGTERM
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(stdout, StandardCharsets.UTF_8) + Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(log).contains("GET /api/status from ").contains(": 401, credentials not accepted")
                .as("the log at DEBUG, the refused request in it").doesNotContain(TOKEN);
    }

    @Test
    void aUserWithoutAPasswordOrABindAddressThatIsNotOneAreConfigurationErrors() {
        Map<String, String> env = new HashMap<>(ws.env(provider));
        env.put("DRIFTWATCH_HTTP_USER", "oncall");
        // Bounded: a run that took these for valid would start a daemon and never return.
        CliRun halfBasic = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRun.of(env, "run", "--config", ws.config.toString(), "--port", "0"));
        assertThat(halfBasic.exitCode()).isEqualTo(2);
        assertThat(halfBasic.err()).contains("DRIFTWATCH_HTTP_USER is set but DRIFTWATCH_HTTP_PASSWORD is not");

        CliRun badBind = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> CliRun.of(ws.env(provider), "run", "--config", ws.config.toString(), "--port", "0", "--bind", "not an address"));
        assertThat(badBind.exitCode()).isEqualTo(2);
        assertThat(badBind.err()).contains("--bind 'not an address' is not an address of this host");
    }

    private static HttpResponse<String> get(String url, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String otherIpv4AddressOfThisHost() throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp()) {
                nic.inetAddresses().filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).forEach(out::add);
            }
        }
        return out.isEmpty() ? "127.0.0.1" : out.get(0).getHostAddress();
    }
}
