package dev.driftwatch.http;

import java.nio.charset.StandardCharsets;
import okhttp3.Headers;

/** One HTTP answer from a provider, body already read within the size cap. */
public record ProviderResponse(int status, Headers headers, byte[] body, String contentType, long latencyMs,
                               int attempts, String url) {

    public String header(String name) {
        return headers.get(name);
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public boolean isJson() {
        String ct = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
        return ct.startsWith("application/json") || ct.matches("application/[a-z0-9.+-]*\\+json.*");
    }

    /** The provider's request ID, for support tickets and for matching logs. */
    public String requestId() {
        for (String name : new String[] {"x-request-id", "request-id", "openai-request-id", "x-amzn-requestid"}) {
            String v = headers.get(name);
            if (v != null && !v.isBlank()) {
                return v.length() > 128 ? v.substring(0, 128) : v;
            }
        }
        return null;
    }
}
