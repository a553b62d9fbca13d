package dev.driftwatch.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class VerdictJsonTest {
    private static final CheckKey KEY = new CheckKey("wisgate-gpt-image-2", "production", "models");

    @Test
    void timestampsWrittenAndReadByPositionAgreeWithJavaTimeOverCenturies() {
        DateTimeFormatter reference = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX", Locale.ROOT).withZone(ZoneOffset.UTC);
        Random random = new Random(20261201);
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("2024-02-29T23:59:59.999Z"),
                Instant.parse("2026-12-31T23:59:59.000Z"), Instant.parse("2027-01-01T00:00:00.001Z"),
                Instant.parse("1969-12-31T23:59:59.999Z"), Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999Z")));
        for (int i = 0; i < 20_000; i++) {
            instants.add(Instant.ofEpochMilli(random.nextLong(-2_000_000_000_000L, 20_000_000_000_000L)));
        }
        for (Instant at : instants) {
            String text = VerdictJson.timestamp(at);
            assertThat(text).as("%s", at).isEqualTo(reference.format(at));
            assertThat(VerdictJson.parseTimestamp(text)).isEqualTo(at).isEqualTo(Instant.parse(text));
        }
        // Sub-millisecond digits are dropped, as the formatter drops them.
        assertThat(VerdictJson.timestamp(Instant.parse("2026-05-01T09:30:00.123456789Z"))).isEqualTo("2026-05-01T09:30:00.123Z");
    }

    @Test
    void timestampsOutsideTheFixedWidthStillReadAndImpossibleDatesStillFail() {
        assertThat(VerdictJson.parseTimestamp("2026-05-01T09:30:00Z")).isEqualTo(Instant.parse("2026-05-01T09:30:00Z"));
        assertThat(VerdictJson.parseTimestamp("2026-05-01T09:30:00.5Z")).isEqualTo(Instant.parse("2026-05-01T09:30:00.500Z"));
        assertThat(VerdictJson.timestamp(Instant.parse("+10000-01-01T00:00:00Z"))).isEqualTo("+10000-01-01T00:00:00.000Z");
        // Instant.parse reads 24:00 as the next midnight; so does the stored form's reader.
        assertThat(VerdictJson.parseTimestamp("2026-01-01T24:00:00.000Z")).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
        for (String impossible : List.of("2026-02-29T00:00:00.000Z", "2026-13-01T00:00:00.000Z",
                "2026-01-01T00:60:00.000Z", "2026-01-01T00:00:60.000Z", "2026-0a-01T00:00:00.000Z", "2026-01-01 00:00:00.000Z")) {
            assertThatThrownBy(() -> VerdictJson.parseTimestamp(impossible)).as(impossible).isInstanceOf(DateTimeParseException.class);
        }
    }

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
