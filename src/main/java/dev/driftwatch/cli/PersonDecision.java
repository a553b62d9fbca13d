package dev.driftwatch.cli;

import dev.driftwatch.alert.AlertMessages;
import dev.driftwatch.alert.IncidentDecisions;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Redactor;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/**
 * What {@code accept} and {@code ack} share: the one check the trail holds that the options name, and the decision
 * recorded on it with whatever the person typed stripped of secrets (the values of the environment's secret-looking
 * variables: no checks.yaml says which), because it goes to the trail and to Slack.
 */
final class PersonDecision {
    private PersonDecision() {
    }

    /** The work {@code then} does on the named check; its answer is the exit code. */
    interface OnCheck {
        int decide(AuditTrail trail, CheckKey key, IncidentDecisions decisions, Redactor secrets);
    }

    /** Opens the trail, finds the check (a problem is one line and exit 2) and runs {@code then} on it. */
    static int onRecordedCheck(DriftwatchCommand root, java.nio.file.Path configFile, PrintWriter err, String check, String contract, String environment,
                               OnCheck then) {
        return AuditCommand.withTrail(root, configFile, err, trail -> {
            RecordedCheck found = RecordedCheck.find(trail.queries().recordedChecks(), check, contract, environment);
            if (found.problem() != null) {
                err.println(found.problem());
                return ExitCode.CONFIG;
            }
            Redactor secrets = Redactor.ofSecretVariables(root.env);
            return then.decide(trail, found.key(), decisions(trail, secrets), secrets);
        });
    }

    private static IncidentDecisions decisions(AuditTrail trail, Redactor secrets) {
        return new IncidentDecisions(trail, new AlertMessages(secrets, Map.of()), Clock.systemUTC());
    }
}
