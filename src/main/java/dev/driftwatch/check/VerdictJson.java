package dev.driftwatch.check;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The one stable JSON form of a verdict, shared by the audit trail (and its hash chain) and the CLI's JSON report. */
public final class VerdictJson {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    // A fixed millisecond width keeps the text sortable as time; Instant.toString drops a zero fraction.
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX", Locale.ROOT).withZone(ZoneOffset.UTC);
    // Evidence's own fields share the evidence object with the details, so a detail cannot take their names.
    private static final Set<String> EVIDENCE_FIELDS = Set.of("status", "latencyMs", "requestId");

    private VerdictJson() {
    }

    /**
     * contract, environment, check, verdict, summary, findings, evidence, startedAt, durationMs — in that order.
     * Each finding carries {@code change} ({@code new}, {@code known}, {@code baseline}, or null).
     */
    public static ObjectNode toJson(Verdict v) {
        return toJson(v, false);
    }

    /**
     * The form the audit trail stores and hashes: as {@link #toJson} but a finding's {@code change} is left
     * out when it is not a release change, so the rows recorded before findings had it hash as they did.
     */
    public static ObjectNode toStoredJson(Verdict v) {
        return toJson(v, true);
    }

    private static ObjectNode toJson(Verdict v, boolean stored) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("contract", v.key().contract());
        o.put("environment", v.key().environment());
        o.put("check", v.key().check());
        o.put("verdict", v.outcome().name());
        o.put("summary", v.summary());
        ArrayNode findings = o.putArray("findings");
        v.findings().forEach(f -> findings.add(findingJson(f, stored)));
        o.set("evidence", evidenceJson(v.evidence()));
        o.put("startedAt", v.startedAt() == null ? null : timestamp(v.startedAt()));
        o.put("durationMs", v.durationMs());
        return o;
    }

    /** The compact text of {@link #toStoredJson}: what the audit trail hashes, byte for byte. */
    public static String toText(Verdict v) {
        return MAPPER.writeValueAsString(toStoredJson(v));
    }

    /** Reads back what {@link #toJson} wrote; numbers come back as Long or Double, collections as lists and maps of strings. */
    public static Verdict fromJson(JsonNode o) {
        CheckKey key = new CheckKey(text(o, "contract"), text(o, "environment"), text(o, "check"));
        String startedAt = text(o, "startedAt");
        return new Verdict(key, Outcome.valueOf(text(o, "verdict")), text(o, "summary"),
                findingsFromJson(o.get("findings")), evidenceFromJson(o.get("evidence")),
                startedAt == null ? null : Instant.parse(startedAt), o.path("durationMs").longValue(0));
    }

    /** UTC, millisecond precision, fixed width: {@code 2026-05-01T09:30:00.000Z}. */
    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    public static List<Finding> findingsFromJson(JsonNode array) {
        if (array == null || !array.isArray()) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        for (JsonNode f : array.values()) {
            String severity = text(f, "severity");
            out.add(new Finding(text(f, "rule"),
                    severity == null ? null : Severity.valueOf(severity.toUpperCase(Locale.ROOT)),
                    text(f, "pointer"), text(f, "expected"), text(f, "actual"), Change.ofLabel(text(f, "change"))));
        }
        return out;
    }

    public static Evidence evidenceFromJson(JsonNode o) {
        if (o == null || !o.isObject()) {
            return Evidence.NONE;
        }
        JsonNode status = o.get("status");
        JsonNode latency = o.get("latencyMs");
        Map<String, Object> details = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            if (!EVIDENCE_FIELDS.contains(e.getKey()) && !e.getValue().isNull()) {
                details.put(e.getKey(), detailFromJson(e.getValue()));
            }
        }
        return new Evidence(status == null || status.isNull() ? null : status.intValue(),
                latency == null || latency.isNull() ? null : latency.longValue(),
                text(o, "requestId"), details);
    }

    private static ObjectNode findingJson(Finding f, boolean stored) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("rule", f.rule());
        o.put("severity", f.severity() == null ? null : f.severity().label());
        o.put("pointer", f.pointer());
        o.put("expected", f.expected());
        o.put("actual", f.actual());
        if (f.change() != Change.NONE) {
            o.put("change", f.change().label());
        } else if (!stored) {
            o.putNull("change");
        }
        return o;
    }

    private static ObjectNode evidenceJson(Evidence e) {
        ObjectNode o = MAPPER.createObjectNode();
        if (e.status() != null) {
            o.put("status", e.status());
        }
        if (e.latencyMs() != null) {
            o.put("latencyMs", e.latencyMs());
        }
        if (e.requestId() != null) {
            o.put("requestId", e.requestId());
        }
        e.details().forEach((name, value) -> {
            if (!EVIDENCE_FIELDS.contains(name) && value != null) {
                putDetail(o, name, value);
            }
        });
        return o;
    }

    private static void putDetail(ObjectNode o, String name, Object value) {
        if (value instanceof Boolean b) {
            o.put(name, b);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            o.put(name, ((Number) value).longValue());
        } else if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            o.put(name, n.doubleValue());
        } else if (value instanceof Collection<?> c) {
            ArrayNode a = o.putArray(name);
            c.forEach(x -> a.add(String.valueOf(x)));
        } else if (value instanceof Map<?, ?> m) {
            ObjectNode map = o.putObject(name);
            m.forEach((k, x) -> map.put(String.valueOf(k), x == null ? null : String.valueOf(x)));
        } else {
            // Anything else (an enum, an instant, NaN) is kept as the text it prints as.
            o.put(name, String.valueOf(value));
        }
    }

    private static Object detailFromJson(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isArray()) {
            List<String> list = new ArrayList<>();
            v.values().forEach(x -> list.add(x.isNull() ? null : x.asString()));
            return Collections.unmodifiableList(list);
        }
        if (v.isObject()) {
            Map<String, String> map = new LinkedHashMap<>();
            v.properties().forEach(e -> map.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asString()));
            return Collections.unmodifiableMap(map);
        }
        return v.asString();
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}
