package dev.driftwatch.daemon;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Who may read the status page, {@code /api/status} and {@code /metrics}: anyone, or whoever sends the bearer
 * token of {@value #TOKEN_ENV} and/or the user and password of {@value #USER_ENV} and {@value #PASSWORD_ENV}
 * (HTTP basic). The probes {@code /healthz} and {@code /readyz} are always open. Only SHA-256 digests of the
 * secrets are kept, and compared in constant time; {@link #toString()} says which schemes are on, never a secret.
 */
public final class HttpAccess {
    public static final String TOKEN_ENV = "DRIFTWATCH_HTTP_TOKEN";
    public static final String USER_ENV = "DRIFTWATCH_HTTP_USER";
    public static final String PASSWORD_ENV = "DRIFTWATCH_HTTP_PASSWORD";
    private static final String REALM = "driftwatch";

    private final byte[] tokenDigest;
    private final byte[] userDigest;
    private final byte[] passwordDigest;

    private HttpAccess(String token, String user, String password) {
        this.tokenDigest = token == null ? null : sha256(token);
        this.userDigest = user == null ? null : sha256(user);
        this.passwordDigest = password == null ? null : sha256(password);
    }

    /** No credentials asked: every endpoint open, as before there was a choice. */
    public static HttpAccess open() {
        return new HttpAccess(null, null, null);
    }

    /**
     * From {@value #TOKEN_ENV}, {@value #USER_ENV} and {@value #PASSWORD_ENV}; blank counts as unset, and whitespace
     * around a value is dropped (a secret mounted from a file often ends with a newline).
     *
     * @throws IllegalArgumentException only one of the user and the password is set (the message names the variables, not their values)
     */
    public static HttpAccess fromEnv(Map<String, String> env) {
        String token = blankAsNull(env.get(TOKEN_ENV));
        String user = blankAsNull(env.get(USER_ENV));
        String password = blankAsNull(env.get(PASSWORD_ENV));
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException((user == null ? PASSWORD_ENV + " is set but " + USER_ENV + " is not"
                    : USER_ENV + " is set but " + PASSWORD_ENV + " is not") + " — set both for basic authentication, or neither");
        }
        if (user != null && user.indexOf(':') >= 0) {
            throw new IllegalArgumentException(USER_ENV + " contains ':', which basic authentication cannot carry in a user name — choose another user name");
        }
        return new HttpAccess(token, user, password);
    }

    /** Whether any credential is asked for. */
    public boolean required() {
        return tokenDigest != null || userDigest != null;
    }

    /** Whether the value of a request's {@code Authorization} header (null when absent) grants access. */
    public boolean allows(String authorization) {
        if (!required()) {
            return true;
        }
        if (authorization == null) {
            return false;
        }
        String value = authorization.strip();
        if (tokenDigest != null && startsWithIgnoreCase(value, "Bearer ")) {
            return MessageDigest.isEqual(tokenDigest, sha256(value.substring("Bearer ".length()).strip()));
        }
        if (userDigest != null && startsWithIgnoreCase(value, "Basic ")) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(value.substring("Basic ".length()).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return false;
            }
            // Both compared, always: which half was wrong must not show in the time taken.
            boolean user = MessageDigest.isEqual(userDigest, sha256(decoded.substring(0, colon)));
            boolean password = MessageDigest.isEqual(passwordDigest, sha256(decoded.substring(colon + 1)));
            return user & password;
        }
        return false;
    }

    /** The {@code WWW-Authenticate} values of a 401: one per scheme that is on (Basic makes a browser ask). */
    public List<String> challenges() {
        List<String> out = new ArrayList<>();
        if (tokenDigest != null) {
            out.add("Bearer realm=\"" + REALM + "\"");
        }
        if (userDigest != null) {
            out.add("Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        }
        return out;
    }

    /** For logs: which schemes are on. */
    @Override
    public String toString() {
        if (!required()) {
            return "open (no " + TOKEN_ENV + ", no " + USER_ENV + ")";
        }
        return String.join(" or ", tokenDigest != null && userDigest != null ? List.of("bearer token", "basic user and password")
                : tokenDigest != null ? List.of("bearer token") : List.of("basic user and password")) + " required";
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static String blankAsNull(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
