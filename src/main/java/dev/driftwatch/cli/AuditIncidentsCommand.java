package dev.driftwatch.cli;

import dev.driftwatch.audit.Incident;
import dev.driftwatch.audit.IncidentEntry;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.VerdictJson;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Every incident (or only the open ones), newest first: what triggered it, since when, whether it is over, who acknowledged it. */
@Command(name = "incidents", mixinStandardHelpOptions = true,
        description = "The incidents of every check matching the filters, newest first: trigger, since when, open or resolved, who acknowledged it.")
final class AuditIncidentsCommand implements Callable<Integer> {
    @ParentCommand
    AuditCommand audit;
    @Spec
    CommandSpec spec;
    @Option(names = "--open", description = "only the incidents still open")
    boolean open;
    @Option(names = "--check", paramLabel = "CHECK", description = "one check: models, endpoint, generation or docs:PAGE")
    String check;
    @Option(names = "--contract", paramLabel = "ID", description = "the contract")
    String contract;
    @Option(names = "--env", paramLabel = "NAME", description = "the environment as the output names it (production, ..., public for a docs page)")
    String environment;
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table, json or csv (default: ${DEFAULT-VALUE})")
    Listing.Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return audit.withTrail(err, trail -> {
            List<CheckKey> keys = List.of();
            if (check != null || contract != null || environment != null) {
                RecordedCheck.Selection selected = RecordedCheck.select(trail.queries().recordedChecks(), check, contract, environment);
                if (selected.problem() != null) {
                    err.println(selected.problem());
                    return ExitCode.CONFIG;
                }
                keys = selected.keys();
                if (keys.isEmpty()) {
                    print(List.of(), out);
                    return ExitCode.OK;
                }
            }
            print(trail.queries().incidents(keys, open), out);
            return ExitCode.OK;
        });
    }

    private void print(List<IncidentEntry> entries, PrintWriter out) {
        Listing listing = new Listing("incidents", List.of("id", "incident", "contract", "environment", "check", "slot", "trigger", "firstSeenAt",
                "openedAt", "lastRemindedAt", "resolvedAt", "acknowledgedAt", "acknowledgedBy", "acknowledgedNote", "open", "checkName", "state"),
                List.of("checkName", "state"));
        for (IncidentEntry e : entries) {
            Incident i = e.incident();
            String state = (i.open() ? "OPEN" : "resolved " + AuditCommand.when(i.resolvedAt()))
                    + (i.acknowledged() ? ", acknowledged by " + i.acknowledgedBy() + (i.acknowledgedNote() == null ? "" : ": " + i.acknowledgedNote()) : "");
            listing.add(e.seq() == 0 ? null : e.seq(), i.id(), i.key().contract(), i.key().environment(), i.key().check(), i.slot().name(), i.trigger(),
                    time(i.firstSeenAt()), time(i.openedAt()), time(i.lastRemindedAt()), time(i.resolvedAt()), time(i.acknowledgedAt()),
                    i.acknowledgedBy(), i.acknowledgedNote(), i.open(), i.key().toString(), state);
        }
        switch (format) {
            case json -> {
                Map<String, Object> header = new LinkedHashMap<>();
                header.put("openOnly", open);
                listing.printJson(out, header);
            }
            case csv -> listing.printCsv(out);
            default -> {
                listing.printTable(out, Listing.width(audit.root.env), List.of(new String[] {"id", "ID"}, new String[] {"incident", "#"}, new String[] {"checkName", "CHECK"},
                        new String[] {"trigger", "TRIGGER"}, new String[] {"firstSeenAt", "SINCE"}, new String[] {"state", "STATE"}));
                if (listing.isEmpty()) {
                    out.println(open ? "(no open incidents)" : "(no incidents)");
                }
            }
        }
    }

    private String time(Instant at) {
        if (at == null) {
            return null;
        }
        return format == Listing.Format.table ? AuditCommand.when(at) : VerdictJson.timestamp(at);
    }
}
