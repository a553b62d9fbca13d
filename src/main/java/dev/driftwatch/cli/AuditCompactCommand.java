package dev.driftwatch.cli;

import dev.driftwatch.audit.ChainKey;
import dev.driftwatch.audit.CompactionReport;
import dev.driftwatch.audit.FoldedDay;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.config.ConfigException;
import dev.driftwatch.config.ConfigLoader;
import dev.driftwatch.config.LoadedConfig;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Folds old PASS verdicts into daily rows now, as the daemon does once a day, and prints what it folded. */
@Command(name = "compact", mixinStandardHelpOptions = true,
        description = {"Fold the PASS verdicts of UTC days that ended more than retention.rawDays ago (checks.yaml; default 90) into one",
                "row per check and day, as the daemon does once a day. Other verdicts, and each PASS that changed its check's state,",
                "stay as they are. Prints what it folded; exit 1 if a verdict's record does not match it (see 'audit verify')."})
final class AuditCompactCommand implements Callable<Integer> {
    @ParentCommand
    AuditCommand audit;
    @Spec
    CommandSpec spec;
    @Option(names = "--dry-run", description = "print what would be folded and write nothing")
    boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadedConfig loaded;
        try {
            loaded = new ConfigLoader(audit.root.env).load(audit.configFile);
        } catch (ConfigException e) {
            e.lines().forEach(err::println);
            return ExitCode.CONFIG;
        }
        int rawDays = loaded.file().retention().rawDays();
        return audit.withTrail(err, trail -> {
            CompactionReport report = trail.retention().compact(Instant.now(), rawDays, dryRun, () -> true);
            print(report, rawDays, out);
            if (!dryRun) {
                out.println("head " + trail.journal().head());
            }
            if (report.unkeyed() > 0) {
                err.println("driftwatch: " + report.unkeyed() + " verdict(s) were left as they are: their records are keyed and " + ChainKey.VARIABLE
                        + " is not set — set it to the key they were written with, so each record is checked before its verdict is folded");
                return ExitCode.CONFIG;
            }
            if (report.unmatched() > 0) {
                out.println(report.unmatched() + " verdict(s) were left as they are because their records do not match them: the audit trail is"
                        + " broken there — run 'driftwatch audit verify'");
                return ExitCode.BROKEN;
            }
            return ExitCode.OK;
        });
    }

    private void print(CompactionReport report, int rawDays, PrintWriter out) {
        String verb = dryRun ? "would fold" : "folded";
        out.println("PASS verdicts of the days before " + report.before() + " (retention.rawDays " + rawDays + " in " + audit.configFile + ")"
                + (dryRun ? ", dry run: nothing written" : ""));
        Map<CheckKey, List<FoldedDay>> byCheck = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        for (FoldedDay d : report.folded()) {
            byCheck.computeIfAbsent(d.key(), k -> new java.util.ArrayList<>()).add(d);
        }
        if (!byCheck.isEmpty()) {
            out.printf("%-48s %5s  %-10s  %-10s  %9s%n", "CHECK", "DAYS", "FROM", "TO", "VERDICTS");
            byCheck.forEach((key, days) -> {
                LocalDate from = days.stream().map(FoldedDay::day).min(LocalDate::compareTo).orElseThrow();
                LocalDate to = days.stream().map(FoldedDay::day).max(LocalDate::compareTo).orElseThrow();
                out.printf("%-48s %5d  %-10s  %-10s  %9d%n", key, days.stream().map(FoldedDay::day).distinct().count(), from, to,
                        days.stream().mapToLong(FoldedDay::passes).sum());
            });
        }
        out.println(verb + " " + report.foldedVerdicts() + " PASS verdict(s) into " + report.folded().size() + " daily row(s)"
                + (dryRun ? "" : " in " + report.records() + " compaction record(s)")
                + "; kept " + report.kept() + " as they are (each PASS that changed its check's state, and each check's newest PASS)");
    }
}
