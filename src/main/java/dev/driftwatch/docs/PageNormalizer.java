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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Elements;
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
    private static final String NOISE = "script, style, noscript, template, svg, iframe, object, embed, canvas, nav, footer";

    // Elements whose text forms a line of its own; cells and inline elements share their row's line.
    private static final Set<String> BLOCKS = Set.of("address", "article", "aside", "blockquote", "body", "caption",
            "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3",
            "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li", "main", "ol", "option", "p", "pre", "section",
            "summary", "table", "tbody", "tfoot", "thead", "tr", "ul");

    private static final Pattern LOOKS_LIKE_HTML = Pattern.compile("^\\uFEFF?\\s*<");

    // Always on. Dates inside an ID (gpt-image-2-2026-04-21) are kept: the lookbehind refuses a
    // preceding '-', so a dated model release still changes the text.
    private static final List<Pattern> BUILT_IN_VOLATILE = List.of(
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
        Document original = html ? Jsoup.parse(body, base) : plainTextDocument(body, base);
        // JSON facts must see the page as served (an ignored or removed <script> still holds data),
        // so the noise is removed from a copy.
        Document cleaned = original.clone();
        removeNoise(cleaned, page.ignore());

        String factText = blockText(List.of(cleaned.body()));
        List<String> unmatched = new ArrayList<>();
        String watched = factText;
        if (!page.regions().isEmpty()) {
            for (String region : page.regions()) {
                if (cleaned.selectFirst(region) == null) {
                    unmatched.add(region);
                }
            }
            // One grouped query returns the union in document order, each element once.
            watched = blockText(outermost(cleaned.select(String.join(", ", page.regions()))));
        }
        String text = mask(watched, page.volatilePatterns());
        return new NormalizedPage(cleaned, original, text, sha256(text), canonicalHash(text), factText, unmatched, html);
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
        doc.select(NOISE).remove();
        List<Node> comments = new ArrayList<>();
        NodeTraversor.traverse((node, depth) -> {
            if (node instanceof Comment) {
                comments.add(node);
            }
        }, doc);
        comments.forEach(Node::remove);
        for (String selector : ignore) {
            doc.select(selector).remove();
        }
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
        for (Pattern p : BUILT_IN_VOLATILE) {
            masked = p.matcher(masked).replaceAll(Matcher.quoteReplacement(VOLATILE));
        }
        return masked;
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

    /**
     * Text of the roots, one line per block element, whitespace collapsed within lines, blank lines
     * dropped. Iterative (NodeTraversor), so no markup depth can overflow the stack.
     */
    static String blockText(Collection<Element> roots) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder();
        NodeVisitor visitor = new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    line.append(t.getWholeText());
                } else if (node instanceof Element e) {
                    String tag = e.normalName();
                    if (BLOCKS.contains(tag)) {
                        flush(out, line);
                    } else if (tag.equals("td") || tag.equals("th") || tag.equals("br")) {
                        line.append(' ');
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                    flush(out, line);
                }
            }
        };
        for (Element root : roots) {
            NodeTraversor.traverse(visitor, root);
            flush(out, line);
        }
        return out.toString();
    }

    private static void flush(StringBuilder out, StringBuilder line) {
        if (line.isEmpty()) {
            return;
        }
        // A hand-written pass: two regexes per line cost seconds on a 20 MB page.
        int start = out.length();
        if (start > 0) {
            out.append('\n');
        }
        int mark = out.length();
        boolean space = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (isInvisible(c)) {
                continue;
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = out.length() > mark;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        line.setLength(0);
        if (out.length() == mark) {
            out.setLength(start); // nothing but whitespace: no line
        }
    }

    private static boolean isInvisible(char c) {
        return c == '\u00AD' || c == '\u200B' || c == '\u200C' || c == '\u200D' || c == '\u2060' || c == '\uFEFF';
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
