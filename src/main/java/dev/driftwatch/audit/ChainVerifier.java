package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Walks the journal in order beside every chained table and reports what no longer matches: a record whose hash
 * does not follow (altered), a gap in the sequence (removed), a row no record chained (inserted), a chained row that
 * is gone (removed) unless a compaction record folded it, a daily row of folded verdicts other than those the
 * compaction records wrote, a table updated in place that differs from the replay of its events, a check's state that
 * differs from its newest seal, and a journal that ends before, or differs at, a head published earlier. Streams:
 * memory grows with the alerting tables and the number of checks, not with the number of verdicts (but for one bit
 * per journal record: which ones compaction folded).
 */
final class ChainVerifier {
    /** Problems kept in full; more are counted. A trail this broken needs its backup, not a longer list. */
    static final int MAX_PROBLEMS = 10_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ChainKey key;
    private final CheckSeal seal;
    private final List<ChainedRows> rowStores;
    private final List<ReplayedTable> replayedTables;
    private final CompactionCheck.Source compactions;

    ChainVerifier(ChainKey key, CheckSeal seal, List<ChainedRows> rowStores, List<ReplayedTable> replayedTables,
                  CompactionCheck.Source compactions) {
        this.key = key;
        this.seal = seal;
        this.rowStores = List.copyOf(rowStores);
        this.replayedTables = List.copyOf(replayedTables);
        this.compactions = compactions;
    }

    /** The journal's records in sequence order; null after the last. */
    @FunctionalInterface
    interface Records {
        JournalRecord next() throws SQLException;
    }

    ChainReport verify(Connection c, Records records, ChainHead published) throws SQLException {
        List<ChainProblem> problems = new ArrayList<>();
        Map<RecordKind, Cursor> cursors = new HashMap<>();
        CompactionCheck folds = CompactionCheck.start(c, compactions);
        try {
            for (ChainedRows store : rowStores) {
                cursors.put(store.kind(), new Cursor(store.kind(), store.rows(c)));
            }
            Map<ReplayedTable, Replay> replays = new LinkedHashMap<>();
            replayedTables.forEach(t -> replays.put(t, new Replay()));
            Map<CheckKey, Seal> seals = new HashMap<>();
            Map<RecordKind, Long> lastRef = new HashMap<>();

            long expectedSeq = 1;
            long count = 0;
            long keyedCount = 0;
            long unverified = 0;
            boolean keyedSeen = false;
            String prev = ChainKey.GENESIS;
            ChainHead last = ChainHead.EMPTY;
            String hashAtPublished = null;
            JournalRecord r;
            while ((r = records.next()) != null) {
                count++;
                if (r.seq() != expectedSeq) {
                    add(problems, new ChainProblem(r.seq(), ChainProblem.Type.REMOVED, r.seq() - expectedSeq == 1
                            ? "record " + expectedSeq + " is missing" : "records " + expectedSeq + " to " + (r.seq() - 1) + " are missing"));
                }
                expectedSeq = r.seq() + 1;
                RecordKind kind = r.kind();
                String row = null;
                boolean rowGone = false;
                if (kind == null) {
                    add(problems, new ChainProblem(r.seq(), ChainProblem.Type.ALTERED, "its kind '" + r.kindName() + "' is not one driftwatch writes"));
                } else if (cursors.containsKey(kind)) {
                    Cursor cursor = cursors.get(kind);
                    Long ref = r.ref();
                    Long before = lastRef.put(kind, ref);
                    if (ref == null || (before != null && ref <= before)) {
                        add(problems, new ChainProblem(r.seq(), ChainProblem.Type.ALTERED, "its " + kind + " row reference " + ref
                                + " is missing or out of order"));
                    } else {
                        while (cursor.has && cursor.id < ref) {
                            add(problems, cursor.inserted(r.seq()));
                            cursor.advance();
                        }
                        if (cursor.has && cursor.id == ref) {
                            row = cursor.rows.canonical();
                            cursor.advance();
                        } else {
                            rowGone = true;
                        }
                    }
                }
                String digest;
                if (rowGone && r.digest() != null && folds.folded(r.seq())) {
                    digest = r.digest(); // compacted: the row is folded into a daily summary, its digest kept
                } else if (rowGone && r.digest() != null) {
                    add(problems, new ChainProblem(r.seq(), ChainProblem.Type.REMOVED, kind + " row " + r.ref()
                            + " is gone and no compaction record folded it: its digest was filled in by hand"));
                    digest = null;
                } else if (rowGone) {
                    add(problems, new ChainProblem(r.seq(), ChainProblem.Type.REMOVED, kind + " row " + r.ref() + " is gone"));
                    digest = null;
                } else {
                    digest = ChainKey.sha256(CanonicalRecord.text(r.seq(), r.kindName(), r.ref(), r.at(), row, r.body()));
                }
                if (r.keyed()) {
                    keyedCount++;
                    keyedSeen = true;
                } else if (keyedSeen) {
                    add(problems, new ChainProblem(r.seq(), ChainProblem.Type.ALTERED,
                            "it is not keyed though records before it are: written or rewritten without " + ChainKey.VARIABLE));
                }
                if (digest != null) {
                    if (r.keyed() && !key.present()) {
                        unverified++;
                    } else if (!key.link(prev, digest, r.keyed()).equals(r.hash())) {
                        add(problems, new ChainProblem(r.seq(), ChainProblem.Type.ALTERED, describe(r) + " does not match its hash"));
                    }
                }
                prev = r.hash();
                last = new ChainHead(r.seq(), r.hash());
                if (published != null && r.seq() == published.seq()) {
                    hashAtPublished = r.hash();
                }
                if (kind != null && r.body() != null) {
                    JsonNode body = parse(r.body());
                    if (body == null) {
                        add(problems, new ChainProblem(r.seq(), ChainProblem.Type.ALTERED, "its body is not JSON"));
                        continue;
                    }
                    for (Map.Entry<ReplayedTable, Replay> e : replays.entrySet()) {
                        if (e.getKey().kinds().contains(kind) && r.ref() != null) {
                            e.getKey().apply(e.getValue().expected, r.ref(), body);
                            e.getValue().firstSeq.putIfAbsent(r.ref(), r.seq());
                            e.getValue().lastSeq.put(r.ref(), r.seq());
                        }
                    }
                    if (kind == RecordKind.COMPACTION) {
                        folds.compare(r.seq(), body, p -> add(problems, p));
                    }
                    JsonNode legacy = body.get("legacyVerdictChain");
                    if (kind == RecordKind.ADOPTION && legacy != null && !legacy.path("intact").asBoolean(true)) {
                        add(problems, new ChainProblem(r.seq(), ChainProblem.Type.ALTERED, "the verdict chain kept before the journal was"
                                + " already broken at verdict row " + legacy.path("firstBrokenRow").asString() + " when the journal took it over"));
                    }
                    JsonNode state = body.get("state");
                    if (state != null && body.hasNonNull("contract") && body.hasNonNull("environment") && body.hasNonNull("check")) {
                        seals.put(new CheckKey(body.get("contract").asString(), body.get("environment").asString(), body.get("check").asString()),
                                new Seal(r.seq(), state.asString()));
                    }
                }
            }
            if (key.present() && count > 0 && keyedCount == 0) {
                // A trail rewritten without the key (every record downgraded to plain SHA-256) looks like one never keyed.
                add(problems, new ChainProblem(1, ChainProblem.Type.ALTERED, "no record is keyed though " + ChainKey.VARIABLE
                        + " is set: the trail was written or rewritten without the key (a key just set is used from the next record on)"));
            }
            long after = last.seq() + 1;
            for (Cursor cursor : cursors.values()) {
                while (cursor.has) {
                    add(problems, cursor.inserted(after));
                    cursor.advance();
                }
            }
            folds.finish(after, p -> add(problems, p));
            for (Map.Entry<ReplayedTable, Replay> e : replays.entrySet()) {
                compare(c, e.getKey(), e.getValue(), after, problems);
            }
            compareSeals(c, seals, after, problems);
            if (published != null) {
                if (published.seq() > last.seq()) {
                    add(problems, new ChainProblem(after, ChainProblem.Type.TRUNCATED, "the journal ends at record " + last.seq()
                            + " but head " + published + " was published: the records after it are gone"));
                } else if (hashAtPublished == null || !published.matches(published.seq(), hashAtPublished)) {
                    add(problems, new ChainProblem(published.seq(), ChainProblem.Type.TRUNCATED, "record " + published.seq()
                            + (hashAtPublished == null ? " is gone" : " hashes to " + hashAtPublished) + ", not the published " + published.hash()
                            + ": the history up to it was rewritten"));
                }
            }
            return new ChainReport(count, keyedCount, unverified, last, problems);
        } finally {
            for (Cursor cursor : cursors.values()) {
                cursor.rows.close();
            }
            folds.close();
        }
    }

    private static void compare(Connection c, ReplayedTable table, Replay replay, long after, List<ChainProblem> problems) throws SQLException {
        Map<Long, Map<String, Object>> current = table.current(c);
        Set<Long> ids = new java.util.TreeSet<>(current.keySet());
        ids.addAll(replay.expected.keySet());
        for (long id : ids) {
            Map<String, Object> expected = replay.expected.get(id);
            Map<String, Object> actual = current.get(id);
            if (expected == null) {
                Long next = replay.firstSeq.ceilingKey(id);
                add(problems, new ChainProblem(next == null ? after : replay.firstSeq.get(next), ChainProblem.Type.INSERTED,
                        table.table() + " row " + id + " was chained by no record"));
            } else if (actual == null) {
                add(problems, new ChainProblem(replay.lastSeq.get(id), ChainProblem.Type.REMOVED, table.table() + " row " + id + " is gone"));
            } else if (!CanonicalJson.of(expected).equals(CanonicalJson.of(actual))) {
                List<String> differ = expected.keySet().stream()
                        .filter(f -> !CanonicalJson.of(java.util.Collections.singletonList(expected.get(f)))
                                .equals(CanonicalJson.of(java.util.Collections.singletonList(actual.get(f)))))
                        .toList();
                add(problems, new ChainProblem(replay.lastSeq.get(id), ChainProblem.Type.ALTERED, table.table() + " row " + id
                        + " differs from its records in " + String.join(", ", differ)));
            }
        }
    }

    private void compareSeals(Connection c, Map<CheckKey, Seal> seals, long after, List<ChainProblem> problems) throws SQLException {
        Set<CheckKey> keys = new LinkedHashSet<>(seals.keySet());
        for (SealedState part : seal.parts()) {
            keys.addAll(part.keysWithState(c));
        }
        for (CheckKey k : keys) {
            Seal sealed = seals.get(k);
            if (sealed == null) {
                add(problems, new ChainProblem(after, ChainProblem.Type.INSERTED, "the known or alerting state of " + k + " was sealed by no record"));
            } else if (!sealed.state.equals(seal.of(c, k))) {
                add(problems, new ChainProblem(sealed.seq, ChainProblem.Type.ALTERED, "the known or alerting state of " + k
                        + " changed after record " + sealed.seq + " sealed it"));
            }
        }
    }

    private static String describe(JournalRecord r) {
        return "the " + r.kindName() + (r.ref() == null ? "" : " #" + r.ref()) + " of record " + r.seq();
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static void add(List<ChainProblem> problems, ChainProblem p) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(p);
        }
    }

    private record Seal(long seq, String state) {
    }

    /** A replayed table's expected rows, and the first and last record that set each. */
    private static final class Replay {
        final Map<Long, Map<String, Object>> expected = new TreeMap<>();
        final TreeMap<Long, Long> firstSeq = new TreeMap<>();
        final Map<Long, Long> lastSeq = new HashMap<>();
    }

    /** A chained table's cursor with its current row read ahead. */
    private static final class Cursor {
        final RecordKind kind;
        final RowCursor rows;
        boolean has;
        long id;

        Cursor(RecordKind kind, RowCursor rows) throws SQLException {
            this.kind = kind;
            this.rows = rows;
            advance();
        }

        void advance() throws SQLException {
            has = rows.next();
            id = has ? rows.id() : Long.MAX_VALUE;
        }

        ChainProblem inserted(long at) throws SQLException {
            return new ChainProblem(at, ChainProblem.Type.INSERTED, kind + " row " + id + " of " + rows.key() + " was chained by no record");
        }
    }
}
