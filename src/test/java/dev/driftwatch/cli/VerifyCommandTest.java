package dev.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.testing.FakeProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code driftwatch verify} end to end: the shipped contract against a loopback provider, as CI runs it. */
class VerifyCommandTest extends CliScenarioTest {
    @Test
    void healthyProviderPassesEveryCheckAndTheAuditTrailRemembersIt() {
        CliRun run = verify();
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("PASS        wisgate-gpt-image-2/production/models")
                .contains("wisgate-gpt-image-2/production/endpoint").contains("wisgate-gpt-image-2/production/generation")
                .contains("wisgate-gpt-image-2/public/docs:models").contains("8 check(s): 8 PASS");
        assertThat(dir.resolve("data/driftwatch.db")).exists();

        CliRun audit = CliRun.of(env, "audit", "last-verified");
        assertThat(audit.exitCode()).isZero();
        assertThat(audit.out()).contains("wisgate-gpt-image-2").contains("models").contains("endpoint").contains("generation").contains("PASS")
                .doesNotContain("never");
        CliRun chain = CliRun.of(env, "audit", "verify");
        assertThat(chain.exitCode()).isZero();
        assertThat(chain.out()).startsWith("audit trail intact: ").contains(CliRun.of(env, "audit", "head").out().strip());
    }

    @Test
    void brokenContractExitsOneWithAStableJsonReportAndJunit() throws Exception {
        provider.models = List.of("gpt-image-2.5");
        Path junit = dir.resolve("reports/driftwatch.xml");
        CliRun run = verify("--format", "json", "--junit", junit.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode report = JsonMapper.builder().build().readTree(run.out());
        JsonNode models = report.get("verdicts").get(0);
        assertThat(fieldNames(models)).containsExactly("contract", "environment", "check", "verdict", "summary", "findings", "evidence", "startedAt", "durationMs");
        assertThat(models.get("check").asString()).isEqualTo("models");
        assertThat(models.get("verdict").asString()).isEqualTo("BROKEN");
        assertThat(fieldNames(models.get("findings").get(0))).containsExactly("rule", "severity", "pointer", "expected", "actual", "change");
        assertThat(models.get("findings").get(0).get("change").isNull()).as("a break is not a release change").isTrue();
        assertThat(models.get("findings").get(0).get("rule").asString()).isEqualTo("model-not-listed");
        assertThat(models.get("findings").get(0).get("severity").asString()).isEqualTo("error");
        assertThat(models.get("evidence").get("status").asInt()).isEqualTo(200);
        assertThat(models.get("evidence").has("latencyMs")).isTrue();
        assertThat(models.get("evidence").get("requestId").asString()).startsWith("req_");

        String xml = Files.readString(junit);
        assertThat(xml).contains("<testsuite name=\"driftwatch verify\" tests=\"8\" failures=\"1\" errors=\"0\" skipped=\"0\"")
                .contains("<testcase classname=\"wisgate-gpt-image-2.production\" name=\"models\"").contains("<failure message=\"model-not-listed");
    }

    @Test
    void unverifiableProviderExitsThree() {
        provider.override(FakeProvider.MODELS, r -> new MockResponse.Builder().code(503).build());
        CliRun run = verify("--env", "production");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).contains("UNVERIFIED  wisgate-gpt-image-2/production/models");
    }

    @Test
    void noKeySkipsTheApiChecksAndExitsZero() {
        env.remove("WISGATE_API_KEY");
        CliRun run = verify();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("SKIPPED").contains("no API key: set WISGATE_API_KEY").contains("8 check(s): 5 PASS, 3 SKIPPED");
        assertThat(provider.requestsTo(FakeProvider.MODELS)).isEmpty();
        assertThat(provider.requestsTo(FakeProvider.GENERATIONS)).as("docs pages need no key; the API does").isEmpty();
    }

    @Test
    void badConfigExitsTwoAndRunsNothing() {
        ws.edit("dailyBudget: 1 ", "dailyBudget: 1\n        budget: 3 ");
        CliRun run = verify();
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(ws.config + ":").contains("unknown key 'budget'");
        assertThat(run.out()).isEmpty();
        assertThat(provider.requests).isEmpty();
        assertThat(dir.resolve("data/driftwatch.db")).doesNotExist();
    }

    @Test
    void unknownContractOrEnvironmentIsAUsageError() {
        assertThat(verify("--contract", "nope").err()).contains("no contract 'nope'").contains("use one of: wisgate-gpt-image-2");
        assertThat(verify("--env", "staging").exitCode()).isEqualTo(2);
    }

    @Test
    void checkConfigValidatesWithoutTouchingTheNetwork() {
        CliRun ok = CliRun.of(env, "check-config", "--config", ws.config.toString());
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.out()).contains("OK").contains("wisgate-gpt-image-2").contains("4 docs page(s), 1 published spec(s)");
        ws.edit("\"0 0 6 * * ?\"", "\"0 0 25 * * ?\"");
        CliRun bad = CliRun.of(env, "check-config", "--config", ws.config.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("is not a Quartz cron expression");
        assertThat(provider.requests).isEmpty();
    }

    @Test
    void checkConfigRefusesAScheduleThatNeverFires() {
        ws.edit("\"0 0 6 * * ?\"", "\"0 0 0 30 2 ?\"");
        CliRun bad = CliRun.of(env, "check-config", "--config", ws.config.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err().lines()).singleElement().satisfies(l -> assertThat(l).startsWith(ws.config + ":").contains("'0 0 0 30 2 ?' never fires"));
        assertThat(provider.requests).isEmpty();
    }

    @Test
    void helpAndVersion() {
        assertThat(CliRun.of(env, "--help").out()).contains("verify").contains("check-config").contains("audit").contains("Exit codes");
        CliRun version = CliRun.of(env, "--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("driftwatch ");
    }

    @Test
    void theKeyNeverAppearsInOutputLogsReportsOrTheAuditTrail() throws Exception {
        // A provider that echoes the key back, as some do in auth errors.
        provider.override(FakeProvider.MODELS, r -> FakeProvider.error(401, "Incorrect API key provided: " + FakeProvider.KEY + ". Check your dashboard.",
                "invalid_request_error", null, "invalid_api_key"));
        provider.override(FakeProvider.GENERATIONS, r -> new MockResponse.Builder().code(500)
                .body("internal error handling request with Authorization: Bearer " + FakeProvider.KEY).build());
        env.put("DRIFTWATCH_LOG_LEVEL", "DEBUG");
        Path junit = dir.resolve("junit.xml");
        PrintStream realErr = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        CliRun text;
        CliRun json;
        try {
            text = verify("--junit", junit.toString());
            json = verify("--format", "json");
        } finally {
            System.setErr(realErr);
        }
        assertThat(text.exitCode()).isEqualTo(1);
        assertThat(text.out()).contains("auth-rejected").contains("[REDACTED]");
        CliRun audit = CliRun.of(env, "audit", "last-verified", "--format", "json");
        String db = ws.dataFilesText();
        String everything = text.out() + text.err() + json.out() + json.err() + logs.toString(StandardCharsets.UTF_8)
                + Files.readString(junit) + audit.out() + db;
        assertThat(everything).doesNotContain(FakeProvider.KEY);
        assertThat(provider.requestsTo(FakeProvider.MODELS).get(0).getHeaders().get("Authorization")).contains(FakeProvider.KEY);
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.propertyNames().stream().toList();
    }
}
