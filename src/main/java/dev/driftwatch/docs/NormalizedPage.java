package dev.driftwatch.docs;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * A docs page with its noise removed: the cleaned document, the watched text (regions, volatile
 * parts masked) with its SHA-256; {@link #canonicalHash()} ignores reordering.
 *
 * @param document         the page after noise removal (scripts, styles, nav, footer, comments, ignored selectors)
 * @param originalSource   the page as parsed, before any removal, where JSON facts read their {@code <script>}
 *                         (see {@link #original()})
 * @param text             the watched text: one line per block, volatile parts replaced by {@value PageNormalizer#VOLATILE}
 * @param hash             SHA-256 hex of {@code text}; changes when the watched text changes, including order
 * @param factText         the whole cleaned body, one line per block, not masked: what facts without {@code in} read
 * @param unmatchedRegions region selectors that selected nothing (an extractor fault when non-empty)
 * @param html             false when the body was not HTML and its lines were read as plain text
 */
public record NormalizedPage(Document document, Supplier<Document> originalSource, String text, String hash,
                             String factText, List<String> unmatchedRegions, boolean html) {
    public NormalizedPage {
        unmatchedRegions = List.copyOf(unmatchedRegions);
    }

    /** The page as parsed, before any removal: JSON facts read their {@code <script>} here. */
    public Document original() {
        return originalSource.get();
    }

    /** {@code source}, called at most once. */
    static Supplier<Document> once(Supplier<Document> source) {
        return new Supplier<>() {
            private Document value;

            @Override
            public synchronized Document get() {
                if (value == null) {
                    value = source.get();
                }
                return value;
            }
        };
    }

    /** SHA-256 hex of {@code text}'s lines sorted; compare this to decide "unchanged". Computed on demand: most readings match {@code hash}. */
    public String canonicalHash() {
        return PageNormalizer.canonicalHash(text);
    }

    /** The elements of the cleaned page matching {@code css}; within {@code in} when it is given. */
    public Elements select(String in, String css) {
        if (in == null) {
            return document.select(css);
        }
        // Nested scopes would select the same element twice; keep each once, in document order.
        Set<Element> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Elements found = new Elements();
        for (Element scope : document.select(in)) {
            for (Element e : scope.select(css)) {
                if (seen.add(e)) {
                    found.add(e);
                }
            }
        }
        return found;
    }

    /** Unmasked block text of the elements matched by {@code in}, or of the whole cleaned page when {@code in} is null; null when {@code in} matches nothing. */
    public String textIn(String in) {
        if (in == null) {
            return factText;
        }
        Elements scope = document.select(in);
        return scope.isEmpty() ? null : BlockText.of(PageNormalizer.outermost(scope));
    }
}
