package dev.driftwatch.cli;

import dev.driftwatch.audit.HistoryEntry;
import dev.driftwatch.audit.HistoryQuery;
import dev.driftwatch.audit.RecordKind;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.VerdictJson;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The story of checks: their verdicts matching the filters, newest first, interleaved with their incidents'
 * transitions, alerts and acceptances over the same period. Every line has the ID {@code audit show} takes.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"The verdicts of every check matching the filters, newest first, interleaved with the checks' incident transitions,",
                "alerts, acknowledgements and acceptances; each line's ID opens with 'driftwatch audit show ID'."})
final class AuditHistoryCommand implements Callable<Integer> {
    /** An empty answer: not an error (exit 0), said so the asker does not wonder whether anything ran. */
    static final String NO_MATCH = "no records match the filters";
    @ParentCommand
    AuditCommand audit;
    @Spec
    CommandSpec spec;
    @Option(names = "--check", paramLabel = "CHECK", description = "one check: models, endpoint, generation or docs:PAGE")
    String check;
    @Option(names = "--contract", paramLabel = "ID", description = "the contract")
    String contract;
    @Option(names = "--env", paramLabel = "NAME",
            description = "the environment as the output names it: one of the contract's (production, ...) for a live-API check, public for a docs page")
    String environment;
    @Option(names = "--verdict", paramLabel = "OUTCOME[,OUTCOME]", description = "only verdicts with these outcomes: PASS, BROKEN, CHANGED, UNVERIFIED, SKIPPED")
    String verdict;
    @Option(names = "--rule", paramLabel = "RULE", description = "only verdicts with a finding of this rule, e.g. model-not-listed")
    String rule;
    @Option(names = "--since", paramLabel = "30d|24h|DATE|INSTANT", description = "from this long ago (30d, 12h, 90m), from the start of a date (yyyy-MM-dd, UTC) or from an ISO instant")
    String since;
    @Option(names = "--until", paramLabel = "30d|12h|DATE|INSTANT", description = "up to this long ago, to the end of a date, or to an ISO instant")
    String until;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "how many verdicts at most, 0 for all (default: ${DEFAULT-VALUE})")
    int limit;
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table, json or csv (default: ${DEFAULT-VALUE})")
    Listing.Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant from;
        Instant to;
        Set<Outcome> outcomes;
        try {
            Instant now = Instant.now();
            from = since == null ? null : Period.since(since, now);
            to = until == null ? null : Period.until(until, now);
            outcomes = outcomes(verdict);
        } catch (IllegalArgumentException e) {
            err.println("driftwatch: " + e.getMessage());
            return ExitCode.CONFIG;
        }
        if (from != null && to != null && from.isAfter(to)) {
            err.println("driftwatch: --since " + since + " is after --until " + until + " — give the earlier moment to --since");
            return ExitCode.CONFIG;
        }
        if (limit < 0) {
            err.println("driftwatch: --limit " + limit + " is negative — give how many verdicts to show, or 0 for all");
            return ExitCode.CONFIG;
        }
        return audit.withTrail(err, trail -> {
            RecordedCheck.Selection selected = RecordedCheck.select(trail.queries().recordedChecks(), check, contract, environment);
            if (selected.problem() != null) {
                err.println(selected.problem());
                return ExitCode.CONFIG;
            }
            List<HistoryEntry> entries = trail.queries().history(new HistoryQuery(selected.keys(), outcomes, rule, from, to, limit));
            print(entries, selected.keys(), out, err);
            return ExitCode.OK;
        });
    }

    static Set<Outcome> outcomes(String list) {
        Set<Outcome> out = new LinkedHashSet<>();
        if (list == null) {
            return out;
        }
        for (String name : list.split(",")) {
            try {
                out.add(Outcome.valueOf(name.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--verdict '" + name.strip() + "' is not an outcome — use one or more of "
                        + String.join(", ", Arrays.stream(Outcome.values()).map(Outcome::name).toList()) + ", separated by commas");
            }
        }
        return out;
    }

    private void print(List<HistoryEntry> entries, List<CheckKey> keys, PrintWriter out, PrintWriter err) {
        Listing listing = new Listing("history", List.of("id", "at", "contract", "environment", "check", "kind", "verdict", "incident", "alert",
                "by", "text", "what", "checkName"), List.of("checkName"));
        boolean oneContract = keys.stream().map(CheckKey::contract).distinct().count() <= 1;
        for (HistoryEntry e : entries) {
            listing.add(e.seq() == 0 ? null : e.seq(), format == Listing.Format.table ? AuditCommand.when(e.at()) : VerdictJson.timestamp(e.at()),
                    e.key().contract(), e.key().environment(), e.key().check(), e.kind().wire(), e.outcome() == null ? null : e.outcome().name(),
                    e.incident(), e.alert(), e.by(), e.text(), what(e), oneContract ? e.key().environment() + "/" + e.key().check() : e.key().toString());
        }
        if (listing.isEmpty() && format != Listing.Format.table) {
            // The document stays valid for jq (an empty list, a header row); the person at the terminal is told why.
            err.println("driftwatch: " + NO_MATCH);
        }
        switch (format) {
            case json -> {
                Map<String, Object> header = new LinkedHashMap<>();
                header.put("checks", keys.stream().map(CheckKey::toString).toList());
                listing.printJson(out, header);
            }
            case csv -> listing.printCsv(out);
            default -> {
                if (listing.isEmpty()) {
                    out.println(NO_MATCH);
                    return;
                }
                if (keys.size() == 1) {
                    out.println(Listing.cut(keys.get(0) + " — " + (limit == 0 ? "its" : "latest " + limit)
                            + " verdict(s), newest first, with its incidents, alerts and acceptances", Listing.width(audit.root.env)));
                    listing.printTable(out, Listing.width(audit.root.env), List.of(new String[] {"id", "ID"}, new String[] {"at", "AT"}, new String[] {"what", "WHAT"},
                            new String[] {"text", "DETAIL"}));
                } else {
                    listing.printTable(out, Listing.width(audit.root.env), List.of(new String[] {"id", "ID"}, new String[] {"at", "AT"}, new String[] {"checkName", "CHECK"},
                            new String[] {"what", "WHAT"}, new String[] {"text", "DETAIL"}));
                }
            }
        }
    }

    /** The table's WHAT column: a verdict's outcome, or what happened to which incident or alert. */
    private static String what(HistoryEntry e) {
        RecordKind k = e.kind();
        if (k == RecordKind.VERDICT) {
            return e.outcome().name();
        }
        if (k == RecordKind.COMPACTION) {
            return "PASS ×" + e.text().substring(0, e.text().indexOf(' ')); // a folded day; its text starts with how many
        }
        if (k == RecordKind.ACCEPTANCE) {
            return "accepted by " + e.by();
        }
        if (k == RecordKind.ALERT_QUEUED) {
            return "alert #" + e.alert();
        }
        String incident = "incident #" + e.incident();
        return switch (k) {
            case INCIDENT_OPENED, INCIDENT_ADOPTED -> incident + " " + e.text().substring(0, Math.max(0, e.text().indexOf(' '))) + " opened";
            case INCIDENT_REMINDED -> incident + " reminded";
            case INCIDENT_RESOLVED -> incident + " resolved";
            case INCIDENT_ACKNOWLEDGED -> incident + " acknowledged by " + e.by();
            default -> k.wire();
        };
    }
}
