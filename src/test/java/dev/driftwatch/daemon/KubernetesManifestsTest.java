package dev.driftwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.ChecksFile;
import dev.driftwatch.config.ConfigLoader;
import dev.driftwatch.config.ContractConfig;
import dev.driftwatch.config.TimeSpan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The manifests of deploy/kubernetes agree with the code they deploy: the port, the probe paths, the variables
 * checks.yaml names, the grace, the data directory, the schema files, the user of the image.
 */
class KubernetesManifestsTest {
    private static final Path DIR = Path.of("deploy/kubernetes");
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private JsonNode deployment;
    private JsonNode container;

    @BeforeEach
    void read() throws Exception {
        deployment = yaml("deployment.yaml");
        container = deployment.at("/spec/template/spec/containers/0");
    }

    @Test
    void onePodAtATimeBecauseTheEmbeddedAuditTrailHasOneWriter() {
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(deployment.at("/spec/strategy/type").asString()).isEqualTo("Recreate");
    }

    @Test
    void thePortAndTheProbesAreTheDaemons() {
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(StatusServer.DEFAULT_PORT);
        String portName = container.at("/ports/0/name").asString();
        assertThat(container.at("/livenessProbe/httpGet/path").asString()).isEqualTo("/healthz");
        assertThat(container.at("/livenessProbe/httpGet/port").asString()).isEqualTo(portName);
        assertThat(container.at("/readinessProbe/httpGet/path").asString()).isEqualTo("/readyz");
        assertThat(container.at("/readinessProbe/httpGet/port").asString()).isEqualTo(portName);
    }

    @Test
    void kubernetesWaitsLongerThanTheGraceTheDaemonStopsWithin() {
        Duration grace = TimeSpan.parse(argument("--grace")).duration();
        long killAfter = deployment.at("/spec/template/spec/terminationGracePeriodSeconds").asLong();
        assertThat(Duration.ofSeconds(killAfter)).isGreaterThan(grace.plusSeconds(5));
    }

    @Test
    void everyVariableTheShippedChecksYamlNamesComesFromTheSecretAndTheSecretHasEveryKeyTheDeploymentReads() throws Exception {
        ChecksFile shipped = new ConfigLoader(Map.of()).load(Path.of("checks.yaml")).file();
        List<String> named = new ArrayList<>();
        for (ContractConfig c : shipped.contracts()) {
            c.environments().values().forEach(e -> named.add(e.apiKeyEnv()));
        }
        named.add(shipped.alerts().slack().webhookUrlEnv());
        named.add(dev.driftwatch.audit.ChainKey.VARIABLE);
        Map<String, JsonNode> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asString(), e));
        assertThat(env).containsKeys(named.toArray(String[]::new));

        JsonNode kustomization = yaml("kustomization.yaml");
        String secretName = kustomization.at("/secretGenerator/0/name").asString();
        List<String> exampleKeys = Files.readAllLines(DIR.resolve(kustomization.at("/secretGenerator/0/envs/0").asString() + ".example")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.substring(0, l.indexOf('='))).toList();
        for (JsonNode e : env.values()) {
            JsonNode ref = e.at("/valueFrom/secretKeyRef");
            if (!ref.isMissingNode()) {
                assertThat(ref.path("name").asString()).isEqualTo(secretName);
                assertThat(exampleKeys).contains(ref.path("key").asString());
            }
        }
        assertThat(Files.readString(Path.of(".gitignore"))).as("the filled-in secrets are never committed")
                .contains("deploy/kubernetes/" + kustomization.at("/secretGenerator/0/envs/0").asString());
    }

    @Test
    void theAuditTrailLivesOnTheClaimedVolume() throws Exception {
        String data = container.path("env").valueStream().filter(e -> e.path("name").asString().equals("DRIFTWATCH_DATA"))
                .findFirst().orElseThrow().path("value").asString();
        assertThat(mountOf(volumeNamed(v -> v.has("persistentVolumeClaim")))).isEqualTo(data);
        String claim = volumeNamed(v -> v.has("persistentVolumeClaim")).at("/persistentVolumeClaim/claimName").asString();
        assertThat(yaml("pvc.yaml").at("/metadata/name").asString()).isEqualTo(claim);
    }

    @Test
    void checksYamlAndEverySchemaItNamesAreMountedAsOneDirectorySoReloadWorks() throws Exception {
        JsonNode config = volumeNamed(v -> v.has("configMap"));
        String mount = mountOf(config);
        assertThat(container.path("volumeMounts").valueStream().filter(m -> m.path("mountPath").asString().equals(mount))
                .findFirst().orElseThrow().has("subPath")).as("a subPath mount is never updated").isFalse();
        assertThat(argument("--config")).isEqualTo(mount + "/checks.yaml");
        Map<String, String> items = new HashMap<>();
        config.at("/configMap/items").forEach(i -> items.put(i.path("key").asString(), i.path("path").asString()));
        assertThat(items).containsEntry("checks.yaml", "checks.yaml");
        try (Stream<Path> schemas = Files.list(Path.of("schemas"))) {
            schemas.forEach(f -> assertThat(items).containsEntry(f.getFileName().toString(), "schemas/" + f.getFileName()));
        }
        ChecksFile shipped = new ConfigLoader(Map.of()).load(Path.of("checks.yaml")).file();
        for (ContractConfig c : shipped.contracts()) {
            for (String schema : List.of(c.schemas().request(), c.schemas().response(), c.schemas().error(), c.schemas().models())) {
                assertThat(items).containsValue(schema);
            }
        }
    }

    @Test
    void thePodRunsAsTheImagesUser() throws Exception {
        Matcher uid = Pattern.compile("--uid (\\d+)").matcher(Files.readString(Path.of("Dockerfile")));
        assertThat(uid.find()).isTrue();
        assertThat(deployment.at("/spec/template/spec/securityContext/runAsUser").asString()).isEqualTo(uid.group(1));
    }

    @Test
    void prometheusScrapesTheMetricsOfTheServicesPort() throws Exception {
        JsonNode service = yaml("service.yaml");
        JsonNode monitor = yaml("servicemonitor.yaml");
        assertThat(service.at("/spec/ports/0/targetPort").asString()).isEqualTo(container.at("/ports/0/name").asString());
        assertThat(monitor.at("/spec/endpoints/0/port").asString()).isEqualTo(service.at("/spec/ports/0/name").asString());
        assertThat(monitor.at("/spec/endpoints/0/path").asString()).isEqualTo("/metrics");
        assertThat(monitor.at("/spec/selector/matchLabels")).isEqualTo(service.at("/metadata/labels"));
    }

    @Test
    void theKustomizationAppliesEveryManifest() throws Exception {
        List<String> listed = yaml("kustomization.yaml").path("resources").valueStream().map(JsonNode::asString).toList();
        try (Stream<Path> files = Files.list(DIR)) {
            List<String> manifests = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).toList();
            assertThat(listed).containsExactlyInAnyOrderElementsOf(manifests);
        }
    }

    private String argument(String name) {
        List<String> args = container.path("args").valueStream().map(JsonNode::asString).toList();
        int at = args.indexOf(name);
        assertThat(at).as("the container passes " + name).isGreaterThanOrEqualTo(0);
        return args.get(at + 1);
    }

    private JsonNode volumeNamed(java.util.function.Predicate<JsonNode> kind) {
        return deployment.at("/spec/template/spec/volumes").valueStream().filter(kind).findFirst().orElseThrow();
    }

    private String mountOf(JsonNode volume) {
        String name = volume.path("name").asString();
        return container.path("volumeMounts").valueStream().filter(m -> m.path("name").asString().equals(name))
                .findFirst().orElseThrow().path("mountPath").asString();
    }

    private static JsonNode yaml(String file) throws Exception {
        return YAML.readTree(Files.readString(DIR.resolve(file)));
    }
}
