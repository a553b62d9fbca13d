package dev.driftwatch.api;

import dev.driftwatch.check.Finding;
import dev.driftwatch.http.ProviderResponse;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * A 3xx answer is reported, never followed: following a POST blindly can change it to a GET
 * (301/302/303, RFC 9110 §15.4) or send the key to another origin.
 */
final class Redirects {
    private Redirects() {}

    static Optional<Finding> classify(ProviderResponse r, String method, HttpUrl requested) {
        int s = r.status();
        if (s < 300 || s > 399 || s == 304) {
            return Optional.empty();
        }
        String location = r.header("Location");
        HttpUrl target = location == null ? null : requested.resolve(location);
        String to = target == null ? "(no Location)" : target.newBuilder().query(null).build().toString();
        if (target != null && !sameOrigin(requested, target)) {
            return Optional.of(Finding.error("redirected-cross-origin", requested.encodedPath(),
                    "an answer from " + origin(requested), s + " to another origin " + origin(target) + " (not followed; the key stays home)"));
        }
        boolean keepsMethod = s == 307 || s == 308;
        if (keepsMethod || method.equals("GET")) {
            return Optional.of(Finding.warning("redirected", requested.encodedPath(), "an answer at " + requested.encodedPath(),
                    s + " to " + to + " (update the contract's baseUrl or path)"));
        }
        return Optional.of(Finding.error("redirected-method-changed", requested.encodedPath(), "an answer to " + method + " " + requested.encodedPath(),
                s + " to " + to + ": clients turn a " + method + " into a GET on " + s + " and lose the body"));
    }

    private static boolean sameOrigin(HttpUrl a, HttpUrl b) {
        return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
    }

    private static String origin(HttpUrl u) {
        return u.scheme() + "://" + u.host() + (u.port() == HttpUrl.defaultPort(u.scheme()) ? "" : ":" + u.port());
    }
}
