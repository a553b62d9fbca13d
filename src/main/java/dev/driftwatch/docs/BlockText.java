package dev.driftwatch.docs;

import java.util.Arrays;
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

    /** Accumulates one text: the line being read and the lines done. */
    private static final class Lines {
        private final StringBuilder out;
        // The line being read, a plain array: it is compacted in place, which StringBuilder makes slow.
        private char[] line = new char[256];
        private int length;

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
                    append(" ");
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
            int needed = length + s.length();
            if (needed > line.length) {
                line = Arrays.copyOf(line, Math.max(needed, line.length * 2));
            }
            s.getChars(0, s.length(), line, length);
            length = needed;
        }

        /** Ends the current line: whitespace runs become one space, no leading or trailing space, blank lines dropped. */
        void flush() {
            if (length == 0) {
                return;
            }
            // A hand-written pass: two regexes per line cost seconds on a 20 MB page.
            int w = 0;
            boolean space = false;
            for (int i = 0; i < length; i++) {
                char c = line[i];
                boolean blank;
                if (c < 0x80) { // most text: one table lookup, no branches per kind of character
                    blank = ASCII_BLANK[c];
                } else if (isInvisible(c)) {
                    continue;
                } else {
                    blank = Character.isWhitespace(c) || Character.isSpaceChar(c);
                }
                if (blank) {
                    space = w > 0;
                } else {
                    if (space) {
                        line[w++] = ' ';
                        space = false;
                    }
                    line[w++] = c;
                }
            }
            if (w > 0) { // nothing but whitespace: no line
                if (!out.isEmpty()) {
                    out.append('\n');
                }
                out.append(line, 0, w);
            }
            length = 0;
        }

        private static boolean isInvisible(char c) {
            return c == '\u00AD' || c == '\u200B' || c == '\u200C' || c == '\u200D' || c == '\u2060' || c == '\uFEFF';
        }
    }
}
