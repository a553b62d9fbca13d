package dev.driftwatch.audit;

import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The lines of an export ({@code driftwatch audit export}), written and read: JSON Lines, one line per journal record
 * in sequence order, then the head line {@code {"head":{"seq":…,"hash":…}}}. A record line holds everything its hash
 * is computed over, as the journal holds it: {@code v} (the version of its canonical form, {@link CanonicalRecord}),
 * {@code seq}, {@code kind}, {@code ref}, {@code at}, {@code keyed}, {@code prev} (the previous record's hash),
 * {@code hash}, {@code digest} (kept for a record whose row was compacted away, else null), {@code row} (the canonical
 * text of the row it chained, else null) and {@code body}; then {@code content}, the same content as JSON for people
 * and jq (the row, with a verdict's findings and evidence as JSON, or else the body), which a verifier recomputes and
 * compares too, so a query never reads what the hashes do not vouch for. Members may be added later, never renamed.
 */
final class ExportFormat {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The members of a verdict row that hold JSON text as it was stored: given as JSON in {@code content}. */
    private static final List<String> VERDICT_JSON_TEXT = List.of("findings", "evidence");

    private ExportFormat() {
    }

    /** One line read: a record, or the head. */
    sealed interface Line permits RecordLine, HeadLine {
    }

    /** A record line: the record as the journal holds it, its row's canonical text, the previous hash it names, and its content. */
    record RecordLine(JournalRecord record, String row, String prev, JsonNode content) implements Line {
    }

    /** The head line: the newest record when the export was written. */
    record HeadLine(ChainHead head) implements Line {
    }

    static String recordLine(JournalRecord r, String row, String prev) {
        ObjectNode line = NODES.objectNode();
        line.put("v", CanonicalRecord.VERSION);
        line.put("seq", r.seq());
        line.put("kind", r.kindName());
        if (r.ref() == null) {
            line.putNull("ref");
        } else {
            line.put("ref", r.ref().longValue());
        }
        line.put("at", r.at());
        line.put("keyed", r.keyed());
        line.put("prev", prev);
        line.put("hash", r.hash());
        line.put("digest", r.digest());
        line.put("row", row);
        line.put("body", r.body());
        line.set("content", contentOf(r.kindName(), row, r.body()));
        return JSON.writeValueAsString(line);
    }

    static String headLine(ChainHead head) {
        ObjectNode line = NODES.objectNode();
        line.putObject("head").put("seq", head.seq()).put("hash", head.hash());
        return JSON.writeValueAsString(line);
    }

    /**
     * What {@code content} holds for a record: its row as JSON (a verdict's findings and evidence, stored as JSON
     * text, as JSON too), else its body as JSON, else null. Text that is not JSON (an edited row) is given as a string.
     */
    static JsonNode contentOf(String kind, String row, String body) {
        if (row != null) {
            JsonNode content = parse(row);
            if (content instanceof ObjectNode object && RecordKind.VERDICT.wire().equals(kind)) {
                for (String member : VERDICT_JSON_TEXT) {
                    JsonNode text = object.get(member);
                    JsonNode json = text != null && text.isString() ? parse(text.stringValue()) : null;
                    if (json != null) {
                        object.set(member, json);
                    }
                }
            }
            return content != null ? content : NODES.stringNode(row);
        }
        if (body != null) {
            JsonNode content = parse(body);
            return content != null ? content : NODES.stringNode(body);
        }
        return NODES.nullNode();
    }

    /** The line as JSON; null when it is not JSON (a line cut short, or not an export). */
    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** Reads a line already parsed as JSON; {@code number} counts lines from 1, for messages. */
    static Line read(JsonNode node, long number) {
        if (!node.isObject()) {
            throw notAnExport(number, "it is not a JSON object");
        }
        if (node.has("head")) {
            JsonNode head = node.get("head");
            if (!head.isObject()) {
                throw notAnExport(number, "'head' is not an object {\"seq\":…,\"hash\":…}");
            }
            return new HeadLine(new ChainHead(integer(head, "seq", number), string(head, "hash", number, false)));
        }
        long version = integer(node, "v", number);
        if (version != CanonicalRecord.VERSION) {
            throw new ExportFormatException(number, "its record is in canonical form version " + version + ", which this driftwatch does not know"
                    + " (it knows " + CanonicalRecord.VERSION + ") — check the file with the driftwatch that wrote it, or a newer one");
        }
        if (!node.has("content")) {
            throw missing(number, "content");
        }
        JournalRecord r = new JournalRecord(integer(node, "seq", number), string(node, "kind", number, false), nullableInteger(node, "ref", number),
                string(node, "at", number, false), string(node, "body", number, true), string(node, "digest", number, true),
                bool(node, "keyed", number), string(node, "hash", number, false));
        return new RecordLine(r, string(node, "row", number, true), string(node, "prev", number, false), node.get("content"));
    }

    private static long integer(JsonNode node, String name, long number) {
        JsonNode v = member(node, name, number);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw notAnExport(number, "'" + name + "' is not a whole number");
        }
        return v.longValue();
    }

    private static Long nullableInteger(JsonNode node, String name, long number) {
        return member(node, name, number).isNull() ? null : integer(node, name, number);
    }

    private static String string(JsonNode node, String name, long number, boolean nullable) {
        JsonNode v = member(node, name, number);
        if (nullable && v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw notAnExport(number, "'" + name + "' is not a string" + (nullable ? " or null" : ""));
        }
        return v.stringValue();
    }

    private static boolean bool(JsonNode node, String name, long number) {
        JsonNode v = member(node, name, number);
        if (!v.isBoolean()) {
            throw notAnExport(number, "'" + name + "' is not true or false");
        }
        return v.booleanValue();
    }

    private static JsonNode member(JsonNode node, String name, long number) {
        JsonNode v = node.get(name);
        if (v == null) {
            throw missing(number, name);
        }
        return v;
    }

    private static ExportFormatException missing(long number, String name) {
        return notAnExport(number, "no '" + name + "'");
    }

    private static ExportFormatException notAnExport(long number, String what) {
        return new ExportFormatException(number, what + " — not a line of 'driftwatch audit export'");
    }
}
