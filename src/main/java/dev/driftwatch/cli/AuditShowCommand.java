package dev.driftwatch.cli;

import dev.driftwatch.audit.JournalRecord;
import dev.driftwatch.audit.RecordView;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** One record of the journal in full: its place, kind, time and hash, and what it chained (a verdict's findings and evidence, an event's body). */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one record in full by its ID (from 'audit history', 'audit incidents' or 'audit verify'): for a verdict its findings"
                + " and evidence, for an acceptance who, why and what, for an event its body; with its kind, time and hash.")
final class AuditShowCommand implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @ParentCommand
    AuditCommand audit;
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", paramLabel = "ID", description = "the record's ID (its sequence number in the journal)")
    String id;
    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    VerifyCommand.ReportFormat format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long seq;
        try {
            seq = Long.parseLong(id.startsWith("#") ? id.substring(1) : id);
        } catch (NumberFormatException e) {
            err.println("driftwatch: '" + id + "' is not a record ID — give the number 'driftwatch audit history' shows in its ID column");
            return ExitCode.CONFIG;
        }
        return audit.withTrail(err, trail -> {
            Optional<RecordView> view = trail.queries().show(seq);
            if (view.isEmpty()) {
                long[] range = trail.queries().seqRange();
                err.println("driftwatch: no record " + seq + " in the audit trail — " + (range[1] == 0 ? "it holds no records yet"
                        : "its records are " + range[0] + " to " + range[1]) + "; 'driftwatch audit history' lists their IDs");
                return ExitCode.CONFIG;
            }
            print(view.get(), out);
            return ExitCode.OK;
        });
    }

    private void print(RecordView view, PrintWriter out) {
        JournalRecord r = view.record();
        ObjectNode doc = JSON.createObjectNode();
        doc.put("id", r.seq()).put("kind", r.kindName());
        if (r.ref() == null) {
            doc.putNull("row");
        } else {
            doc.put("row", r.ref());
        }
        doc.put("at", r.at()).put("keyed", r.keyed()).put("hash", r.hash());
        doc.set("content", view.content());
        if (format == VerifyCommand.ReportFormat.json) {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
            return;
        }
        out.println("record " + r.seq() + " · " + r.kindName() + (r.ref() == null ? "" : " (row " + r.ref() + ")") + " · " + r.at());
        out.println("hash " + r.hash() + (r.keyed() ? " (HMAC-SHA-256, keyed)" : " (SHA-256)"));
        if (view.content() == null) {
            out.println(r.digest() != null ? "its row was compacted away; its digest " + r.digest() + " is kept"
                    : "its row is gone — 'driftwatch audit verify' reports it");
            return;
        }
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(view.content()));
    }
}
