package dev.driftwatch.cli;

import dev.driftwatch.audit.ExportSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Writes the journal as self-verifying JSON Lines, to keep, to hand to an auditor, or to query with jq. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write the audit trail's records to standard output as JSON Lines, oldest first: each line with everything its hash",
                "is computed over, its content as JSON, the previous record's hash and its own; the head last.",
                "'driftwatch audit verify --file FILE' checks the file without the database."})
final class AuditExportCommand implements Callable<Integer> {
    @ParentCommand
    AuditCommand audit;
    @Spec
    CommandSpec spec;
    @Option(names = "--since", paramLabel = "DATE|INSTANT",
            description = "start at the first record at or after yyyy-MM-dd (00:00 UTC) or an ISO instant (2026-05-01T09:30:00Z);"
                    + " its line names the hash of the record before")
    String since;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Instant from;
        try {
            from = since == null ? null : parse(since);
        } catch (DateTimeParseException e) {
            err.println("driftwatch: --since '" + since + "' is not a date or an instant — write yyyy-MM-dd, e.g. 2026-05-01, or an ISO instant,"
                    + " e.g. 2026-05-01T09:30:00Z");
            return ExitCode.CONFIG;
        }
        return audit.withTrail(err, trail -> {
            ExportSummary s;
            try (CheckedOutput out = new CheckedOutput(spec.commandLine().getOut())) {
                s = trail.journal().export(from, out);
            } catch (IOException e) {
                err.println("driftwatch: the export is incomplete: " + e.getMessage());
                return ExitCode.FAILURE;
            }
            String range = s.records() == 0 ? "no record" + (from == null ? "" : " at or after " + since)
                    : s.records() + " record(s), " + (s.after().seq() + 1) + " to " + s.head().seq()
                            + (s.after().seq() == 0 ? "" : ", following record " + s.after());
            err.println("driftwatch: exported " + range + "; head " + s.head() + " — 'driftwatch audit verify --file FILE' checks the file");
            if (s.rowsMissing() > 0) {
                err.println("driftwatch: " + s.rowsMissing() + " record(s), the first record " + s.firstRowMissing() + ", were exported without"
                        + " their row, which is gone from the trail: the file will not verify there — 'driftwatch audit verify' names what changed");
                return ExitCode.BROKEN;
            }
            return ExitCode.OK;
        });
    }

    /** yyyy-MM-dd (the start of that day, UTC), or an instant with its offset. */
    static Instant parse(String text) {
        if (!text.contains("T")) {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(text).toInstant();
        }
    }
}
