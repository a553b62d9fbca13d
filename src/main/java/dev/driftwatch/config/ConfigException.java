package dev.driftwatch.config;

import java.util.List;
import java.util.stream.Collectors;

/** checks.yaml was refused; nothing may run. Carries every error found, one line each. */
public final class ConfigException extends Exception {
    private final String fileLabel;
    private final List<ConfigError> errors;

    public ConfigException(String fileLabel, List<ConfigError> errors) {
        super(errors.stream().map(e -> e.format(fileLabel)).collect(Collectors.joining("\n")));
        this.fileLabel = fileLabel;
        this.errors = List.copyOf(errors);
    }

    public ConfigException(String fileLabel, ConfigError error) {
        this(fileLabel, List.of(error));
    }

    public List<ConfigError> errors() {
        return errors;
    }

    public List<String> lines() {
        return errors.stream().map(e -> e.format(fileLabel)).toList();
    }
}
