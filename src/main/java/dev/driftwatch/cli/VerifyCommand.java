package dev.driftwatch.cli;

import dev.driftwatch.api.ApiChecks;
import dev.driftwatch.api.ApiContext;
import dev.driftwatch.http.ProviderClient;
import dev.driftwatch.audit.AuditException;
import dev.driftwatch.audit.AuditLocation;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.check.Plan;
import dev.driftwatch.check.PlanRunner;
import dev.driftwatch.check.Redactor;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.config.ConfigException;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.Environment;
import dev.driftwatch.docs.DocsChecks;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Runs every check once, concurrently; prints a line per check; records every verdict in the audit trail. */
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
    @Option(names = "--env", paramLabel = "NAME", description = "only this environment")
    String environment;
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    ReportFormat format;
    @Option(names = "--junit", paramLabel = "FILE", description = "also write a JUnit XML report for CI systems")
    Path junit;

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
        String unknown = unknownFilter(loaded.contracts());
        if (unknown != null) {
            err.println(unknown);
            return ExitCode.CONFIG;
        }
        Clock clock = Clock.systemUTC();
        Path dbFile = AuditLocation.defaultFile(root.env);
        List<Verdict> verdicts;
        try (AuditTrail audit = AuditTrail.openSqlite(dbFile);
             PlanRunner runner = new PlanRunner(8, redactor(loaded.contracts()), clock)) {
            ProviderClient client = new ProviderClient(loaded.config().file().http(), clock);
            ApiContext ctx = new ApiContext(client, audit, root.env, clock);
            Plan plan = Plan.of(loaded.contracts(), List.of(new ApiChecks(ctx), new DocsChecks(client, audit, clock)), contract, environment);
            verdicts = runner.runAll(plan.checks(), audit::record);
        } catch (AuditException e) {
            err.println("driftwatch: " + e.getMessage());
            return ExitCode.FAILURE;
        }
        if (format == ReportFormat.json) {
            out.println(JsonReport.render(verdicts));
        } else {
            TextReport.print(verdicts, out);
        }
        if (junit != null) {
            try {
                JunitReport.write(verdicts, junit);
            } catch (IOException e) {
                err.println("driftwatch: cannot write the JUnit report to " + junit + " (" + e.getMessage() + ") — pass a writable path to --junit");
                return ExitCode.FAILURE;
            }
        }
        return ExitCode.of(verdicts);
    }

    private String unknownFilter(List<Contract> contracts) {
        List<String> ids = contracts.stream().map(Contract::id).toList();
        if (contract != null && !ids.contains(contract)) {
            return "driftwatch: no contract '" + contract + "' in " + config.file + " — use one of: " + String.join(", ", ids);
        }
        if (environment != null) {
            List<String> envs = contracts.stream().filter(c -> contract == null || c.id().equals(contract))
                    .flatMap(c -> c.environments().stream()).map(Environment::name).distinct().toList();
            if (!envs.contains(environment)) {
                return "driftwatch: no environment '" + environment + "' in " + config.file + " — use one of: " + String.join(", ", envs);
            }
        }
        return null;
    }

    /** Every key the contracts name: masked wherever a provider might echo it back. */
    private Redactor redactor(List<Contract> contracts) {
        List<String> secrets = new ArrayList<>();
        for (Contract c : contracts) {
            for (Environment e : c.environments()) {
                String v = root.env.get(e.apiKeyEnv());
                if (v != null) {
                    secrets.add(v.strip());
                }
            }
        }
        return new Redactor(secrets);
    }
}
