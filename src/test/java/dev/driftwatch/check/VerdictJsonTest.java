package dev.driftwatch.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class VerdictJsonTest {
    private static final CheckKey KEY = new CheckKey("wisgate-gpt-image-2", "production", "models");

    @Test
    void brokenVerdictIsWrittenInTheStableFieldOrderWithDetailsFlattenedIntoEvidence() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("models", List.of("gpt-image-1"));
        details.put("rateLimits", Map.of("x-ratelimit-limit-requests", "100"));
        Verdict v = new Verdict(KEY, Outcome.BROKEN, "model-not-listed",
                List.of(Finding.error("model-not-listed", "/data", "gpt-image-2", null)),
                new Evidence(200, 87L, "req_1", details), Instant.parse("2026-05-01T09:30:00Z"), 87);

        assertThat(VerdictJson.toText(v)).isEqualTo("{\"contract\":\"wisgate-gpt-image-2\",\"environment\":\"production\","
                + "\"check\":\"models\",\"verdict\":\"BROKEN\",\"summary\":\"model-not-listed\","
                + "\"findings\":[{\"rule\":\"model-not-listed\",\"severity\":\"error\",\"pointer\":\"/data\","
                + "\"expected\":\"gpt-image-2\",\"actual\":null}],"
                + "\"evidence\":{\"status\":200,\"latencyMs\":87,\"requestId\":\"req_1\",\"models\":[\"gpt-image-1\"],"
                + "\"rateLimits\":{\"x-ratelimit-limit-requests\":\"100\"}},"
                + "\"startedAt\":\"2026-05-01T09:30:00.000Z\",\"durationMs\":87}");
    }

    @Test
    void unreachableProviderOmitsTheHttpFieldsItNeverSawAndWritesMissingFindingFieldsAsNull() {
        Verdict v = new Verdict(KEY, Outcome.UNVERIFIED, "unreachable",
                List.of(new Finding("unreachable", Severity.WARNING, null, null, "connection refused")),
                Evidence.NONE.with("url", "https://api.wisgate.ai/v1/models"), Instant.parse("2026-05-01T09:30:00.5Z"), 3);

        JsonNode json = VerdictJson.toJson(v);

        assertThat(json.get("evidence").propertyNames()).containsExactly("url");
        assertThat(json.get("findings").get(0).get("pointer").isNull()).isTrue();
        assertThat(json.get("findings").get(0).get("expected").isNull()).isTrue();
        assertThat(json.get("startedAt").asString()).isEqualTo("2026-05-01T09:30:00.500Z");
    }

    @Test
    void evidenceAndFindingsReadBackAsTheyWereWritten() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("models", List.of("gpt-image-2", "dall-e-3"));
        details.put("rateLimits", Map.of("x-ratelimit-remaining-requests", "7"));
        details.put("attempts", 2L);
        details.put("ratio", 0.25);
        details.put("paid", true);
        details.put("url", "https://api.wisgate.ai/v1/images/generations");
        Evidence evidence = new Evidence(429, 1200L, "req_9", details);
        List<Finding> findings = List.of(Finding.warning("rate-limited", "Retry-After", null, "30"));
        Verdict v = new Verdict(KEY, Outcome.UNVERIFIED, "rate-limited", findings, evidence,
                Instant.parse("2026-05-01T09:30:00.123Z"), 1200);

        JsonNode json = VerdictJson.toJson(v);

        assertThat(VerdictJson.evidenceFromJson(json.get("evidence"))).isEqualTo(evidence);
        assertThat(VerdictJson.findingsFromJson(json.get("findings"))).isEqualTo(findings);
        assertThat(VerdictJson.fromJson(json)).isEqualTo(v);
    }
}
