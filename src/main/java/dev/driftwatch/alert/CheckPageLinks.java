package dev.driftwatch.alert;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.config.HttpAddress;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where each check's page is: {@code checks/CONTRACT/ENVIRONMENT/CHECK} under the status server, each part
 * percent-encoded as a path segment ({@code docs:models} stays readable: ':' may stand in a segment). Alerts link to
 * it under {@code status.externalUrl}; the status server answers it and the status page links to it by the same form.
 */
public final class CheckPageLinks {
    /** The first segment of every check page's path. */
    public static final String PREFIX = "checks";
    /** No external URL: alerts carry no link. */
    public static final CheckPageLinks NONE = new CheckPageLinks(null);

    private final String base;

    private CheckPageLinks(String base) {
        this.base = base;
    }

    /** Links under {@code externalUrl}; none when it is null. */
    public static CheckPageLinks under(HttpAddress externalUrl) {
        if (externalUrl == null) {
            return NONE;
        }
        String b = externalUrl.toString();
        return new CheckPageLinks(b.endsWith("/") ? b : b + "/");
    }

    /** The absolute URL of {@code key}'s page; empty without an external URL. */
    public Optional<String> of(CheckKey key) {
        return base == null ? Optional.empty() : Optional.of(base + path(key));
    }

    /** The absolute URL of the status page itself; empty without an external URL. */
    public Optional<String> statusPage() {
        return Optional.ofNullable(base);
    }

    /** The path of {@code key}'s page relative to the status page: {@code checks/c/e/k}, encoded. */
    public static String path(CheckKey key) {
        return PREFIX + "/" + segment(key.contract()) + "/" + segment(key.environment()) + "/" + segment(key.check());
    }

    /**
     * The check a request path names ({@code /checks/c/e/k}, as sent: still percent-encoded); empty when it names
     * none (another path, a wrong number of parts, an empty part, a malformed escape, or text that is not UTF-8).
     */
    public static Optional<CheckKey> parse(String rawPath) {
        String[] parts = rawPath.split("/", -1);
        if (parts.length != 5 || !parts[0].isEmpty() || !parts[1].equals(PREFIX)) {
            return Optional.empty();
        }
        String contract = decode(parts[2]);
        String environment = decode(parts[3]);
        String check = decode(parts[4]);
        if (contract == null || environment == null || check == null || contract.isEmpty() || environment.isEmpty() || check.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CheckKey(contract, environment, check));
    }

    /** RFC 3986 unreserved characters and ':' as they are; every other byte of the UTF-8 text as %XX. */
    static String segment(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' || c == ':') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    /** A segment's text, or null when an escape is malformed or the bytes are not UTF-8. */
    private static String decode(String segment) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char ch = segment.charAt(i);
            if (ch == '%') {
                if (i + 2 >= segment.length()) {
                    return null;
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (ch > 0x7f) {
                return null; // a request line is ASCII; anything else was not sent by a browser or by us
            } else {
                bytes.write(ch);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
