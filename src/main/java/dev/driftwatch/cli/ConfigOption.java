package dev.driftwatch.cli;

import dev.driftwatch.config.ConfigException;
import dev.driftwatch.config.ConfigLoader;
import dev.driftwatch.config.LoadedConfig;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.ContractLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by the commands that read checks.yaml. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "checks.yaml",
            description = "checks.yaml to use (default: ${DEFAULT-VALUE})")
    Path file;

    /** checks.yaml loaded and turned into contracts, or the config errors. */
    record Loaded(LoadedConfig config, List<Contract> contracts) {}

    Loaded load(Map<String, String> env) throws ConfigException {
        LoadedConfig config = new ConfigLoader(env).load(file);
        return new Loaded(config, new ContractLoader().load(config));
    }
}
