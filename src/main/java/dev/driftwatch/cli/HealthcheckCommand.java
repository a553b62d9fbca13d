package dev.driftwatch.cli;

import dev.driftwatch.daemon.DaemonSettings;
import java.io.IOException;
import java.net.URI;
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
    @ParentCommand
    DriftwatchCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "the daemon's port (default: $DRIFTWATCH_PORT, else " + DaemonSettings.DEFAULT_PORT + ")")
    Integer port;

    @Override
    public Integer call() {
        Integer p = DaemonPort.toAsk(port, root.env, spec.commandLine().getErr());
        if (p == null) {
            return ExitCode.CONFIG;
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + "/healthz")).timeout(Duration.ofSeconds(3)).GET().build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 200) {
                return ExitCode.OK;
            }
            spec.commandLine().getErr().println("driftwatch: /healthz answered " + status);
        } catch (IOException e) {
            spec.commandLine().getErr().println("driftwatch: no answer from 127.0.0.1:" + p + "/healthz (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 1;
    }
}
