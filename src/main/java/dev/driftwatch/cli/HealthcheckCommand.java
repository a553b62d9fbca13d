package dev.driftwatch.cli;

import dev.driftwatch.daemon.DaemonSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The container's HEALTHCHECK: asks the local daemon's /healthz, so the image needs no curl. */
@Command(name = "healthcheck", mixinStandardHelpOptions = true,
        description = "Exit 0 if the daemon on this host answers /healthz with 200, else 1 (for Docker's HEALTHCHECK).")
final class HealthcheckCommand implements Callable<Integer> {
    private static final String LOOPBACK = "127.0.0.1";
    @ParentCommand
    DriftwatchCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "the daemon's port (default: $DRIFTWATCH_PORT, else " + DaemonSettings.DEFAULT_PORT + ")")
    Integer port;
    @Option(names = "--host", paramLabel = "ADDRESS", description = "the daemon's address (default: $DRIFTWATCH_BIND, the address"
            + " `run` listens on, unless it is every interface (0.0.0.0, ::); then " + LOOPBACK + ")")
    String host;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Integer p = DaemonPort.toAsk(port, root.env, err);
        if (p == null) {
            return ExitCode.CONFIG;
        }
        String address = host != null ? host.strip() : daemonAddress();
        String target = (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + p;
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create("http://" + target + "/healthz")).timeout(Duration.ofSeconds(3)).GET().build();
        } catch (IllegalArgumentException e) {
            err.println("driftwatch: '" + address + "' is not an address to ask — pass --host with an IP address, e.g. 127.0.0.1");
            return ExitCode.CONFIG;
        }
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 200) {
                return ExitCode.OK;
            }
            err.println("driftwatch: /healthz answered " + status);
        } catch (IOException e) {
            err.println("driftwatch: no answer from " + target + "/healthz (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 1;
    }

    /** Where `run` listens, from the same environment: its bind address, or the loopback when it listens everywhere. */
    private String daemonAddress() {
        String bind = root.env.get("DRIFTWATCH_BIND");
        if (bind == null || bind.isBlank()) {
            return LOOPBACK;
        }
        try {
            return InetAddress.getByName(bind.strip()).isAnyLocalAddress() ? LOOPBACK : bind.strip();
        } catch (UnknownHostException e) {
            return bind.strip(); // the request fails and says where it asked
        }
    }
}
