package dev.driftwatch.cli;

import dev.driftwatch.audit.AuditException;
import dev.driftwatch.audit.AuditLocation;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.ChainHead;
import dev.driftwatch.audit.ChainKey;
import dev.driftwatch.audit.ChainReport;
import dev.driftwatch.config.AuditConfig;
import dev.driftwatch.config.ConfigException;
import dev.driftwatch.config.ConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Copies the embedded SQLite trail into an empty PostgreSQL database, chain intact, and verifies the copy there. */
@Command(name = "migrate-to", mixinStandardHelpOptions = true,
        description = {"Copy the embedded audit trail ($DRIFTWATCH_DATA/driftwatch.db) into an empty PostgreSQL database, every record",
                "with its sequence number and hash, then verify the copy reaches the same head. The user and the password come from",
                "the variables checks.yaml's audit.userEnv and audit.passwordEnv name (default DRIFTWATCH_AUDIT_USER, DRIFTWATCH_AUDIT_PASSWORD)."})
final class AuditMigrateToCommand implements Callable<Integer> {
    @ParentCommand
    AuditCommand audit;
    @Spec
    CommandSpec spec;
    @Option(names = "--url", required = true, paramLabel = "JDBC_URL", description = "the PostgreSQL database, e.g. jdbc:postgresql://db:5432/driftwatch")
    String url;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> env = audit.root.env;
        String target = url.strip();
        if (AuditConfig.carriesCredentials(target)) {
            err.println("driftwatch: --url carries credentials — remove them: the user and the password come from environment variables"
                    + " (" + AuditConfig.DEFAULT_USER_ENV + ", " + AuditConfig.DEFAULT_PASSWORD_ENV + ", or those checks.yaml's audit section names)");
            return ExitCode.CONFIG;
        }
        if (!target.startsWith("jdbc:postgresql://")) {
            err.println("driftwatch: --url '" + target + "' is not a PostgreSQL JDBC URL — write jdbc:postgresql://HOST:5432/DATABASE");
            return ExitCode.CONFIG;
        }
        AuditConfig names = AuditConfig.DEFAULTS;
        if (audit.configFile != null && Files.exists(audit.configFile)) {
            try {
                names = new ConfigLoader(env).load(audit.configFile).file().audit();
            } catch (ConfigException e) {
                e.lines().forEach(err::println);
                return ExitCode.CONFIG;
            }
        }
        Path file = AuditLocation.defaultFile(env);
        if (!Files.exists(file)) {
            err.println("driftwatch: no embedded audit trail at " + file + " to copy — set DRIFTWATCH_DATA to where it lives");
            return ExitCode.FAILURE;
        }
        ChainKey key = audit.root.chainKey(err);
        if (key == null) {
            return ExitCode.CONFIG;
        }
        Clock clock = Clock.systemUTC();
        try (AuditTrail from = AuditTrail.openSqlite(file, key, clock);
             AuditTrail to = AuditTrail.openPostgres(target, env.get(names.userEnv()), env.get(names.passwordEnv()), key, clock)) {
            ChainHead head = from.journal().head();
            Map<String, Long> rows = from.copyInto(to);
            rows.forEach((table, n) -> out.printf("%-22s %,12d row(s)%n", table, n));
            ChainReport report = to.journal().verify(head);
            if (!report.intact()) {
                err.println("driftwatch: the copy does not verify: " + report.first() + " — the embedded trail is untouched; run 'driftwatch audit verify' on it");
                return ExitCode.BROKEN;
            }
            out.println("copied to " + AuditLocation.shown(target) + ": " + report.records() + " record(s), intact, head " + head);
            out.println("now set audit.url in checks.yaml to it; 'driftwatch audit verify --expect-head " + head + "' checks it there");
            return ExitCode.OK;
        } catch (AuditException e) {
            err.println("driftwatch: " + e.getMessage());
            return ExitCode.FAILURE;
        }
    }
}
