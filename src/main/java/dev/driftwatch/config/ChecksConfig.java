package dev.driftwatch.config;

/** Per-check settings of one contract; every check is on by default. */
public record ChecksConfig(ModelsCheckConfig models, EndpointCheckConfig endpoint, GenerationCheckConfig generation) {

    /** The {@code alert:} of the live-API check named {@code check}, null when it has none. */
    public AlertThresholds alertOf(String check) {
        return switch (check) {
            case "models" -> models.alert();
            case "endpoint" -> endpoint.alert();
            case "generation" -> generation.alert();
            default -> null;
        };
    }

    public static final ChecksConfig DEFAULTS = new ChecksConfig(null, null, null);

    public ChecksConfig {
        models = models == null ? ModelsCheckConfig.DEFAULTS : models;
        endpoint = endpoint == null ? EndpointCheckConfig.DEFAULTS : endpoint;
        generation = generation == null ? GenerationCheckConfig.DEFAULTS : generation;
    }
}
