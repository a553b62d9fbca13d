package dev.driftwatch.docs;

import dev.driftwatch.config.DocsPage;
import dev.driftwatch.config.UserRegex;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Elements;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;
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
    private static final Set<String> NOISE = Set.of("script", "style", "noscript", "template", "svg", "iframe", "object", "embed",
            "canvas", "nav", "footer");

    private static final Pattern LOOKS_LIKE_HTML = Pattern.compile("^\\uFEFF?\\s*<");

    // Always on. Dates inside an ID (gpt-image-2-2026-04-21) are kept: the lookbehind refuses a
    // preceding '-', so a dated model release still changes the text.
    static final List<Pattern> BUILT_IN_VOLATILE = List.of(
            Pattern.compile("(?<![\\w.-])\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?(?![\\w-])"),
            Pattern.compile("(?<![0-9A-Za-z])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9A-Za-z])"),
            Pattern.compile("(?<![0-9A-Za-z])(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{12,}(?![0-9A-Za-z])"));
    // The keys of TOKEN_ASSIGNMENT and NONCE_VALUE as they are written: lower case, capitalized, upper case.
    private static final List<String> TOKEN_KEYS = List.of("nonce", "Nonce", "NONCE", "csrf", "Csrf", "CSRF", "xsrf", "Xsrf", "XSRF",
            "authenticity", "Authenticity", "AUTHENTICITY");
    private static final Pattern NONCE_VALUE = Pattern.compile("(?i)\\bnonce-[A-Za-z0-9+/=_-]{6,}");
    // Token-looking values after a nonce/csrf key: keep the key, mask the value.
    private static final Pattern TOKEN_ASSIGNMENT = Pattern.compile(
            "(?i)\\b(nonce|csrf[-_]?token|csrf|xsrf[-_]?token|xsrf|authenticity[-_]token)(\\s*[\"']?\\s*[:=]\\s*[\"']?)[A-Za-z0-9+/=_-]{6,}");

    // How much of the body is decoded up front to tell HTML from text and text from binary.
    private static final int SAMPLE_BYTES = 8192;

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
     * Normalizes one body given as text (tests, plain sources): the same as {@link #normalize(byte[], Charset, String, DocsPage)}
     * of its UTF-8 bytes.
     *
     * @throws PageUnreadable when the body is empty, binary or over the byte cap
     */
    public NormalizedPage normalize(String body, String baseUri, DocsPage page) throws PageUnreadable {
        if (body == null) {
            throw new PageUnreadable("the page body is empty");
        }
        return normalize(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, baseUri, page);
    }

    /**
     * Normalizes one fetched body, as served in {@code charset}, using the page's {@code ignore},
     * {@code volatile} and {@code regions}. HTML is parsed from the bytes: a quarter cheaper than
     * decoding the page to a string first.
     *
     * @throws PageUnreadable when the body is empty, binary or over the byte cap
     */
    public NormalizedPage normalize(byte[] body, Charset charset, String baseUri, DocsPage page) throws PageUnreadable {
        if (body.length > maxBytes) {
            throw new PageUnreadable("the page body is over the " + maxBytes + "-byte cap (" + body.length
                    + " bytes); raise http.maxResponseSize if the page really is this large");
        }
        if (!asciiCompatible(charset)) {
            // UTF-16 and the like: a NUL byte is no sign of binary there. Read as text, re-encoded.
            return normalize(new String(body, charset), baseUri, page);
        }
        String head = new String(body, 0, Math.min(body.length, SAMPLE_BYTES), charset);
        refuseUnreadable(body, head, charset);
        String base = baseUri == null ? "" : baseUri;
        boolean html = LOOKS_LIKE_HTML.matcher(head).lookingAt();
        Supplier<Document> parse = () -> html ? parseHtml(body, charset, base) : plainTextDocument(new String(body, charset), base);
        Document parsed = parse.get();
        // JSON facts must see the page as served (an ignored or removed <script> still holds data),
        // so for a page with JSON facts the noise is removed from a copy. Other pages are not copied
        // (a fifth of a parse); should a JSON fact read one anyway, the body is parsed again.
        boolean readsScripts = page.facts().stream().anyMatch(f -> f.json() != null);
        Document cleaned = readsScripts ? parsed.clone() : parsed;
        Supplier<Document> original = readsScripts ? () -> parsed : NormalizedPage.once(parse);
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
        BlockText texts = BlockText.of(cleaned.body(), regions, body.length);
        String factText = texts.whole();
        String watched = page.regions().isEmpty() ? factText : texts.regions();
        String text = mask(watched, page.volatilePatterns());
        return new NormalizedPage(cleaned, original, text, sha256(text), factText, unmatched, html);
    }

    private static Document parseHtml(byte[] body, Charset charset, String base) {
        try {
            return Jsoup.parse(new ByteArrayInputStream(body), charset.name(), base);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a byte array cannot fail", e);
        }
    }

    /** True when ASCII characters are their own single bytes in {@code charset}, as in UTF-8 and the ISO and Windows code pages. */
    private static boolean asciiCompatible(Charset charset) {
        return Arrays.equals("<a\n\0".getBytes(charset), new byte[] {'<', 'a', '\n', 0});
    }

    /** Empty, binary (a NUL byte, or over a tenth control or undecodable characters at the start): not a page. */
    private static void refuseUnreadable(byte[] body, String head, Charset charset) throws PageUnreadable {
        if (head.isBlank() && (body.length <= SAMPLE_BYTES || new String(body, charset).isBlank())) {
            throw new PageUnreadable("the page body is empty");
        }
        // In an ASCII-compatible charset a NUL byte is a NUL character. Latin-1 "decoding" is a copy, and
        // String.indexOf is vectorized: far cheaper than a loop over the bytes.
        int nul = new String(body, StandardCharsets.ISO_8859_1).indexOf('\0');
        if (nul >= 0) {
            throw new PageUnreadable("the page body is binary, not HTML or text (NUL character at byte " + nul + ")");
        }
        int control = 0;
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == '\uFFFD') {
                control++;
            }
        }
        if (control * 10 > head.length()) {
            throw new PageUnreadable("the page body is binary, not HTML or text (" + control + " control or undecodable characters in its first "
                    + head.length() + ")");
        }
    }

    private static Document plainTextDocument(String body, String baseUri) {
        Document doc = Document.createShell(baseUri);
        body.lines().filter(line -> !line.isBlank()).forEach(line -> doc.body().appendElement("p").text(line));
        return doc;
    }

    private static void removeNoise(Document doc, List<String> ignore) {
        // One walk that drops noise elements whole (a set lookup per element, cheaper than a grouped
        // selector); the page's own ignore selectors after. Comments stay: no text of the page reads them.
        NodeTraversor.filter(new NodeFilter() {
            @Override
            public FilterResult head(Node node, int depth) {
                return node instanceof Element e && NOISE.contains(e.normalName()) ? FilterResult.REMOVE : FilterResult.CONTINUE;
            }
        }, doc);
        if (!ignore.isEmpty()) {
            doc.select(String.join(", ", ignore)).remove();
        }
    }

    private static String mask(String text, List<String> volatilePatterns) {
        String masked = text;
        // The page's own patterns first: they may name a date the built-ins would mask first.
        for (String pattern : volatilePatterns) {
            // RE2/J, like every pattern a user writes: linear in the page, whatever the pattern.
            masked = UserRegex.multiline(pattern).matcher(masked).replaceAll(com.google.re2j.Matcher.quoteReplacement(VOLATILE));
        }
        // Token keys are rare; plain searches (vectorized) are far cheaper than running their pattern over every character.
        if (TOKEN_KEYS.stream().anyMatch(masked::contains)) {
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
        Matcher[] matchers = new Matcher[BUILT_IN_VOLATILE.size()]; // made when first needed: most texts need few
        StringBuilder out = null;
        int copied = 0;
        int n = text.length();
        int afterWord = 0; // HEX when the previous character is a letter or digit: nothing can start here
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            int kind = kindOf(c);
            boolean start = (kind & ~afterWord & HEX) != 0;
            afterWord = (kind & WORD) >> 1;
            if (!start) {
                continue;
            }
            // Necessary conditions, so most words ("default", "1024x1024") are passed over without a matcher.
            int run = i + 1;
            while (run < n && run - i < 12 && isHex(text.charAt(run))) {
                run++;
            }
            int hexRun = run - i;
            // Which pattern can start here: a date is 4 digits and '-', a UUID 8 hex digits and '-', a hash 12 or more.
            boolean date = hexRun >= 4 && isDigit(c) && isDigit(text.charAt(i + 1)) && isDigit(text.charAt(i + 2))
                    && isDigit(text.charAt(i + 3)) && i + 4 < n && text.charAt(i + 4) == '-';
            boolean uuid = hexRun == 8 && i + 8 < n && text.charAt(i + 8) == '-';
            boolean hash = hexRun >= 12;
            boolean[] possible = {date, uuid, hash};
            boolean masked = false;
            for (int p = 0; p < matchers.length && !masked; p++) {
                if (!possible[p]) {
                    continue;
                }
                if (matchers[p] == null) {
                    matchers[p] = BUILT_IN_VOLATILE.get(p).matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
                }
                Matcher m = matchers[p].region(i, n);
                if (m.lookingAt()) {
                    if (out == null) {
                        out = new StringBuilder(n);
                    }
                    out.append(text, copied, i).append(VOLATILE);
                    copied = m.end();
                    masked = true;
                }
            }
            // Resume after the mask, or after the run: inside a run nothing can start.
            int next = masked ? copied : run;
            afterWord = (kindOf(text.charAt(next - 1)) & WORD) >> 1;
            i = next - 1;
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, n).toString();
    }

    private static final int HEX = 1;
    private static final int WORD = 2;
    // Per ASCII character: HEX for [0-9a-fA-F], WORD for [0-9A-Za-z]. A table: text is mostly letters,
    // and branching on each of them costs more than the lookup on this hardware.
    private static final byte[] ASCII_KIND = new byte[128];

    static {
        for (char c = '0'; c <= 'z'; c++) {
            boolean word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            ASCII_KIND[c] = (byte) ((isHex(c) ? HEX : 0) | (word ? WORD : 0));
        }
    }

    private static int kindOf(char c) {
        return c < 128 ? ASCII_KIND[c] : 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
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
