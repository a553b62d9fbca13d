package dev.driftwatch.docs;

import dev.driftwatch.config.DocsPage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Elements;
import org.jsoup.select.NodeVisitor;

/**
 * Turns a fetched docs page into a {@link NormalizedPage}: noise removed, one line per block,
 * volatile parts masked, hashed, so that only a real edit of the provider's words changes the hash.
 *
 * <p>Bodies that are not HTML: a body whose first non-blank character is not {@code <} (plain text,
 * JSON, Markdown) is read as plain text, one {@code <p>} per non-blank line, and yields a page with
 * {@code html() == false}. A body with a NUL character (or over a tenth control characters), an empty body,
 * and a body over the byte cap throw {@link PageUnreadable} with a one-line reason.
 */
public final class PageNormalizer {
    /** What a volatile part of the text is replaced with. */
    public static final String VOLATILE = "«volatile»";
    /** The default cap, the same as the default {@code http.maxResponseSize}. */
    public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;

    // Never the provider's words: code, styling, embedded frames, site navigation.
    private static final String NOISE = "script, style, noscript, template, svg, iframe, object, embed, canvas, nav, footer";

    private static final Pattern LOOKS_LIKE_HTML = Pattern.compile("^\\uFEFF?\\s*<");

    // Always on. Dates inside an ID (gpt-image-2-2026-04-21) are kept: the lookbehind refuses a
    // preceding '-', so a dated model release still changes the text.
    static final List<Pattern> BUILT_IN_VOLATILE = List.of(
            Pattern.compile("(?<![\\w.-])\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?(?![\\w-])"),
            Pattern.compile("(?<![0-9A-Za-z])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9A-Za-z])"),
            Pattern.compile("(?<![0-9A-Za-z])(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{12,}(?![0-9A-Za-z])"));
    private static final Pattern NONCE_VALUE = Pattern.compile("(?i)\\bnonce-[A-Za-z0-9+/=_-]{6,}");
    // Token-looking values after a nonce/csrf key: keep the key, mask the value.
    private static final Pattern TOKEN_ASSIGNMENT = Pattern.compile(
            "(?i)\\b(nonce|csrf[-_]?token|csrf|xsrf[-_]?token|xsrf|authenticity[-_]token)(\\s*[\"']?\\s*[:=]\\s*[\"']?)[A-Za-z0-9+/=_-]{6,}");

    private final long maxBytes;

    public PageNormalizer() {
        this(DEFAULT_MAX_BYTES);
    }

    /** A normalizer that refuses bodies larger than {@code maxBytes} (UTF-8). */
    public PageNormalizer(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /**
     * Normalizes one fetched body using the page's {@code ignore}, {@code volatile} and {@code regions}.
     *
     * @throws PageUnreadable when the body is empty, binary or over the byte cap
     */
    public NormalizedPage normalize(String body, String baseUri, DocsPage page) throws PageUnreadable {
        refuseUnreadable(body);
        String base = baseUri == null ? "" : baseUri;
        boolean html = LOOKS_LIKE_HTML.matcher(body).lookingAt();
        Document parsed = html ? Jsoup.parse(body, base) : plainTextDocument(body, base);
        // JSON facts must see the page as served (an ignored or removed <script> still holds data),
        // so for a page with JSON facts the noise is removed from a copy. Other pages are not copied
        // (a fifth of a parse); should a JSON fact read one anyway, the body is parsed again.
        boolean readsScripts = page.facts().stream().anyMatch(f -> f.json() != null);
        Document cleaned = readsScripts ? parsed.clone() : parsed;
        Supplier<Document> original = readsScripts ? () -> parsed
                : NormalizedPage.once(() -> html ? Jsoup.parse(body, base) : plainTextDocument(body, base));
        removeNoise(cleaned, page.ignore());

        List<String> unmatched = new ArrayList<>();
        List<Element> regions = List.of();
        if (!page.regions().isEmpty()) {
            for (String region : page.regions()) {
                if (cleaned.selectFirst(region) == null) {
                    unmatched.add(region);
                }
            }
            // One grouped query returns the union in document order, each element once.
            regions = outermost(cleaned.select(String.join(", ", page.regions())));
        }
        // One walk over the body builds both texts: the whole page (for facts) and the watched regions.
        BlockText texts = BlockText.of(cleaned.body(), regions, body.length());
        String factText = texts.whole();
        String watched = page.regions().isEmpty() ? factText : texts.regions();
        String text = mask(watched, page.volatilePatterns());
        return new NormalizedPage(cleaned, original, text, sha256(text), factText, unmatched, html);
    }

    private void refuseUnreadable(String body) throws PageUnreadable {
        if (body == null || body.isBlank()) {
            throw new PageUnreadable("the page body is empty");
        }
        long bytes = utf8Length(body, maxBytes);
        if (bytes > maxBytes) {
            throw new PageUnreadable("the page body is over the " + maxBytes + "-byte cap (at least " + bytes
                    + " bytes); raise http.maxResponseSize if the page really is this large");
        }
        int nul = body.indexOf('\0');
        if (nul >= 0) {
            throw new PageUnreadable("the page body is binary, not HTML or text (NUL character at offset " + nul + ")");
        }
        int sample = Math.min(body.length(), 8192);
        int control = 0;
        for (int i = 0; i < sample; i++) {
            char c = body.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == '\uFFFD') {
                control++;
            }
        }
        if (control * 10 > sample) {
            throw new PageUnreadable("the page body is binary, not HTML or text (" + control + " control or undecodable characters in its first "
                    + sample + ")");
        }
    }

    /** UTF-8 length of {@code s}, counting no further than just past {@code cap}. */
    private static long utf8Length(String s, long cap) {
        if (s.length() > cap) {
            return s.length();
        }
        if ((long) s.length() * 3 <= cap) {
            return s.length(); // no string of this length can exceed the cap (a char is at most 3 bytes)
        }
        long n = 0;
        for (int i = 0; i < s.length() && n <= cap; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static Document plainTextDocument(String body, String baseUri) {
        Document doc = Document.createShell(baseUri);
        body.lines().filter(line -> !line.isBlank()).forEach(line -> doc.body().appendElement("p").text(line));
        return doc;
    }

    private static void removeNoise(Document doc, List<String> ignore) {
        // One grouped query, one walk of the page. Comments stay: no text of the page reads them.
        doc.select(ignore.isEmpty() ? NOISE : NOISE + ", " + String.join(", ", ignore)).remove();
    }

    private static String mask(String text, List<String> volatilePatterns) {
        String masked = text;
        // The page's own patterns first: they may name a date the built-ins would mask first.
        for (String pattern : volatilePatterns) {
            masked = Pattern.compile(pattern, Pattern.MULTILINE).matcher(masked).replaceAll(Matcher.quoteReplacement(VOLATILE));
        }
        // Token keys are rare; a plain search is far cheaper than running their pattern over every character.
        String lower = masked.toLowerCase(Locale.ROOT);
        if (lower.contains("nonce") || lower.contains("csrf") || lower.contains("xsrf") || lower.contains("authenticity")) {
            masked = TOKEN_ASSIGNMENT.matcher(masked).replaceAll("$1$2" + Matcher.quoteReplacement(VOLATILE));
            masked = NONCE_VALUE.matcher(masked).replaceAll(Matcher.quoteReplacement(VOLATILE));
        }
        return maskBuiltIns(masked);
    }

    /**
     * Replaces dates, UUIDs and hex hashes. Each built-in pattern can only start at a hex digit that
     * does not follow a letter or digit, so the patterns are tried there alone (lookingAt with
     * transparent bounds, so their look-behinds still see the text before): the same result as
     * replaceAll, without running three look-behinds at every character of a 200 KB page.
     */
    static String maskBuiltIns(String text) {
        List<Matcher> matchers = new ArrayList<>(BUILT_IN_VOLATILE.size());
        for (Pattern p : BUILT_IN_VOLATILE) {
            matchers.add(p.matcher(text).useTransparentBounds(true).useAnchoringBounds(false));
        }
        StringBuilder out = null;
        int copied = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (!isHex(c) || (i > 0 && isAsciiLetterOrDigit(text.charAt(i - 1)))) {
                continue;
            }
            // Necessary conditions, so most words ("default", "a") are passed over without a matcher:
            // a date starts with 4 digits, a UUID with 8 hex digits, a hash is 12 or more.
            int run = i + 1;
            while (run < n && run - i < 12 && isHex(text.charAt(run))) {
                run++;
            }
            int hexRun = run - i;
            boolean dateStart = hexRun >= 4 && isDigit(c) && isDigit(text.charAt(i + 1)) && isDigit(text.charAt(i + 2)) && isDigit(text.charAt(i + 3));
            if (!dateStart && hexRun < 8) {
                i = run - 1;
                continue;
            }
            for (Matcher m : matchers) {
                m.region(i, n);
                if (m.lookingAt()) {
                    if (out == null) {
                        out = new StringBuilder(n);
                    }
                    out.append(text, copied, i).append(VOLATILE);
                    copied = m.end();
                    i = copied - 1;
                    break;
                }
            }
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, n).toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** The elements not inside another of them, in their order; text is then read once per region. */
    static List<Element> outermost(Elements elements) {
        Set<Element> all = Collections.newSetFromMap(new IdentityHashMap<>());
        all.addAll(elements);
        List<Element> top = new ArrayList<>();
        for (Element e : elements) {
            boolean nested = false;
            for (Element p = e.parent(); p != null && !nested; p = p.parent()) {
                nested = all.contains(p);
            }
            if (!nested) {
                top.add(e);
            }
        }
        return top;
    }

    /** SHA-256 of the text's lines sorted: a reordered list hashes the same, so it is not a change. */
    static String canonicalHash(String text) {
        return sha256(text.lines().sorted().collect(Collectors.joining("\n")));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
