package dev.driftwatch.cli;

import dev.driftwatch.audit.ChainHead;
import dev.driftwatch.audit.ChainKey;
import dev.driftwatch.audit.ChainReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Proves nobody rewrote the history: walks the journal and every chained row, and compares with a head published earlier. */
@Command(name = "verify", aliases = "verify-chain", mixinStandardHelpOptions = true,
        description = {"Check that no record of the audit trail was altered, inserted or removed: every record's hash, every chained row,",
                "the alerting tables against their records, each check's state against its seal; with --expect-head, that the",
                "journal still reaches a head published earlier (a Slack footer, a log line). With --file, the same of an export,",
                "without the database. Exit 0 intact, 1 broken."})
final class AuditVerifyCommand implements Callable<Integer> {
    /** Problems printed one per line; the rest are counted. */
    private static final int SHOWN = 20;
    @ParentCommand
    AuditCommand audit;
    @Spec
    CommandSpec spec;
    @Option(names = "--expect-head", paramLabel = "SEQ:HASH",
            description = "a head printed earlier by 'driftwatch audit head' (the hash may be cut to 12+ characters)")
    String expectHead;
    @Option(names = "--file", paramLabel = "FILE", description = "check a file written by 'driftwatch audit export' instead of the trail (- for standard input)")
    String file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ChainHead published;
        try {
            published = expectHead == null ? null : ChainHead.parse(expectHead);
        } catch (IllegalArgumentException e) {
            err.println("driftwatch: --expect-head " + e.getMessage());
            return ExitCode.CONFIG;
        }
        if (file != null) {
            ChainKey key = audit.root.chainKey(err);
            return key == null ? ExitCode.CONFIG : ExportFileCheck.run(file, published, key, System.in, out, err);
        }
        return audit.withTrail(err, trail -> {
            ChainReport report = trail.journal().verify(published);
            if (!report.intact()) {
                out.println("audit trail BROKEN: " + report.first());
                report.problems().stream().skip(1).limit(SHOWN - 1).forEach(p -> out.println("  also " + p));
                if (report.problems().size() > SHOWN) {
                    out.println("  and " + (report.problems().size() - SHOWN) + " more");
                }
                out.println(report.records() + " record(s) walked, head " + report.head()
                        + " — restore the file from a backup and find out who changed it; 'driftwatch audit show SEQ' shows a record");
                return ExitCode.BROKEN;
            }
            if (report.unverifiedKeyed() > 0) {
                err.println("driftwatch: " + report.unverifiedKeyed() + " of " + report.records() + " records are keyed and " + ChainKey.VARIABLE
                        + " is not set — set it to the key they were written with to check their links");
                return ExitCode.CONFIG;
            }
            out.println("audit trail intact: " + report.records() + " record(s)" + (report.keyedRecords() > 0 ? ", " + report.keyedRecords() + " keyed" : "")
                    + ", head " + report.head() + (published == null ? "" : ", reaches the published head " + published));
            return ExitCode.OK;
        });
    }

}
