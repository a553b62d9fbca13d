package dev.driftwatch.cli;

import dev.driftwatch.http.Version;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command; the work is in its subcommands. */
@Command(name = "driftwatch", mixinStandardHelpOptions = true, versionProvider = DriftwatchCommand.VersionProvider.class,
        description = "Verifies a pinned AI image API contract against the live API and records every verdict.",
        subcommands = {VerifyCommand.class, RunCommand.class, CheckConfigCommand.class, AuditCommand.class, HealthcheckCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 all PASS/CHANGED/SKIPPED, 1 something BROKEN, 2 bad configuration or usage,",
                "3 something UNVERIFIED (none BROKEN), 4 driftwatch itself could not run (e.g. audit trail not writable)."})
final class DriftwatchCommand implements Runnable {
    final Map<String, String> env;

    DriftwatchCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a command: verify, run, check-config or audit");
    }

    static CommandLine commandLine(Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new DriftwatchCommand(env));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            // Expected failures are verdicts or config errors; anything else still gets one line, not a trace.
            line.getErr().println("driftwatch: " + ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage().lines().findFirst().orElse("")));
            return ExitCode.FAILURE;
        });
        return cl;
    }

    /** Reads the version Maven wrote at build time. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"driftwatch " + Version.current()};
        }
    }
}
