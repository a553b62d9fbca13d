package dev.driftwatch.cli;

import dev.driftwatch.audit.ChainKey;
import dev.driftwatch.http.Version;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command; the work is in its subcommands. */
@Command(name = "driftwatch", mixinStandardHelpOptions = true, versionProvider = DriftwatchCommand.VersionProvider.class,
        description = "Verifies a pinned AI image API contract against the live API and records every verdict.",
        subcommands = {VerifyCommand.class, RunCommand.class, CheckConfigCommand.class, AuditCommand.class, AcceptCommand.class, AckCommand.class,
                HealthcheckCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 all PASS/CHANGED/SKIPPED, 1 something BROKEN, 2 bad configuration or usage,",
                "3 something UNVERIFIED (none BROKEN), 4 driftwatch itself could not run (e.g. audit trail not writable)."})
final class DriftwatchCommand implements Runnable {
    final Map<String, String> env;
    @Spec
    CommandSpec spec;

    DriftwatchCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public void run() {
        // A ParameterException is a usage error: picocli prints it and this command's usage to stderr, exit 2.
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: " + String.join(", ", spec.subcommands().keySet()));
    }

    /** The audit chain's key from {@value ChainKey#VARIABLE} (none when unset), or null after saying on {@code err} why it cannot be used. */
    ChainKey chainKey(PrintWriter err) {
        try {
            return ChainKey.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            err.println("driftwatch: " + e.getMessage());
            return null;
        }
    }

    static CommandLine commandLine(Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new DriftwatchCommand(env));
        cl.setOut(out);
        cl.setErr(err);
        exitCodesOfTheReadme(cl);
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            // Expected failures are verdicts or config errors; anything else still gets one line, not a trace.
            line.getErr().println("driftwatch: " + ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage().lines().findFirst().orElse("")));
            return ExitCode.FAILURE;
        });
        return cl;
    }

    /**
     * The README's table rather than picocli's defaults, on every command (picocli asks the command that failed):
     * a command line that cannot be parsed is a usage error (2), and an exception nothing expected is driftwatch
     * failing to run (4), never 1, which means BROKEN.
     */
    private static void exitCodesOfTheReadme(CommandLine cl) {
        cl.getCommandSpec().exitCodeOnInvalidInput(ExitCode.CONFIG).exitCodeOnExecutionException(ExitCode.FAILURE);
        cl.getSubcommands().values().forEach(DriftwatchCommand::exitCodesOfTheReadme);
    }

    /** Reads the version Maven wrote at build time. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"driftwatch " + Version.current()};
        }
    }
}
