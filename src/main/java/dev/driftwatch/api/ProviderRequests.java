package dev.driftwatch.api;

import dev.driftwatch.config.AuthConfig;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/** Builds the authenticated requests a contract pins; the only place a key is put on the wire. */
final class ProviderRequests {
    private static final MediaType JSON = MediaType.get("application/json");

    private ProviderRequests() {}

    static Request get(HttpUrl url, AuthConfig auth, String key) {
        return authorized(new Request.Builder().url(url).get(), auth, key).header("Accept", "application/json").build();
    }

    static Request json(String method, HttpUrl url, String json, AuthConfig auth, String key) {
        return authorized(new Request.Builder().url(url).method(method, RequestBody.create(json, JSON)), auth, key)
                .header("Accept", "application/json").build();
    }

    private static Request.Builder authorized(Request.Builder b, AuthConfig auth, String key) {
        return auth.scheme().equals("bearer") ? b.header("Authorization", "Bearer " + key) : b.header(auth.header(), key);
    }
}
