package dev.driftwatch.docs;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.driftwatch.check.Finding;
import dev.driftwatch.config.DocsFact;
import dev.driftwatch.config.UserRegex;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a docs page's facts ({@code contains}, {@code regex}, {@code selector}, {@code models},
 * {@code json}, {@code number}) and compares them with what they must state and with the values
 * stored at the previous run.
 *
 * <p>Rules: {@code docs-fact-missing} (error: the page no longer states it, the contract's model included),
 * {@code extractor-empty} (warning: our selector, region, script or pointer found nothing; sets
 * {@code extractorFault}), {@code price-changed} (warning: a number outside its tolerance). The model IDs found
 * are returned for the check to judge against what it knows. A fact whose extractor faults keeps its previous
 * value, so one bad reading does not reset what the next run compares against.
 */
public final class FactEvaluator {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    // RE2/J throughout, the page's patterns as the user's: one engine in this file. \x0B because Java's \s has it and RE2's not.
    private static final Pattern SPACES = Pattern.compile("[\\s\\x0B\\p{Z}]+");
    // A model ID is a whole token: letters, digits and the separators IDs use; sentence
    // punctuation at its end ("gpt-image-2.", "gpt-image-2:") is not part of it.
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@/+-]*");
    private static final Pattern TOKEN_TAIL = Pattern.compile("[._:@/+-]+$");
    private static final Pattern FIRST_NUMBER = Pattern.compile("-?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|-?\\d+(?:\\.\\d+)?|-?\\.\\d+");

    private final String contractModel;
    private final Pattern modelFamily;

    /** An evaluator for one contract: its model ID, and its family pattern for {@code models} facts with an empty pattern. */
    public FactEvaluator(String contractModel, Pattern modelFamily) {
        this.contractModel = Objects.requireNonNull(contractModel, "contractModel");
        this.modelFamily = modelFamily == null ? Pattern.compile(Pattern.quote(contractModel)) : modelFamily;
    }

    /**
     * Evaluates every fact against the page.
     *
     * @param previousValues the {@link FactResults#values()} stored at the previous run; empty on the first run
     */
    public FactResults evaluate(NormalizedPage page, List<DocsFact> facts, Map<String, String> previousValues) {
        Reading r = new Reading(page, previousValues == null ? Map.of() : previousValues);
        for (DocsFact fact : facts) {
            String kind = fact.kind();
            if (kind == null) {
                throw new IllegalArgumentException("fact '" + fact.name()
                        + "' must say how it is read with exactly one of contains, regex, selector, models, json, number");
            }
            switch (kind) {
                case "contains" -> contains(fact, r);
                case "regex" -> regex(fact, r);
                case "selector" -> selector(fact, r);
                case "models" -> models(fact, r);
                case "json" -> json(fact, r);
                case "number" -> number(fact, r);
                default -> throw new IllegalStateException("unknown fact kind " + kind);
            }
        }
        return new FactResults(r.findings, r.values, new ArrayList<>(r.models), r.fault);
    }

    private static void contains(DocsFact f, Reading r) {
        String text = r.scopeText(f);
        if (text == null) {
            return;
        }
        // The page text has its whitespace collapsed; the configured string gets the same treatment.
        String wanted = collapse(f.contains());
        if (text.contains(wanted)) {
            r.values.put(f.name(), "present");
        } else {
            r.values.put(f.name(), "absent");
            r.findings.add(Finding.error("docs-fact-missing", pointer(f), quote(wanted), "not found in " + where(f)));
        }
    }

    private static void regex(DocsFact f, Reading r) {
        String text = r.scopeText(f);
        if (text == null) {
            return;
        }
        Matcher m = UserRegex.multiline(f.regex()).matcher(text);
        if (!m.find()) {
            r.findings.add(Finding.error("docs-fact-missing", pointer(f),
                    f.expect() != null ? describe(f.expect()) : "a match for /" + f.regex() + "/", "no match in " + where(f)));
            return;
        }
        String value = m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
        r.values.put(f.name(), value);
        if (f.expect() != null && !expectedTexts(f.expect()).contains(value)) {
            r.findings.add(Finding.error("docs-fact-missing", pointer(f), describe(f.expect()), "found " + quote(value)));
        }
    }

    private static void selector(DocsFact f, Reading r) {
        List<String> texts = texts(r.page.select(f.in(), f.selector()));
        if (texts.isEmpty()) {
            r.extractorEmpty(f, "elements matching " + f.selector() + (f.in() == null ? "" : " in " + f.in()), "none");
            return;
        }
        r.values.put(f.name(), JSON.writeValueAsString(texts));
        if (f.expect() == null) {
            return;
        }
        if (f.expect().isArray()) {
            List<String> expected = expectedTexts(f.expect());
            List<String> missing = expected.stream().filter(e -> !texts.contains(e)).toList();
            if (!missing.isEmpty()) {
                r.findings.add(Finding.error("docs-fact-missing", pointer(f), "all of " + expected, "missing " + missing + "; found " + texts));
            }
        } else {
            String expected = scalarText(f.expect());
            if (!texts.contains(expected)) {
                r.findings.add(Finding.error("docs-fact-missing", pointer(f), quote(expected), "found " + texts));
            }
        }
    }

    private void models(DocsFact f, Reading r) {
        String text = r.scopeText(f);
        if (text == null) {
            return;
        }
        Pattern pattern = f.models().isBlank() ? modelFamily : UserRegex.compile(f.models());
        if (text.isBlank()) {
            // The region is there but holds no text (rendered by script, or emptied): our reading
            // broke, not the provider's list. A region with text but none of the IDs is a real answer.
            r.extractorEmpty(f, "model IDs matching /" + pattern.pattern() + "/ in " + where(f), "no text there");
            return;
        }
        TreeSet<String> found = modelIds(text, pattern);
        r.values.put(f.name(), String.join(",", found));
        r.models.addAll(found);
        // Only a pattern that covers the contract's model can be asked to list it. Which IDs are new or gone is
        // judged against what the check knows (DocsCheck), not here.
        if (pattern.matcher(contractModel).matches() && !found.contains(contractModel)) {
            r.findings.add(Finding.error("docs-fact-missing", pointer(f), "the contract's model " + contractModel + " listed",
                    found.isEmpty() ? "no model matching /" + pattern.pattern() + "/ listed" : "listed: " + String.join(", ", found)));
        }
    }

    /** Distinct whole tokens of {@code text} that match {@code pattern} entirely, sorted. */
    static TreeSet<String> modelIds(String text, Pattern pattern) {
        TreeSet<String> ids = new TreeSet<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            String token = TOKEN_TAIL.matcher(m.group()).replaceFirst("");
            if (pattern.matcher(token).matches()) {
                ids.add(token);
            } else if (token.indexOf('/') >= 0) {
                // "gpt-image-2/gpt-image-1" or a URL path: try each part on its own.
                for (String part : token.split("/")) {
                    String p = TOKEN_TAIL.matcher(part).replaceFirst("");
                    if (!p.isEmpty() && pattern.matcher(p).matches()) {
                        ids.add(p);
                    }
                }
            }
        }
        return ids;
    }

    private static void json(DocsFact f, Reading r) {
        String css = f.json().script();
        // Read from the page as served: noise removal drops every <script>.
        Element script = r.page.original().selectFirst(css);
        if (script == null) {
            r.extractorEmpty(f, "a <script> matching " + css, "none");
            return;
        }
        if (script.data().isBlank()) {
            r.extractorEmpty(f, "JSON in " + css, "an empty <script>");
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(script.data());
        } catch (JacksonException e) {
            r.extractorEmpty(f, "JSON in " + css, "not JSON: " + firstLine(e.getOriginalMessage()));
            return;
        }
        JsonNode node;
        try {
            node = root == null ? null : root.at(f.json().pointer());
        } catch (IllegalArgumentException e) {
            node = null;
        }
        if (node == null || node.isMissingNode()) {
            r.extractorEmpty(f, "a value at " + f.json().pointer() + " in " + css, "no such pointer");
            return;
        }
        String compact = JSON.writeValueAsString(node);
        r.values.put(f.name(), compact);
        if (f.expect() == null) {
            return;
        }
        if (!f.expect().isArray() && !f.expect().isObject() && node.isValueNode()) {
            String expected = scalarText(f.expect());
            if (!expected.equals(scalarText(node))) {
                r.findings.add(Finding.error("docs-fact-missing", pointer(f), quote(expected), "found " + abbreviate(compact) + " at " + f.json().pointer()));
            }
            return;
        }
        List<String> expected = expectedTexts(f.expect());
        List<JsonNode> elements = node.isArray() ? new ArrayList<>(node.values()) : List.of(node);
        List<String> missing = new ArrayList<>();
        for (String e : expected) {
            if (elements.stream().noneMatch(element -> leafTexts(element).contains(e))) {
                missing.add(e);
            }
        }
        if (!missing.isEmpty()) {
            r.findings.add(Finding.error("docs-fact-missing", pointer(f), "all of " + expected,
                    "missing " + missing + " at " + f.json().pointer() + "; found " + abbreviate(compact)));
        }
    }

    private static void number(DocsFact f, Reading r) {
        String source;
        String from;
        if (f.number().selector() != null) {
            List<String> texts = texts(r.page.select(f.in(), f.number().selector()));
            from = f.number().selector() + (f.in() == null ? "" : " in " + f.in());
            if (texts.isEmpty()) {
                r.extractorEmpty(f, "elements matching " + from, "none");
                return;
            }
            source = String.join("\n", texts);
        } else {
            source = r.scopeText(f);
            from = where(f);
            if (source == null) {
                return;
            }
        }
        BigDecimal found = null;
        if (f.number().regex() != null) {
            Matcher m = UserRegex.multiline(f.number().regex()).matcher(source);
            if (m.find()) {
                found = parseNumber(m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group());
            }
        } else {
            Matcher m = FIRST_NUMBER.matcher(source);
            if (m.find()) {
                found = parseNumber(m.group());
            }
        }
        if (found == null) {
            r.extractorEmpty(f, f.number().regex() != null ? "a number matching /" + f.number().regex() + "/ in " + from : "a number in " + from, "none");
            return;
        }
        r.values.put(f.name(), plain(found));
        if (f.expect() == null || !(f.expect().isNumber() || f.expect().isString())) {
            return;
        }
        BigDecimal expected = parseNumber(scalarText(f.expect()));
        if (expected == null) {
            return;
        }
        // Decimal arithmetic: with doubles 0.05 - 0.04 exceeds a tolerance of 0.01.
        BigDecimal tolerance = f.tolerance() == null ? BigDecimal.ZERO : BigDecimal.valueOf(f.tolerance());
        if (found.subtract(expected).abs().compareTo(tolerance) > 0) {
            r.findings.add(Finding.warning("price-changed", pointer(f), plain(expected) + " ± " + plain(tolerance), plain(found)));
        }
    }

    private static BigDecimal parseNumber(String text) {
        String digits = text.replaceAll("[,\\s\\p{Z}$€£]", "");
        try {
            return digits.isEmpty() ? null : new BigDecimal(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String plain(BigDecimal n) {
        return n.signum() == 0 ? "0" : n.stripTrailingZeros().toPlainString();
    }

    private static List<String> texts(Elements elements) {
        List<String> texts = new ArrayList<>();
        for (Element e : elements) {
            String t = collapse(e.text());
            if (!t.isEmpty()) {
                texts.add(t);
            }
        }
        return texts;
    }

    /** The expected value(s) as text: a scalar is one value, a list its values. */
    private static List<String> expectedTexts(JsonNode expect) {
        if (expect.isArray()) {
            return expect.values().stream().map(FactEvaluator::scalarText).toList();
        }
        return List.of(scalarText(expect));
    }

    private static String describe(JsonNode expect) {
        return expect.isArray() ? "one of " + expectedTexts(expect) : quote(scalarText(expect));
    }

    /** A scalar as text, numbers without trailing zeros so 1024 and 1024.0 compare equal. */
    private static String scalarText(JsonNode node) {
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isNumber()) {
            return plain(node.decimalValue());
        }
        if (node.isValueNode()) {
            return node.asString();
        }
        return JSON.writeValueAsString(node);
    }

    /** The text of every scalar inside {@code node}, walked without recursion. */
    private static List<String> leafTexts(JsonNode node) {
        List<String> leaves = new ArrayList<>();
        Deque<JsonNode> todo = new ArrayDeque<>();
        todo.push(node);
        while (!todo.isEmpty()) {
            JsonNode n = todo.pop();
            if (n.isContainer()) {
                n.values().forEach(todo::push);
            } else if (!n.isMissingNode()) {
                leaves.add(scalarText(n));
            }
        }
        return leaves;
    }

    private static String collapse(String s) {
        return SPACES.matcher(s).replaceAll(" ").strip();
    }

    private static String pointer(DocsFact f) {
        return "fact:" + f.name();
    }

    private static String where(DocsFact f) {
        return f.in() == null ? "the page" : f.in();
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The state of one evaluation: what was found so far and what to store. */
    private static final class Reading {
        final NormalizedPage page;
        final Map<String, String> previous;
        final List<Finding> findings = new ArrayList<>();
        final Map<String, String> values = new LinkedHashMap<>();
        final TreeSet<String> models = new TreeSet<>();
        boolean fault;

        Reading(NormalizedPage page, Map<String, String> previous) {
            this.page = page;
            this.previous = previous;
        }

        /** The text a fact reads: its {@code in} region, or the whole page; null (and reported) when the region is gone. */
        String scopeText(DocsFact f) {
            String text = page.textIn(f.in());
            if (text == null) {
                extractorEmpty(f, "elements matching " + f.in(), "none");
            }
            return text;
        }

        void extractorEmpty(DocsFact f, String expected, String actual) {
            findings.add(Finding.warning("extractor-empty", pointer(f), expected, actual));
            fault = true;
            String kept = previous.get(f.name());
            if (kept != null) {
                values.put(f.name(), kept);
            }
        }
    }
}
