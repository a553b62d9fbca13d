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

    ChainReport verify(Connection c, JournalWalk.Records records, ChainHead published) throws SQLException {
        List<ChainProblem> problems = new ArrayList<>();
        ChainLinks links = new ChainLinks(key, published, 1, ChainKey.GENESIS, "the journal", p -> add(problems, p));
        try (CompactionCheck folds = CompactionCheck.start(c, compactions);
                JournalWalk walk = JournalWalk.open(c, records, rowStores, Map.of(), (seq, kind, id, k) -> add(problems,
                        new ChainProblem(seq, ChainProblem.Type.INSERTED, kind + " row " + id + " of " + k + " was chained by no record")))) {
            Map<ReplayedTable, Replay> replays = new LinkedHashMap<>();
            replayedTables.forEach(t -> replays.put(t, new Replay()));
            Map<CheckKey, Seal> seals = new HashMap<>();

            JournalWalk.Step step;
            while ((step = walk.next()) != null) {
                JournalRecord r = step.record();
                RecordKind kind = r.kind();
                if (step.state() == JournalWalk.RowState.UNKNOWN_KIND) {
                    add(problems, new ChainProblem(r.seq(), ChainProblem.Type.ALTERED, "its kind '" + r.kindName() + "' is not one driftwatch writes"));
                } else if (step.state() == JournalWalk.RowState.MISPLACED) {
                    add(problems, new ChainProblem(r.seq(), ChainProblem.Type.ALTERED, "its " + kind + " row reference " + r.ref()
                            + " is missing or out of order"));
                }
                String digest;
                boolean rowGone = step.state() == JournalWalk.RowState.GONE;
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
                    digest = ChainKey.sha256(CanonicalRecord.text(r.seq(), r.kindName(), r.ref(), r.at(), step.row(), r.body()));
                }
                links.next(r, digest);
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
            long after = links.head().seq() + 1;
            walk.finish(after);
            folds.finish(after, p -> add(problems, p));
            for (Map.Entry<ReplayedTable, Replay> e : replays.entrySet()) {
                compare(c, e.getKey(), e.getValue(), after, problems);
            }
            compareSeals(c, seals, after, problems);
            links.end();
            return new ChainReport(links.records(), links.keyedRecords(), links.unverifiedKeyed(), links.head(), problems);
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
}
