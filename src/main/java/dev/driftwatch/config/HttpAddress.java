package dev.driftwatch.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** An absolute http(s) URL with a host and no embedded credentials. */
public record HttpAddress(URI uri) {

    @JsonCreator
    public static HttpAddress parse(String text) {
        String t = text == null ? "" : text.strip();
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw new InvalidValue(t, "is not a URL", e.getReason(), "write an absolute URL such as https://api.example.com");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidValue(t, "is not an http(s) URL", null, "write an absolute URL starting with https:// or http://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidValue(t, "has no host", null, "write an absolute URL such as https://api.example.com");
        }
        if (uri.getRawUserInfo() != null) {
            // Never echo the URL here: user info is a credential.
            throw new InvalidValue("the URL carries credentials (user:password@)", "remove them: credentials come from environment variables (apiKeyEnv), never from a URL in checks.yaml");
        }
        return new HttpAddress(uri);
    }

    /** This address with a path appended, without doubling the slash. */
    public String resolve(String path) {
        String base = uri.toString();
        if (base.endsWith("/") && path.startsWith("/")) {
            return base + path.substring(1);
        }
        return base + path;
    }

    /**
     * The address as findings and messages show it: without its query, which may carry a token put there from an
     * environment variable ({@code ?token=${GH_TOKEN}}) — the same form as the responses' URLs in the evidence.
     */
    public String shown() {
        return uri.getRawQuery() == null ? uri.toString() : uri.toString().substring(0, uri.toString().indexOf('?')) + "?…";
    }

    @JsonValue
    @Override
    public String toString() {
        return uri.toString();
    }
}
