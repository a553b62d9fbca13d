package dev.driftwatch.cli;

import dev.driftwatch.alert.IncidentDecisions;
import dev.driftwatch.audit.Incident;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** A person says they are on an open incident: recorded, its reminders stop, and its Slack thread says who. */
@Command(name = "ack", mixinStandardHelpOptions = true,
        description = {"Acknowledge the open incident of a check: recorded with who and when, its reminders stop, and its Slack thread",
                "says who acknowledged it (delivered by the daemon or the next 'verify --notify')."})
final class AckCommand implements Callable<Integer> {
    @ParentCommand
    DriftwatchCommand root;
    @Spec
    CommandSpec spec;
    @picocli.CommandLine.Mixin
    ConfigOption config;
    @Option(names = "--contract", paramLabel = "ID", description = "the contract (needed when the trail holds several)")
    String contract;
    @Option(names = "--env", paramLabel = "NAME", description = "the environment (production, ..., public for a docs page); needed when the check runs in several")
    String environment;
    @Option(names = "--check", paramLabel = "CHECK", description = "the check: models, endpoint, generation or docs:PAGE")
    String check;
    @Option(names = "--by", paramLabel = "NAME", description = "who acknowledges it (default: the operating-system user)")
    String by;
    @Option(names = "--note", paramLabel = "TEXT", description = "what you are doing about it, said in the thread")
    String note;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (check == null) {
            err.println("driftwatch: ack needs --check NAME (and --contract ID, --env NAME when the trail holds several)");
            return ExitCode.CONFIG;
        }
        String who = DecisionMaker.of(by, root.env);
        if (who == null) {
            err.println("driftwatch: say who acknowledges with --by NAME (no operating-system user is known)");
            return ExitCode.CONFIG;
        }
        return PersonDecision.onRecordedCheck(root, config.file, err, check, contract, environment, (trail, key, decisions, secrets) -> {
            IncidentDecisions.Acknowledged done = decisions.acknowledge(key, secrets.apply(who),
                    note == null || note.isBlank() ? null : secrets.apply(note.strip()));
            if (done.acknowledged().isEmpty()) {
                if (!done.already().isEmpty()) {
                    Incident i = done.already().get(0);
                    err.println("driftwatch: incident #" + i.id() + " of " + key + " was already acknowledged by " + i.acknowledgedBy() + " at "
                            + AuditCommand.when(i.acknowledgedAt()));
                } else {
                    err.println("driftwatch: no open incident of " + key + " to acknowledge — 'driftwatch audit incidents --open' lists the open ones");
                }
                return ExitCode.CONFIG;
            }
            for (Incident i : done.acknowledged()) {
                out.println("incident #" + i.id() + " of " + key + " (" + i.trigger() + ") acknowledged by " + who
                        + ": no more reminders; its thread is told (the daemon or the next 'driftwatch verify --notify' delivers it)");
            }
            return ExitCode.OK;
        });
    }
}
