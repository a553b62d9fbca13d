package dev.driftwatch.cli;

import dev.driftwatch.alert.CheckPageLinks;
import dev.driftwatch.alert.Alerting;
import dev.driftwatch.alert.LocalAlerts;
import dev.driftwatch.alert.Sleeper;
import dev.driftwatch.alert.VerdictFlow;
import dev.driftwatch.api.ApiChecks;
import dev.driftwatch.api.ApiContext;
import dev.driftwatch.http.ProviderClient;
import dev.driftwatch.audit.AuditException;
import dev.driftwatch.daemon.AuditTrails;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.ChainKey;
import dev.driftwatch.check.CheckFactory;
import dev.driftwatch.check.Plan;
import dev.driftwatch.check.PlanRunner;
import dev.driftwatch.check.Redactor;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.check.VerdictJson;
import dev.driftwatch.config.ConfigException;
import dev.driftwatch.config.InvalidValue;
import dev.driftwatch.config.TimeSpan;
import dev.driftwatch.contract.ApiKeys;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.docs.DocsChecks;
import dev.driftwatch.spec.SpecChecks;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Runs every check once, concurrently; prints a line per check; records every verdict; with --notify, alerts. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Run every check once against the live API, print one line per check, record the verdicts.")
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    DriftwatchCommand root;
    @Mixin
    ConfigOption config;
    @Spec
    CommandSpec spec;

    @Option(names = "--contract", paramLabel = "ID", description = "only this contract")
    String contract;
    @Option(names = "--env", paramLabel = "NAME", description = "only the checks of this environment, as the report names it:"
            + " one of the contract's (e.g. production) for the live API, or public for the docs pages")
    String environment;
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    ReportFormat format;
    @Option(names = "--junit", paramLabel = "FILE", description = "also write a JUnit XML report for CI systems")
    Path junit;
    @Option(names = "--notify", description = "run the incident logic on the verdicts and deliver the alerts it makes:"
            + " to Slack when configured, else printed")
    boolean notify;
    @Option(names = "--progress", description = "say on stderr as each verdict is committed to the audit trail (its check, verdict and start time):"
            + " what a long run has done so far, and what a run stopped midway kept")
    boolean progress;
    @Option(names = "--notify-within", paramLabel = "DURATION", defaultValue = "30s",
            description = "how long --notify may keep retrying Slack before leaving the rest in the outbox (default: ${DEFAULT-VALUE})")
    String notifyWithin;

    enum ReportFormat { text, json }

    @Override
    public Integer call() {
        Warmup.start();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConfigOption.Loaded loaded;
        try {
            loaded = config.load(root.env);
        } catch (ConfigException e) {
            e.lines().forEach(err::println);
            return ExitCode.CONFIG;
        }
        Duration budget;
        try {
            budget = TimeSpan.parse(notifyWithin).duration();
        } catch (InvalidValue e) {
            err.println("driftwatch: --notify-within " + e.getMessage() + " — " + e.remedy());
            return ExitCode.CONFIG;
        }
        String unknown = unknownContract(loaded.contracts());
        if (unknown != null) {
            err.println(unknown);
            return ExitCode.CONFIG;
        }
        Clock clock = Clock.systemUTC();
        List<Verdict> verdicts;
        List<String> keys = ApiKeys.of(loaded.contracts(), root.env);
        StoreFailures failures = new StoreFailures();
        ChainKey chainKey = root.chainKey(err);
        if (chainKey == null) {
            return ExitCode.CONFIG;
        }
        try (AuditTrail audit = AuditTrails.open(loaded.config().file().audit(), root.env, chainKey, clock, file -> AuditTrail.openSqlite(file, chainKey));
             PlanRunner runner = new PlanRunner(8, new Redactor(keys), clock)) {
            ProviderClient client = new ProviderClient(loaded.config().file().http(), clock);
            List<CheckFactory> kinds = List.of(new ApiChecks(ApiContext.of(loaded.config(), client, audit, root.env, clock)),
                    new DocsChecks(client, audit, clock), new SpecChecks(client, audit, clock));
            // Checked here, not with --contract above: the environments are those of the checks' keys, and only the
            // kinds know them (the docs pages are `public`, whatever the contract's environments are called).
            List<String> environments = Plan.of(loaded.contracts(), kinds, contract, null).environments();
            if (environment != null && !environments.contains(environment)) {
                err.println("driftwatch: no environment '" + environment + "' in " + config.file + " — use one of: " + String.join(", ", environments));
                return ExitCode.CONFIG;
            }
            Plan plan = Plan.of(loaded.contracts(), kinds, contract, environment);
            try (Alerting alerting = notify ? Alerting.create(loaded.config().file().alerts(), Plan.of(loaded.contracts(), kinds, null, null).checks(),
                    CheckFactory.adviceOf(kinds), root.env, audit, LocalAlerts.printedTo(format == ReportFormat.json ? err : out), keys,
                    CheckPageLinks.under(loaded.config().file().status().externalUrl()), clock,
                    Sleeper.REAL) : null) {
                VerdictFlow flow = alerting == null ? VerdictFlow.recordOnly(audit, failures)
                        : new VerdictFlow(audit, alerting.incidents(), () -> { }, Sleeper.REAL, failures);
                verdicts = runner.runAll(plan.checks(), v -> {
                    VerdictFlow.Accepted accepted = flow.accept(v);
                    if (progress && accepted.recorded()) {
                        // Only once committed, and flushed at once: a line here is a verdict the trail keeps, even if the
                        // process dies next. The start time is how the verdict is stored, so `audit history` finds it.
                        err.println("driftwatch: recorded " + v.key() + " " + v.outcome() + " started " + VerdictJson.timestamp(v.startedAt()));
                        err.flush();
                    }
                });
                if (format == ReportFormat.json) {
                    out.println(JsonReport.render(verdicts));
                } else {
                    TextReport.print(verdicts, out);
                }
                if (out.checkError()) {
                    // Nobody reads stdout any more (`verify | head`, a closed pipe): the verdicts still decide the exit code.
                    err.println("driftwatch: cannot write the " + format + " report to stdout — the verdicts are recorded in the audit trail"
                            + " (driftwatch audit last-verified)");
                }
                if (failures.first != null) {
                    err.println("driftwatch: " + failures.count + " verdict(s) not recorded: " + failures.first.getMessage());
                    return ExitCode.FAILURE;
                }
                if (alerting != null) {
                    // Reminders and stale checks that no verdict of this run touched (another --env, a probe that stopped).
                    alerting.incidents().sweep();
                    deliver(alerting, budget, err);
                }
            }
        } catch (AuditException e) {
            err.println("driftwatch: " + e.getMessage());
            return ExitCode.FAILURE;
        }
        if (junit != null) {
            try {
                JunitReport.write(verdicts, junit);
            } catch (IOException e) {
                // Said, but not the exit code: a mistyped path must not turn a BROKEN contract (1) into "could not run" (4).
                err.println("driftwatch: cannot write the JUnit report to " + junit + " (" + why(e) + ") — pass a writable path to --junit;"
                        + " the verdicts stand and set the exit code");
            }
        }
        return ExitCode.of(verdicts);
    }

    /** What the file system said, in a few words: "Is a directory" rather than the path again. */
    private static String why(IOException e) {
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getClass().getSimpleName() + (e instanceof FileSystemException || e.getMessage() == null ? "" : ": " + e.getMessage());
        return reason.lines().findFirst().orElse(reason);
    }

    private String unknownContract(List<Contract> contracts) {
        List<String> ids = contracts.stream().map(Contract::id).toList();
        if (contract != null && !ids.contains(contract)) {
            return "driftwatch: no contract '" + contract + "' in " + config.file + " — use one of: " + String.join(", ", ids);
        }
        return null;
    }

    /** The verdicts the audit trail would not take: verify reports them and exits 4. */
    private static final class StoreFailures implements VerdictFlow.StoreWatch {
        private volatile AuditException first;
        private volatile int count;

        @Override
        public void written() {
        }

        @Override
        public synchronized void lost(Verdict v, AuditException e) {
            count++;
            if (first == null) {
                first = e;
            }
        }
    }

    /**
     * Delivers what the incident logic put in the outbox (and anything left by earlier runs) within
     * {@code within} (no send is started that could outlast it); says in one line what reached where.
     */
    private static void deliver(Alerting alerting, Duration within, PrintWriter err) {
        int pending = alerting.worker().flush(within);
        String where = alerting.routes().slackConfigured() ? "alerts go to Slack"
                : "no Slack configured (" + alerting.routes().whatToSet() + "): alerts printed";
        err.println("driftwatch: " + where + "; " + pending + " alert(s) pending in the outbox"
                + (pending == 0 ? "" : ", retried by the next 'verify --notify' or the daemon"));
    }
}
