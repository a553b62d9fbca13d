package dev.driftwatch.docs;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The text of a page one line per block element, whitespace collapsed within lines, blank lines
 * dropped, invisible characters removed. One walk yields both the whole text and the text of the
 * watched regions, so a 200 KB page is read once. Iterative (NodeTraversor): no markup depth can
 * overflow the stack.
 */
final class BlockText implements NodeVisitor {
    // Elements whose text forms a line of its own; cells and inline elements share their row's line.
    private static final Set<String> BLOCKS = Set.of("address", "article", "aside", "blockquote", "body", "caption",
            "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3",
            "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li", "main", "ol", "option", "p", "pre", "section",
            "summary", "table", "tbody", "tfoot", "thead", "tr", "ul");

    // Character.isWhitespace for ASCII: space, \t \n \u000B \f \r, and the separators 0x1C-0x1F.
    private static final boolean[] ASCII_BLANK = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_BLANK[c] = Character.isWhitespace(c) || Character.isSpaceChar(c);
        }
    }

    private static final int VISIBLE = 0;
    private static final int BLANK = 1;
    private static final int INVISIBLE = 2;

    private final Lines whole;
    private final Lines regions;
    private final Set<Element> regionRoots = Collections.newSetFromMap(new IdentityHashMap<>());
    private Element currentRegion;
    private boolean regionIsBlock;
    private int regionStart;

    private BlockText(int expectedChars) {
        whole = new Lines(expectedChars);
        regions = new Lines(expectedChars);
    }

    /** Whole text of {@code body} and text of {@code regionRoots} (none of them inside another), in one walk. */
    static BlockText of(Element body, List<Element> regionRoots, int expectedChars) {
        BlockText t = new BlockText(Math.max(16, expectedChars / 8));
        t.regionRoots.addAll(regionRoots);
        NodeTraversor.traverse(t, body);
        t.whole.flush();
        t.regions.flush();
        return t;
    }

    /** Text of the roots (none of them inside another), in their order. */
    static String of(Collection<Element> roots) {
        Lines lines = new Lines(256);
        NodeVisitor visitor = new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                lines.head(node);
            }

            @Override
            public void tail(Node node, int depth) {
                lines.tail(node);
            }
        };
        for (Element root : roots) {
            NodeTraversor.traverse(visitor, root);
            lines.flush();
        }
        return lines.text();
    }

    String whole() {
        return whole.text();
    }

    String regions() {
        return regions.text();
    }

    @Override
    public void head(Node node, int depth) {
        if (currentRegion == null && node instanceof Element e && regionRoots.contains(e)) {
            currentRegion = e;
            regionIsBlock = BLOCKS.contains(e.normalName());
            whole.head(node);
            // A block starts and ends a line of the whole text, so its lines there are its own: taken
            // from the whole text at its end instead of being read twice (see tail).
            regionStart = whole.out.length();
            if (!regionIsBlock) {
                regions.head(node);
            }
            return;
        }
        whole.head(node);
        if (currentRegion != null && !regionIsBlock) {
            regions.head(node);
        }
    }

    @Override
    public void tail(Node node, int depth) {
        whole.tail(node);
        if (currentRegion == null) {
            return;
        }
        if (!regionIsBlock) {
            regions.tail(node);
        }
        if (node == currentRegion) {
            if (regionIsBlock) {
                regions.appendLines(whole.out, regionStart, whole.out.length());
            } else {
                regions.flush(); // a region ends its line, as if read on its own
            }
            currentRegion = null;
        }
    }

    /**
     * Accumulates one text straight into its output, a word at a time: whitespace runs become one
     * space, no leading or trailing space on a line, blank lines dropped, invisible characters removed.
     * The newline before a line and the space before a word are written only when a word follows.
     */
    private static final class Lines {
        private final StringBuilder out;
        private boolean lineStarted;
        private boolean pendingSpace;

        Lines(int capacity) {
            out = new StringBuilder(capacity);
        }

        void head(Node node) {
            if (node instanceof TextNode t) {
                append(t.getWholeText());
            } else if (node instanceof Element e) {
                String tag = e.normalName();
                if (BLOCKS.contains(tag)) {
                    flush();
                } else if (tag.equals("td") || tag.equals("th") || tag.equals("br")) {
                    pendingSpace = lineStarted;
                }
            }
        }

        void tail(Node node) {
            if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                flush();
            }
        }

        String text() {
            return out.toString();
        }

        /** Appends finished lines {@code from[start, end)}, which may begin with the newline that separated them from earlier ones. */
        void appendLines(CharSequence from, int start, int end) {
            if (start < end && from.charAt(start) == '\n') {
                start++;
            }
            if (start < end) {
                if (!out.isEmpty()) {
                    out.append('\n');
                }
                out.append(from, start, end);
            }
        }

        private void append(String s) {
            int n = s.length();
            int i = 0;
            while (i < n) {
                int kind = kindOf(s.charAt(i));
                if (kind == BLANK) {
                    pendingSpace = lineStarted;
                    i++;
                } else if (kind == INVISIBLE) {
                    i++;
                } else {
                    int end = i + 1;
                    while (end < n && kindOf(s.charAt(end)) == VISIBLE) {
                        end++;
                    }
                    if (!lineStarted) {
                        if (!out.isEmpty()) {
                            out.append('\n');
                        }
                        lineStarted = true;
                    } else if (pendingSpace) {
                        out.append(' ');
                    }
                    pendingSpace = false;
                    out.append(s, i, end); // a word at a time: one bulk copy, not one call per character
                    i = end;
                }
            }
        }

        /** Ends the current line. */
        void flush() {
            lineStarted = false;
            pendingSpace = false;
        }

        private static int kindOf(char c) {
            if (c < 0x80) {
                return ASCII_BLANK[c] ? BLANK : VISIBLE; // most text: one table lookup
            }
            if (c == '\u00AD' || c == '\u200B' || c == '\u200C' || c == '\u200D' || c == '\u2060' || c == '\uFEFF') {
                return INVISIBLE;
            }
            return Character.isWhitespace(c) || Character.isSpaceChar(c) ? BLANK : VISIBLE;
        }
    }
}
