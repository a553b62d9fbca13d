package dev.driftwatch.cli;

import dev.driftwatch.audit.AuditException;
import dev.driftwatch.config.ConfigException;
import dev.driftwatch.config.InvalidValue;
import dev.driftwatch.config.TimeSpan;
import dev.driftwatch.daemon.ClusterStore;
import dev.driftwatch.daemon.Daemon;
import dev.driftwatch.daemon.DaemonSettings;
import dev.driftwatch.daemon.HttpAccess;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sun.misc.Signal;

/**
 * The long-lived daemon: every check on its schedule until SIGTERM (or SIGINT), checks.yaml reloaded on
 * SIGHUP and when the file changes. Blocks until stopped; a stop finishes in-flight checks within the
 * grace period, flushes the alert outbox and exits 0.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run every check on its schedule until stopped; reload checks.yaml on SIGHUP or when it changes.")
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    @ParentCommand
    DriftwatchCommand root;
    @Mixin
    ConfigOption config;
    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "HTTP port of /healthz, /readyz, /metrics and the status page"
            + " (default: $DRIFTWATCH_PORT, else " + DaemonSettings.DEFAULT_PORT + ")")
    Integer port;
    @Option(names = "--bind", paramLabel = "ADDRESS", description = "address the HTTP endpoints listen on: an IP address of this host,"
            + " e.g. 127.0.0.1 for this host only (default: $DRIFTWATCH_BIND, else " + DaemonSettings.DEFAULT_BIND + ", every interface)")
    String bind;
    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "json",
            description = "json (one object per line) or text (default: ${DEFAULT-VALUE}); logs go to stdout")
    LogConfigurator.Format logFormat;
    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "30s",
            description = "on SIGTERM, how long checks in progress and the alert outbox may take before exit (default: ${DEFAULT-VALUE})")
    String grace;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Duration graceTime;
        try {
            graceTime = TimeSpan.parse(grace).duration();
        } catch (InvalidValue e) {
            err.println("driftwatch: --grace " + e.getMessage() + " — " + e.remedy());
            return ExitCode.CONFIG;
        }
        Integer httpPort = DaemonPort.toServe(port, root.env, err);
        if (httpPort == null) {
            return ExitCode.CONFIG;
        }
        String address = bindAddress(err);
        if (address == null) {
            return ExitCode.CONFIG;
        }
        HttpAccess access;
        try {
            access = HttpAccess.fromEnv(root.env);
            ClusterStore.checkinFromEnv(root.env); // said now, not after the trail is opened
        } catch (IllegalArgumentException e) {
            err.println("driftwatch: " + e.getMessage());
            return ExitCode.CONFIG;
        }
        if (root.chainKey(err) == null) {
            return ExitCode.CONFIG;
        }
        DaemonSettings settings = DaemonSettings.defaults(config.file).withPort(httpPort).withBind(address).withHttpAccess(access).withGrace(graceTime);
        CountDownLatch stopRequested = new CountDownLatch(1);
        // SIGTERM handled here rather than by the JVM's shutdown: then the stop runs on the main thread and
        // the process exits 0 (a JVM stopped by the signal exits 143, and a shutdown hook cannot change that).
        // Handled before the trail is opened, so a stop during start-up (a migration) lets that step end first.
        handle("TERM", stopRequested::countDown);
        handle("INT", stopRequested::countDown);
        Daemon daemon;
        try {
            daemon = new Daemon(root.env, Clock.systemUTC(), settings);
        } catch (ConfigException e) {
            e.lines().forEach(err::println);
            return ExitCode.CONFIG;
        } catch (AuditException e) {
            err.println("driftwatch: " + e.getMessage());
            return ExitCode.FAILURE;
        }
        // Only now: a configuration error at start goes to stderr like verify's, and nothing else is logged yet.
        LogConfigurator.forDaemon(logFormat, root.env);
        if (stopRequested.getCount() == 0) {
            LOG.info("stop requested while starting");
            daemon.stop(graceTime);
            return ExitCode.OK;
        }
        handle("HUP", () -> new Thread(daemon::reload, "sighup-reload").start());
        // Any other way out (System.exit elsewhere, a signal not handled above) still stops cleanly.
        Thread hook = new Thread(() -> daemon.stop(graceTime), "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            daemon.start();
        } catch (UncheckedIOException e) { // the HTTP port is taken, or the address is not this host's
            err.println("driftwatch: " + e.getMessage());
            daemon.stop(Duration.ZERO);
            return ExitCode.FAILURE;
        }
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("stop requested");
        daemon.stop(graceTime);
        return ExitCode.OK;
    }

    private static void handle(String signal, Runnable action) {
        try {
            Signal.handle(new Signal(signal), s -> action.run());
        } catch (IllegalArgumentException e) {
            // Not on this platform (SIGHUP on Windows): the file watch still reloads.
            LOG.warn("cannot handle SIG{} here: {}", signal, e.getMessage());
        }
    }

    /** The address to listen on, as an IP literal (a name is resolved once, here); null after saying why it is not one. */
    private String bindAddress(PrintWriter err) {
        String fromEnv = root.env.get("DRIFTWATCH_BIND");
        String wanted = bind != null ? bind.strip() : fromEnv == null || fromEnv.isBlank() ? DaemonSettings.DEFAULT_BIND : fromEnv.strip();
        String source = bind != null ? "--bind" : "DRIFTWATCH_BIND";
        if (wanted.isEmpty()) {
            err.println("driftwatch: " + source + " is empty — give an IP address of this host, e.g. 127.0.0.1 or 0.0.0.0");
            return null;
        }
        try {
            return InetAddress.getByName(wanted).getHostAddress();
        } catch (UnknownHostException e) {
            err.println("driftwatch: " + source + " '" + wanted + "' is not an address of this host — give an IP address, e.g. 127.0.0.1 or 0.0.0.0");
            return null;
        }
    }
}
