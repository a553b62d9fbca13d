package dev.driftwatch.cli;

import dev.driftwatch.alert.IncidentDecisions;
import dev.driftwatch.audit.Acceptance;
import dev.driftwatch.audit.Incident;
import dev.driftwatch.check.AcceptedFindings;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A person adopts what a check last saw as its known state: who, when and why go in the audit trail, the same
 * observation is no longer a break or news, and the check's open incident is resolved with an alert that says so.
 */
@Command(name = "accept", mixinStandardHelpOptions = true,
        description = {"Accept what a check last saw as its known state (a renamed model, a changed field, a docs edit): recorded with who,",
                "when and why; later runs that see the same are not BROKEN or CHANGED for it; its open incident is resolved with an",
                "alert saying who accepted it and why (delivered by the daemon or the next 'verify --notify')."})
final class AcceptCommand implements Callable<Integer> {
    @ParentCommand
    DriftwatchCommand root;
    @Spec
    CommandSpec spec;
    @picocli.CommandLine.Mixin
    ConfigOption config;
    @Option(names = "--contract", paramLabel = "ID", description = "the contract")
    String contract;
    @Option(names = "--env", paramLabel = "NAME", description = "the environment (production, ..., public for a docs page); needed when the check runs in several")
    String environment;
    @Option(names = "--check", paramLabel = "CHECK", description = "the check: models, endpoint, generation or docs:PAGE")
    String check;
    @Option(names = "--reason", paramLabel = "TEXT", description = "why the change is accepted (kept in the audit trail and said in Slack)")
    String reason;
    @Option(names = "--by", paramLabel = "NAME", description = "who accepts it (default: the operating-system user)")
    String by;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (contract == null || check == null) {
            err.println("driftwatch: accept needs --contract ID and --check NAME (and --env NAME when the check runs in several environments)");
            return ExitCode.CONFIG;
        }
        if (reason == null || reason.isBlank()) {
            err.println("driftwatch: accept needs --reason \"...\": why the change is accepted, for whoever reads the audit trail later");
            return ExitCode.CONFIG;
        }
        String who = DecisionMaker.of(by, root.env);
        if (who == null) {
            err.println("driftwatch: say who accepts with --by NAME (no operating-system user is known)");
            return ExitCode.CONFIG;
        }
        return PersonDecision.onRecordedCheck(root, config.file, err, check, contract, environment, (trail, key, decisions, secrets) -> {
            Optional<Verdict> seen = trail.verdicts().latest(key, 50).stream()
                    .filter(v -> v.outcome() != Outcome.UNVERIFIED && v.outcome() != Outcome.SKIPPED).findFirst();
            List<Finding> acceptable = seen.map(AcceptedFindings::acceptable).orElse(List.of());
            boolean incidentOpen = trail.incidents().incidentsOf(key).stream().anyMatch(Incident::open);
            if (acceptable.isEmpty() && !incidentOpen) {
                err.println("driftwatch: nothing to accept for " + key + ": its latest verdict" + seen.map(v -> " (" + v.outcome() + ")").orElse("")
                        + " found no break or change, and no incident is open");
                return ExitCode.CONFIG;
            }
            IncidentDecisions.Accepted done = decisions.accept(key, secrets.apply(who), secrets.apply(reason.strip()));
            long seq = trail.acceptances().latest(key).map(Acceptance::seq).orElse(0L);
            out.println("accepted by " + who + " for " + key + " (record " + seq + "): " + (done.acceptance().findings().isEmpty()
                    ? "no finding to adopt" : done.acceptance().findings().size() + " finding(s) are known state now"));
            done.acceptance().findings().forEach(f -> out.println("  " + f.describe()));
            for (Incident i : done.resolved()) {
                out.println("incident #" + i.id() + " (" + i.trigger() + ") resolved; its RESOLVED alert is queued — the daemon or the next"
                        + " 'driftwatch verify --notify' delivers it");
            }
            return ExitCode.OK;
        });
    }
}
