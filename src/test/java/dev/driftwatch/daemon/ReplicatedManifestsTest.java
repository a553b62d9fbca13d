package dev.driftwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.AuditConfig;
import dev.driftwatch.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The replicated variants (deploy/kubernetes/replicated, deploy/compose) agree with the code: three replicas, an
 * update that never takes them all, the database URL and its credentials from secrets under the names the shipped
 * checks.yaml reads, an instance id per replica, the same probes and port as the one-pod variant.
 */
class ReplicatedManifestsTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Path DIR = Path.of("deploy/kubernetes/replicated");

    private static JsonNode yaml(Path file) throws Exception {
        return YAML.readTree(Files.readString(file));
    }

    /** The variables the shipped checks.yaml reads for a shared trail: the URL it interpolates, the user's and the password's. */
    private static List<String> auditVariables() throws Exception {
        AuditConfig audit = new ConfigLoader(Map.of("DRIFTWATCH_AUDIT_URL", "jdbc:postgresql://db:5432/driftwatch")).load(Path.of("checks.yaml")).file().audit();
        assertThat(audit.shared()).as("checks.yaml reads audit.url from DRIFTWATCH_AUDIT_URL").isTrue();
        return List.of("DRIFTWATCH_AUDIT_URL", audit.userEnv(), audit.passwordEnv());
    }

    @Test
    void threeReplicasRolledOneAtATimeAndTwoKeptThroughADrain() throws Exception {
        JsonNode deployment = yaml(DIR.resolve("deployment.yaml"));
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(deployment.at("/spec/strategy/type").asString()).isEqualTo("RollingUpdate");
        assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isEqualTo(1);
        JsonNode pdb = yaml(DIR.resolve("pdb.yaml"));
        assertThat(pdb.at("/kind").asString()).isEqualTo("PodDisruptionBudget");
        assertThat(pdb.at("/spec/minAvailable").asInt()).isEqualTo(2);
        assertThat(pdb.at("/spec/selector/matchLabels")).isEqualTo(deployment.at("/spec/selector/matchLabels"));
        assertThat(deployment.at("/spec/template/spec/volumes").valueStream().noneMatch(v -> v.has("persistentVolumeClaim")))
                .as("nothing kept in a pod").isTrue();
        JsonNode single = yaml(Path.of("deploy/kubernetes/deployment.yaml"));
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
            assertThat(deployment.at("/spec/template/spec/containers/0/" + probe)).isEqualTo(single.at("/spec/template/spec/containers/0/" + probe));
        }
    }

    @Test
    void theDatabaseAndItsCredentialsComeFromTheSecretUnderTheNamesChecksYamlReads() throws Exception {
        JsonNode container = yaml(DIR.resolve("deployment.yaml")).at("/spec/template/spec/containers/0");
        List<String> fromSecret = new ArrayList<>();
        container.path("env").forEach(e -> {
            if (e.at("/valueFrom/secretKeyRef/key").isString()) {
                fromSecret.add(e.at("/valueFrom/secretKeyRef/key").asString());
            }
        });
        assertThat(fromSecret).containsAll(auditVariables());
        String example = Files.readString(DIR.resolve("driftwatch.env.example"));
        fromSecret.forEach(key -> assertThat(example).as("driftwatch.env.example lists " + key).contains("\n" + key + "="));
        assertThat(container.path("env").valueStream().filter(e -> e.path("name").asString().equals("DRIFTWATCH_INSTANCE_ID"))
                .findFirst().orElseThrow().at("/valueFrom/fieldRef/fieldPath").asString()).isEqualTo("metadata.name");
        assertThat(Files.readString(Path.of(".gitignore"))).contains("deploy/kubernetes/replicated/driftwatch.env");
        JsonNode kustomization = yaml(DIR.resolve("kustomization.yaml"));
        List<String> resources = new ArrayList<>();
        kustomization.path("resources").forEach(r -> resources.add(r.asString()));
        resources.forEach(r -> assertThat(Files.exists(DIR.resolve(r))).as(r).isTrue());
        assertThat(resources).contains("deployment.yaml", "pdb.yaml", "service.yaml");
    }

    @Test
    void composeRunsThreeReplicasOnPostgres() throws Exception {
        JsonNode compose = yaml(Path.of("deploy/compose/compose.yaml"));
        List<String> replicas = new ArrayList<>();
        compose.path("services").propertyNames().forEach(name -> {
            if (name.startsWith("driftwatch-")) {
                replicas.add(name);
            }
        });
        assertThat(replicas).hasSize(3);
        assertThat(compose.at("/services/postgres/image").asString()).startsWith("postgres:");
        List<String> ids = new ArrayList<>();
        for (String r : replicas) {
            JsonNode env = compose.at("/services/" + r + "/environment");
            for (String variable : auditVariables()) {
                assertThat(env.has(variable)).as(r + " sets " + variable).isTrue();
            }
            assertThat(env.path("DRIFTWATCH_AUDIT_URL").asString()).startsWith("jdbc:postgresql://postgres:5432/");
            ids.add(env.path("DRIFTWATCH_INSTANCE_ID").asString());
        }
        assertThat(ids).doesNotHaveDuplicates();
    }
}
