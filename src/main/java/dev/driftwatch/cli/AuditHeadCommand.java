package dev.driftwatch.cli;

import dev.driftwatch.audit.ChainHead;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/** Prints the journal's head, to keep a copy outside the trail: 'audit verify --expect-head' checks the trail still reaches it. */
@Command(name = "head", mixinStandardHelpOptions = true,
        description = "Print the audit trail's head (SEQ:HASH of its newest record): keep it elsewhere; 'audit verify --expect-head' checks against it.")
final class AuditHeadCommand implements Callable<Integer> {
    @ParentCommand
    AuditCommand audit;
    @Spec
    CommandSpec spec;
    @Option(names = "--format", defaultValue = "text", description = "text (SEQ:HASH) or json (default: ${DEFAULT-VALUE})")
    VerifyCommand.ReportFormat format;

    @Override
    public Integer call() {
        return audit.withTrail(spec.commandLine().getErr(), trail -> {
            ChainHead head = trail.journal().head();
            if (format == VerifyCommand.ReportFormat.json) {
                spec.commandLine().getOut().println(JsonMapper.builder().build().writeValueAsString(
                        JsonNodeFactory.instance.objectNode().put("seq", head.seq()).put("hash", head.hash())));
            } else {
                spec.commandLine().getOut().println(head);
            }
            return ExitCode.OK;
        });
    }
}
