package dev.driftwatch.config;

/** Per-check settings of one contract; every check is on by default. */
public record ChecksConfig(ModelsCheckConfig models, EndpointCheckConfig endpoint, GenerationCheckConfig generation) {
    public static final ChecksConfig DEFAULTS = new ChecksConfig(null, null, null);

    public ChecksConfig {
        models = models == null ? ModelsCheckConfig.DEFAULTS : models;
        endpoint = endpoint == null ? EndpointCheckConfig.DEFAULTS : endpoint;
        generation = generation == null ? GenerationCheckConfig.DEFAULTS : generation;
    }
}
