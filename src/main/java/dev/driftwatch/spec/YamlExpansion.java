package dev.driftwatch.spec;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Refuses a YAML alias bomb before anything expands it: a dozen lines whose anchors and aliases unfold into billions of
 * nodes. swagger-parser would count them one by one up to its ten-million-reference limit (half a minute of CPU) and
 * then read the document again another way; here the size each anchor stands for is added up from the parser's events,
 * in one streaming pass and constant memory per anchor. Generated specs (OpenAI's) use no anchors and skip the pass.
 */
final class YamlExpansion {
    /** Far above any real spec (OpenAI's 3 MB of YAML is a few hundred thousand nodes). */
    static final long MAX_NODES = 5_000_000L;

    private YamlExpansion() {
    }

    /** Refuses a bomb; answers whether the document uses aliases at all (then only the reference reader resolves them). */
    static boolean refuseBombs(String text) throws SpecProblem {
        if (text.indexOf('&') < 0 || text.indexOf('*') < 0) {
            return false; // no anchor or no alias: nothing can expand
        }
        boolean aliases = false;
        LoadSettings settings = LoadSettings.builder().setCodePointLimit(SpecReader.MAX_CHARS + 1).build();
        Map<String, Long> sizes = new HashMap<>();
        Deque<long[]> open = new ArrayDeque<>();
        Deque<String> anchors = new ArrayDeque<>();
        open.push(new long[1]);
        try {
            for (Event e : new Parse(settings).parseString(text)) {
                switch (e.getEventId()) {
                    case MappingStart, SequenceStart -> {
                        open.push(new long[] {1});
                        anchors.push(((NodeEvent) e).getAnchor().map(a -> a.getValue()).orElse(""));
                    }
                    case MappingEnd, SequenceEnd -> {
                        long size = open.pop()[0];
                        String anchor = anchors.pop();
                        if (!anchor.isEmpty()) {
                            sizes.put(anchor, size);
                        }
                        add(open.peek(), size);
                    }
                    case Scalar -> {
                        ((NodeEvent) e).getAnchor().ifPresent(a -> sizes.put(a.getValue(), 1L));
                        add(open.peek(), 1);
                    }
                    case Alias -> {
                        aliases = true;
                        add(open.peek(), sizes.getOrDefault(((AliasEvent) e).getAlias().getValue(), 1L));
                    }
                    default -> {
                    }
                }
            }
        } catch (YamlEngineException e) {
            return true; // not YAML this parser reads (JSON with tabs, say): the reference reader says what is wrong with it
        } catch (Expanded e) {
            throw new SpecProblem("spec-unreadable", "its YAML aliases expand to more than " + MAX_NODES + " nodes (an alias bomb): refused unread");
        }
        return aliases;
    }

    private static void add(long[] counter, long nodes) throws Expanded {
        counter[0] = Math.min(counter[0] + nodes, MAX_NODES + 1);
        if (counter[0] > MAX_NODES) {
            throw new Expanded();
        }
    }

    /** Thrown out of the event loop once the expansion passes the limit. */
    private static final class Expanded extends Exception {
        Expanded() {
            super(null, null, false, false);
        }
    }
}
