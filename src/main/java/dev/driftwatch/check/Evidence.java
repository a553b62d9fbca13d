package dev.driftwatch.check;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a check saw: HTTP status, latency, the provider's request ID, and named details (the models
 * listed, rate limits, the URL called). Values are strings, numbers, lists of strings or maps of
 * strings, so the audit trail and the JSON report can hold them as they are. Never a secret.
 */
public record Evidence(Integer status, Long latencyMs, String requestId, Map<String, Object> details) {
    public static final Evidence NONE = new Evidence(null, null, null, Map.of());
    /** The detail every kind records for the URL it asked. */
    public static final String URL = "url";
    /** The detail holding what the provider said in its own words (an error message), when it said something. */
    public static final String PROVIDER_MESSAGE = "providerMessage";

    public Evidence {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details == null ? Map.of() : details));
    }

    public Evidence with(String name, Object value) {
        Map<String, Object> d = new LinkedHashMap<>(details);
        if (value == null) {
            d.remove(name);
        } else {
            d.put(name, value);
        }
        return new Evidence(status, latencyMs, requestId, d);
    }

    public Evidence withHttp(Integer status, Long latencyMs, String requestId) {
        return new Evidence(status, latencyMs, requestId, details);
    }

    /** The URL asked, or null. */
    public String url() {
        Object v = details.get(URL);
        return v == null ? null : String.valueOf(v);
    }

    /** What the provider said in its own words, or null. */
    public String providerMessage() {
        Object v = details.get(PROVIDER_MESSAGE);
        return v == null ? null : String.valueOf(v);
    }

    /** A detail as a list of strings, empty when absent. */
    public List<String> list(String name) {
        Object v = details.get(name);
        return v instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    /** A detail as a map of strings, empty when absent. */
    public Map<String, String> map(String name) {
        Object v = details.get(name);
        if (!(v instanceof Map<?, ?> m)) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, val) -> out.put(String.valueOf(k), String.valueOf(val)));
        return out;
    }

    public Evidence redacted(Redactor r) {
        Map<String, Object> d = new LinkedHashMap<>();
        details.forEach((k, v) -> d.put(k, redact(v, r)));
        return new Evidence(status, latencyMs, r.apply(requestId), d);
    }

    private static Object redact(Object v, Redactor r) {
        if (v instanceof String s) {
            return r.apply(s);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(x -> redact(x, r)).toList();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(r.apply(String.valueOf(k)), redact(x, r)));
            return out;
        }
        return v;
    }
}
