package dev.driftwatch.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads YAML into a JSON tree while remembering where every key and value stood. Anchors ({@code &name}),
 * aliases ({@code *name}) and YAML 1.1 merge keys ({@code <<: *name}, {@code <<: [*a, *b]}) are expanded,
 * within bounds so that a small file cannot grow without end ("billion laughs"); what came from an anchor
 * keeps the positions of its definition. One document per file. Values are typed as Jackson's YAML reader
 * types them (the YAML 1.2 JSON schema: {@code off}, {@code yes} and {@code ~} stay text).
 */
final class LocatedYamlReader {
    /** More aliases than a hand-written checks.yaml needs. */
    static final int MAX_ALIASES = 1_000;
    /** Keys' values, list items and mappings after expansion: a hundred contracts fit many times over. */
    static final int MAX_VALUES = 100_000;
    /** Far deeper than checks.yaml goes, and shallow enough for the reader's recursion. */
    static final int MAX_DEPTH = 100;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String YAML_TAG = "tag:yaml.org,2002:";
    private final LoadSettings settings = LoadSettings.builder().build();

    /** The parsed tree and its source map; an empty document gives an empty object. */
    record Located(JsonNode tree, SourceMap sourceMap) {}

    Located read(String text) throws YamlRefused {
        SourceMap map = new SourceMap();
        try {
            Parser events = new ParserImpl(settings, new StreamReader(settings, text));
            events.next(); // stream start
            if (events.checkEvent(Event.ID.StreamEnd)) {
                return new Located(NODES.objectNode(), map);
            }
            events.next(); // document start
            Parsed root = new Reading(events, settings.getSchema().getScalarResolver()).value(0);
            events.next(); // document end
            if (events.checkEvent(Event.ID.DocumentStart)) {
                throw new YamlRefused(position(events.peekEvent().getStartMark()), "a second YAML document", "keep one document per file");
            }
            return new Located(new Expansion(map).emit(root, ""), map);
        } catch (MarkedYamlEngineException e) {
            throw syntaxError(e.getProblemMark(), e.getProblem() + (e.getContext() == null ? "" : " (" + e.getContext() + ")"));
        } catch (YamlEngineException e) {
            throw syntaxError(Optional.empty(), e.getMessage());
        }
    }

    private static YamlRefused syntaxError(Optional<Mark> mark, String message) {
        return new YamlRefused(position(mark), "YAML syntax error: " + firstLine(message),
                "fix the YAML at that spot (indent with spaces, quote values that contain ': ' or start with *, & or !)");
    }

    /** A YAML value as written, before expansion: an alias shares the node of its anchor, so reading stays linear. */
    private sealed interface Parsed permits Scalar, Mapping, Sequence, Alias {
        Position at();
    }

    private record Scalar(JsonNode value, Position at) implements Parsed {}

    private record Mapping(Position at, List<Entry> entries) implements Parsed {}

    private record Entry(String key, Position keyAt, Parsed value) {}

    private record Sequence(Position at, List<Parsed> items) implements Parsed {}

    private record Alias(Position at, Parsed target) implements Parsed {}

    /** One pass over the parser's events, collecting anchors as their values complete. */
    private static final class Reading {
        private final Parser events;
        private final ScalarResolver resolver;
        private final Map<String, Parsed> anchors = new HashMap<>();
        private int aliases;

        Reading(Parser events, ScalarResolver resolver) {
            this.events = events;
            this.resolver = resolver;
        }

        Parsed value(int depth) throws YamlRefused {
            Event event = events.next();
            Position at = position(event.getStartMark());
            if (event instanceof AliasEvent alias) {
                return alias(alias.getAlias().getValue(), at);
            }
            if (depth > MAX_DEPTH) {
                throw new YamlRefused(at, "values nested more than " + MAX_DEPTH + " levels deep", "flatten the file as in the shipped checks.yaml");
            }
            Parsed node = switch (event.getEventId()) {
                case MappingStart -> mapping(at, depth);
                case SequenceStart -> sequence(at, depth);
                default -> new Scalar(scalar((ScalarEvent) event, resolver), at);
            };
            Optional<String> anchor = ((NodeEvent) event).getAnchor().map(a -> a.getValue());
            anchor.ifPresent(name -> anchors.put(name, node));
            return node;
        }

        private Parsed alias(String name, Position at) throws YamlRefused {
            if (++aliases > MAX_ALIASES) {
                throw new YamlRefused(at, "more than " + MAX_ALIASES + " aliases",
                        "repeat less with *name; the limit keeps a small file from expanding without end");
            }
            Parsed target = anchors.get(name);
            if (target == null) {
                throw new YamlRefused(at, "alias *" + name + " names no anchor defined above it",
                        "define it first with &" + name + " on the value to repeat, e.g. 'defaults: &" + name + "'");
            }
            return new Alias(at, target);
        }

        /** The mapping's own keys, and those of its merge keys' mappings in document order where it has none of its own. */
        private Parsed mapping(Position at, int depth) throws YamlRefused {
            record Candidate(Entry entry, boolean own) {}
            List<Candidate> candidates = new ArrayList<>();
            Set<String> own = new HashSet<>();
            while (!events.checkEvent(Event.ID.MappingEnd)) {
                Event key = events.next();
                Position keyAt = position(key.getStartMark());
                if (!(key instanceof ScalarEvent scalarKey)) {
                    throw new YamlRefused(keyAt, "a key must be plain text", "write 'name: value'; lists, mappings and aliases cannot be keys");
                }
                String name = scalarKey.getValue();
                Parsed value = value(depth + 1);
                if (name.equals("<<") && scalarKey.isPlain()) {
                    for (Mapping merged : mergeSources(value)) {
                        merged.entries().forEach(e -> candidates.add(new Candidate(e, false)));
                    }
                    continue;
                }
                if (!own.add(name)) {
                    throw new YamlRefused(keyAt, "YAML syntax error: duplicate key '" + name + "'", "keep one '" + name + "' in this mapping");
                }
                candidates.add(new Candidate(new Entry(name, keyAt, value), true));
            }
            events.next();
            // YAML 1.1 merge: the mapping's own keys win; among merged mappings the first that has a key wins.
            Set<String> taken = new HashSet<>(own);
            List<Entry> entries = new ArrayList<>();
            for (Candidate c : candidates) {
                if (c.own() || taken.add(c.entry().key())) {
                    entries.add(c.entry());
                }
            }
            return new Mapping(at, entries);
        }

        private static List<Mapping> mergeSources(Parsed value) throws YamlRefused {
            List<Mapping> sources = new ArrayList<>();
            Parsed v = resolved(value);
            if (v instanceof Mapping m) {
                sources.add(m);
            } else if (v instanceof Sequence s) {
                for (Parsed item : s.items()) {
                    if (!(resolved(item) instanceof Mapping m)) {
                        throw notMergeable(item.at());
                    }
                    sources.add(m);
                }
            } else {
                throw notMergeable(value.at());
            }
            return sources;
        }

        private static Parsed resolved(Parsed node) {
            return node instanceof Alias a ? a.target() : node;
        }

        private static YamlRefused notMergeable(Position at) {
            return new YamlRefused(at, "the merge key '<<' takes a mapping or a list of mappings",
                    "write e.g. '<<: *defaults' or '<<: [*defaults, *strict]'");
        }

        private Parsed sequence(Position at, int depth) throws YamlRefused {
            List<Parsed> items = new ArrayList<>();
            while (!events.checkEvent(Event.ID.SequenceEnd)) {
                items.add(value(depth + 1));
            }
            events.next();
            return new Sequence(at, items);
        }
    }

    /**
     * A scalar typed as Jackson's YAML parser types it, so values bind as they did when Jackson read the file:
     * plain {@code 12} a number, {@code true} a boolean, {@code null} or nothing null, anything quoted text;
     * {@code !!int}-style tags are honoured.
     */
    private static JsonNode scalar(ScalarEvent event, ScalarResolver resolver) {
        String value = event.getValue();
        Optional<String> tag = event.getTag().filter(t -> !t.equals("!"));
        String type;
        if (tag.isEmpty()) {
            Tag resolved = resolver.resolve(value, event.getImplicit().canOmitTagInPlainScalar());
            type = resolved.getValue().startsWith(YAML_TAG) ? resolved.getValue().substring(YAML_TAG.length()) : "str";
        } else {
            type = tag.get().startsWith(YAML_TAG) ? tag.get().substring(YAML_TAG.length()) : tag.get();
        }
        try {
            switch (type) {
                case "int":
                    return integral(new BigInteger(value.startsWith("+") ? value.substring(1) : value));
                case "float":
                    return NODES.numberNode(new BigDecimal(value));
                case "bool":
                    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                        return NODES.booleanNode(value.equalsIgnoreCase("true"));
                    }
                    break;
                case "null":
                    return NODES.nullNode();
                default:
                    break;
            }
        } catch (NumberFormatException e) {
            // .inf, .nan, or a tagged value that is no number: kept as text, and binding says what it should be
        }
        return NODES.stringNode(value);
    }

    private static JsonNode integral(BigInteger big) {
        if (big.bitLength() < 32) {
            return NODES.numberNode(big.intValue());
        }
        if (big.bitLength() < 64) {
            return NODES.numberNode(big.longValue());
        }
        return NODES.numberNode(big);
    }

    /** Builds the JSON tree, a fresh copy for each alias, counting values so that nesting aliases cannot explode. */
    private static final class Expansion {
        private final SourceMap map;
        private int values;
        private Position lastAlias = Position.UNKNOWN;

        Expansion(SourceMap map) {
            this.map = map;
        }

        JsonNode emit(Parsed node, String pointer) throws YamlRefused {
            if (node instanceof Alias alias) {
                lastAlias = alias.at();
                JsonNode expanded = emit(alias.target(), pointer);
                // The alias is where this value stands; what is inside it points at the anchor's definition.
                map.value(pointer, alias.at());
                return expanded;
            }
            if (++values > MAX_VALUES) {
                throw new YamlRefused(lastAlias, "the aliases expand to more than " + MAX_VALUES + " values",
                        "repeat less with *name, and do not nest aliases of aliases; the limit keeps a small file from expanding without end");
            }
            map.value(pointer, node.at());
            if (node instanceof Mapping m) {
                ObjectNode object = NODES.objectNode();
                for (Entry e : m.entries()) {
                    String child = SourceMap.child(pointer, e.key());
                    map.key(child, e.keyAt());
                    object.set(e.key(), emit(e.value(), child));
                }
                return object;
            }
            if (node instanceof Sequence s) {
                ArrayNode array = NODES.arrayNode();
                for (int i = 0; i < s.items().size(); i++) {
                    array.add(emit(s.items().get(i), pointer + "/" + i));
                }
                return array;
            }
            return ((Scalar) node).value();
        }
    }

    /** snakeyaml's marks count from 0. */
    private static Position position(Optional<Mark> mark) {
        return mark.map(m -> new Position(m.getLine() + 1, m.getColumn() + 1)).orElse(Position.UNKNOWN);
    }

    private static String firstLine(String message) {
        String m = Optional.ofNullable(message).orElse("unreadable YAML").strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** checks.yaml could not be read as YAML, or breaks a rule of its own (one document, bounded aliases). */
    static final class YamlRefused extends Exception {
        final ConfigError error;

        YamlRefused(Position position, String problem, String remedy) {
            super(problem);
            this.error = new ConfigError(position, problem, remedy);
        }
    }
}
