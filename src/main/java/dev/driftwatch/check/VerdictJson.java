package dev.driftwatch.check;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
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
                startedAt == null ? null : parseTimestamp(startedAt), o.path("durationMs").longValue(0));
    }

    /** UTC, millisecond precision, fixed width: {@code 2026-05-01T09:30:00.000Z}. */
    public static String timestamp(Instant instant) {
        long seconds = instant.getEpochSecond();
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, instant.getNano(), ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return TIMESTAMP.format(instant);
        }
        // Written by position: every verdict stores several instants, and the general formatter was a measurable
        // share of a check's CPU.
        char[] out = "0000-00-00T00:00:00.000Z".toCharArray();
        digits(out, 0, 4, t.getYear());
        digits(out, 5, 2, t.getMonthValue());
        digits(out, 8, 2, t.getDayOfMonth());
        digits(out, 11, 2, t.getHour());
        digits(out, 14, 2, t.getMinute());
        digits(out, 17, 2, t.getSecond());
        digits(out, 20, 3, instant.getNano() / 1_000_000);
        return new String(out);
    }

    /**
     * An instant as {@link #timestamp} writes it, read by position (the audit trail reads several per check); any other
     * ISO-8601 instant through {@link Instant#parse}, which also gives the error for text that is neither.
     */
    public static Instant parseTimestamp(String text) {
        if (text.length() == 24 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(19) == '.' && text.charAt(23) == 'Z') {
            int year = number(text, 0, 4);
            int month = number(text, 5, 7);
            int day = number(text, 8, 10);
            int hour = number(text, 11, 13);
            int minute = number(text, 14, 16);
            int second = number(text, 17, 19);
            int millis = number(text, 20, 23);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= YearMonth.of(year, month).lengthOfMonth()
                    && hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60 && millis >= 0) {
                long epochDay = LocalDate.of(year, month, day).toEpochDay();
                return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, millis * 1_000_000L);
            }
        }
        return Instant.parse(text);
    }

    /** The decimal digits of text[from, to) as a number; -1 when one is not a digit. */
    private static int number(String text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static void digits(char[] out, int at, int width, int value) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
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
