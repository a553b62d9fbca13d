package dev.driftwatch.cli;

import dev.driftwatch.config.ConfigException;
import dev.driftwatch.contract.Contract;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Validates checks.yaml and its schemas without touching the network. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validate checks.yaml (keys, cron schedules, URLs, schema files, the pinned request) without any network call.")
final class CheckConfigCommand implements Callable<Integer> {
    @ParentCommand
    DriftwatchCommand root;
    @Mixin
    ConfigOption config;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            ConfigOption.Loaded loaded = config.load(root.env);
            int envs = loaded.contracts().stream().mapToInt(c -> c.environments().size()).sum();
            int pages = loaded.contracts().stream().mapToInt(c -> c.docs().size()).sum();
            int specs = loaded.contracts().stream().mapToInt(c -> c.specs().size()).sum();
            spec.commandLine().getOut().printf("%s: OK — %d contract(s): %s; %d environment(s), %d docs page(s), %d published spec(s)%n",
                    config.file, loaded.contracts().size(),
                    String.join(", ", loaded.contracts().stream().map(Contract::id).toList()), envs, pages, specs);
            return ExitCode.OK;
        } catch (ConfigException e) {
            e.lines().forEach(spec.commandLine().getErr()::println);
            return ExitCode.CONFIG;
        }
    }
}
