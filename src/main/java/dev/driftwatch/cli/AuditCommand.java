package dev.driftwatch.cli;

import dev.driftwatch.audit.AuditException;
import dev.driftwatch.audit.AuditLocation;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.ChainKey;
import dev.driftwatch.audit.LastVerified;
import dev.driftwatch.config.AuditConfig;
import dev.driftwatch.config.ConfigException;
import dev.driftwatch.config.ConfigLoader;
import dev.driftwatch.daemon.AuditTrails;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Reads the audit trail: when each check was last verified, the history of checks, incidents, one record, and whether the trail is intact. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Read the audit trail of verdicts.",
        subcommands = {AuditCommand.LastVerifiedCommand.class, AuditHistoryCommand.class, AuditIncidentsCommand.class, AuditShowCommand.class,
                AuditCommand.SnapshotsCommand.class, AuditVerifyCommand.class, AuditHeadCommand.class,
                AuditExportCommand.class, AuditCompactCommand.class, AuditMigrateToCommand.class})
final class AuditCommand implements Runnable {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    @ParentCommand
    DriftwatchCommand root;
    @Spec
    CommandSpec spec;
    /** Where the trail lives when it is shared: checks.yaml's audit.url (absent or without it, the embedded file). */
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "checks.yaml", scope = CommandLine.ScopeType.INHERIT,
            description = "checks.yaml, for where the audit trail lives (audit.url; default: ${DEFAULT-VALUE}, the embedded file without it)")
    Path configFile;

    @Override
    public void run() {
        // Like the root command without a command: a usage error, with the usage on stderr.
        throw new ParameterException(spec.commandLine(), "name what to read: " + String.join(", ", spec.subcommands().keySet()));
    }

    /**
     * Runs a reader on the trail. A missing file is a clear message, not an empty database created
     * by a reader; a trail that cannot be opened is one line, exit 4.
     */
    int withTrail(PrintWriter err, Function<AuditTrail, Integer> reader) {
        return withTrail(root, configFile, err, reader);
    }

    /** {@link #withTrail(PrintWriter, Function)} for a command outside {@code audit} ({@code accept}, {@code ack}). */
    static int withTrail(DriftwatchCommand root, Path configFile, PrintWriter err, Function<AuditTrail, Integer> reader) {
        AuditConfig where = AuditConfig.DEFAULTS;
        if (configFile != null && Files.exists(configFile)) {
            try {
                where = new ConfigLoader(root.env).load(configFile).file().audit();
            } catch (ConfigException e) {
                e.lines().forEach(err::println);
                return ExitCode.CONFIG;
            }
        }
        Path file = AuditLocation.defaultFile(root.env);
        if (!where.shared() && !Files.exists(file)) {
            err.println("driftwatch: no audit trail at " + file + " yet — run 'driftwatch verify' first, or set DRIFTWATCH_DATA to where it lives");
            return ExitCode.FAILURE;
        }
        ChainKey key = root.chainKey(err);
        if (key == null) {
            return ExitCode.CONFIG;
        }
        try (AuditTrail trail = AuditTrails.open(where, root.env, key, Clock.systemUTC(), f -> AuditTrail.openSqlite(f, key))) {
            return reader.apply(trail);
        } catch (AuditException e) {
            err.println("driftwatch: " + e.getMessage());
            return ExitCode.FAILURE;
        }
    }

    /** When did we last verify X: per contract, environment and check, the last verdict that held (PASS or CHANGED) and the latest. */
    @Command(name = "last-verified", mixinStandardHelpOptions = true,
            description = "Per contract, environment and check: when it was last verified (PASS or CHANGED), its latest verdict and when.")
    static final class LastVerifiedCommand implements Callable<Integer> {
        @ParentCommand
        AuditCommand audit;
        @Spec
        CommandSpec spec;
        @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
        VerifyCommand.ReportFormat format;

        @Override
        public Integer call() {
            return audit.withTrail(spec.commandLine().getErr(), trail -> print(trail.verdicts().lastVerified(), spec.commandLine().getOut()));
        }

        private int print(List<LastVerified> rows, PrintWriter out) {
            if (format == VerifyCommand.ReportFormat.json) {
                ObjectNode root = JsonNodeFactory.instance.objectNode();
                ArrayNode list = root.putArray("checks");
                for (LastVerified r : rows) {
                    ObjectNode o = list.addObject();
                    o.put("contract", r.key().contract()).put("environment", r.key().environment()).put("check", r.key().check());
                    o.put("lastVerified", r.lastVerified() == null ? null : r.lastVerified().toString());
                    o.put("latestVerdict", r.latestOutcome().name()).put("latestAt", r.latestAt().toString()).put("latestSummary", r.latestSummary());
                }
                out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(root));
                return ExitCode.OK;
            }
            out.printf("%-24s %-12s %-12s %-22s %-10s %s%n", "CONTRACT", "ENVIRONMENT", "CHECK", "LAST VERIFIED", "LATEST", "AT");
            for (LastVerified r : rows) {
                out.printf("%-24s %-12s %-12s %-22s %-10s %s%n", r.key().contract(), r.key().environment(), r.key().check(),
                        r.lastVerified() == null ? "never" : when(r.lastVerified()), r.latestOutcome(), when(r.latestAt()));
            }
            if (rows.isEmpty()) {
                out.println("(no verdicts recorded yet)");
            }
            return ExitCode.OK;
        }
    }

    /** What a docs page said, and when: every reading of a docs check, or the text of one day. */
    @Command(name = "snapshots", mixinStandardHelpOptions = true,
            description = "List the stored readings of a docs page or a published spec, or print what it said on a date (--show).")
    static final class SnapshotsCommand implements Callable<Integer> {
        @ParentCommand
        AuditCommand audit;
        @Spec
        CommandSpec spec;
        @Option(names = "--check", required = true, paramLabel = "CHECK", description = "the docs or spec check, e.g. docs:models or spec:openai")
        String check;
        @Option(names = "--contract", paramLabel = "ID", description = "the contract (needed when the trail holds several)")
        String contract;
        @Option(names = "--show", paramLabel = "DATE", description = "print the text as it was at the end of DATE (yyyy-MM-dd, UTC) or at an ISO instant")
        String show;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Instant at;
            try {
                at = show == null ? null : show.contains("T") ? Instant.parse(show)
                        : LocalDate.parse(show).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1);
            } catch (DateTimeParseException e) {
                err.println("driftwatch: --show '" + show + "' is not a date — write yyyy-MM-dd, e.g. 2026-11-21, or an ISO instant");
                return ExitCode.CONFIG;
            }
            return audit.withTrail(err, trail -> {
                String id = contract;
                if (id == null) {
                    List<String> ids = trail.verdicts().lastVerified().stream().map(r -> r.key().contract()).distinct().toList();
                    if (ids.isEmpty()) {
                        err.println("driftwatch: the audit trail holds no verdicts yet — run 'driftwatch verify' first");
                        return ExitCode.CONFIG;
                    }
                    if (ids.size() > 1) {
                        err.println("driftwatch: name the contract with --contract, one of: " + String.join(", ", ids));
                        return ExitCode.CONFIG;
                    }
                    id = ids.get(0);
                }
                var rows = trail.snapshots().list(id, check);
                if (rows.isEmpty()) {
                    err.println("driftwatch: no reading of " + check + " of " + id + " in the audit trail"
                            + " — 'driftwatch audit last-verified' lists the checks it holds");
                    return ExitCode.CONFIG;
                }
                if (at != null) {
                    var snapshot = trail.snapshots().at(id, null, check, at);
                    if (snapshot.isEmpty()) {
                        // Before the first reading: the trail cannot tell, and the asker needs the date it can tell from.
                        err.println("driftwatch: no reading of " + check + " of " + id + " at or before " + show + " — its first reading was at "
                                + when(rows.get(rows.size() - 1).fetchedAt()) + "; ask for that date or a later one");
                        return ExitCode.CONFIG;
                    }
                    out.println("# " + id + " " + check + " as read at " + snapshot.get().fetchedAt() + " (sha256 " + snapshot.get().hash() + ")");
                    out.println(snapshot.get().text());
                    return ExitCode.OK;
                }
                out.printf("%-22s %-10s %-14s %9s  %s%n", "READ AT", "ENVIRONMENT", "SHA-256", "CHARS", "");
                for (var r : rows) {
                    out.printf("%-22s %-10s %-14s %9d  %s%n", when(r.fetchedAt()), r.key().environment(), r.hash().substring(0, 12), r.size(),
                            r.changed() ? "changed" : "");
                }
                return ExitCode.OK;
            });
        }
    }

    static String when(Instant i) {
        return WHEN.format(i);
    }
}
