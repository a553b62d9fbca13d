package dev.driftwatch.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verification's side of compaction. A record whose row is gone may link with the digest kept in the journal only if
 * a compaction record names it as folded: otherwise someone deleted the row and filled in its digest. And the daily
 * rows must be exactly those the compaction records say they wrote: one edited, inserted or deleted shows. Reads
 * every compaction record first (they are few: one per compaction transaction) into one bit per journal record, then
 * walks the daily rows in id order beside the journal, as the rows of the other chained tables are walked.
 */
final class CompactionCheck implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final BitSet folded = new BitSet();
    private final Days days;
    private boolean has;
    private long id;

    private CompactionCheck(Days days) {
        this.days = days;
    }

    /** Where compaction wrote what it did: its records' bodies, and the daily rows. */
    interface Source {
        /** Every compaction record's sequence number and body as stored, in sequence order. */
        void eachCompaction(Connection c, Body each) throws SQLException;

        /** Every daily row in id order; closed by the caller. */
        Days days(Connection c) throws SQLException;
    }

    @FunctionalInterface
    interface Body {
        void accept(long seq, String body) throws SQLException;
    }

    /** The daily rows, one at a time. */
    interface Days extends AutoCloseable {
        boolean next() throws SQLException;

        long id() throws SQLException;

        /** The row's columns as a compaction record names them ({@link CompactionBody#row}). */
        Map<String, Object> columns() throws SQLException;

        @Override
        void close() throws SQLException;
    }

    static CompactionCheck start(Connection c, Source source) throws SQLException {
        CompactionCheck check = new CompactionCheck(source.days(c));
        try {
            source.eachCompaction(c, (seq, body) -> {
                JsonNode node = parse(body);
                if (node != null) {
                    for (CompactionBody.Entry e : CompactionBody.entries(node)) {
                        for (long folded : e.records()) {
                            if (folded > 0 && folded < Integer.MAX_VALUE) {
                                check.folded.set((int) folded);
                            }
                        }
                    }
                }
            });
            check.advance();
            return check;
        } catch (SQLException | RuntimeException e) {
            check.close();
            throw e;
        }
    }

    /** Whether a compaction record names record {@code seq} as one whose row it folded. */
    boolean folded(long seq) {
        return seq > 0 && seq < Integer.MAX_VALUE && folded.get((int) seq);
    }

    /** At compaction record {@code seq}: the daily rows it wrote must be there, as it wrote them, and no other before them. */
    void compare(long seq, JsonNode body, Consumer<ChainProblem> problems) throws SQLException {
        for (CompactionBody.Entry e : CompactionBody.entries(body)) {
            while (has && id < e.row()) {
                problems.accept(inserted(seq));
                advance();
            }
            if (has && id == e.row()) {
                Map<String, Object> actual = days.columns();
                List<String> differ = e.columns().keySet().stream()
                        .filter(f -> !CanonicalJson.of(Collections.singletonList(e.columns().get(f)))
                                .equals(CanonicalJson.of(Collections.singletonList(actual.get(f)))))
                        .toList();
                if (!differ.isEmpty()) {
                    problems.accept(new ChainProblem(seq, ChainProblem.Type.ALTERED, "verdict_days row " + id + " (" + describe(e.columns())
                            + ") differs from what compaction record " + seq + " wrote in " + String.join(", ", differ)));
                }
                advance();
            } else {
                problems.accept(new ChainProblem(seq, ChainProblem.Type.REMOVED, "verdict_days row " + e.row() + " (" + describe(e.columns())
                        + ") written by compaction record " + seq + " is gone"));
            }
        }
    }

    /** After the last record: every daily row left was written by no compaction record. */
    void finish(long after, Consumer<ChainProblem> problems) throws SQLException {
        while (has) {
            problems.accept(inserted(after));
            advance();
        }
    }

    private ChainProblem inserted(long at) throws SQLException {
        return new ChainProblem(at, ChainProblem.Type.INSERTED, "verdict_days row " + id + " (" + describe(days.columns())
                + ") was written by no compaction record");
    }

    private static String describe(Map<String, Object> columns) {
        return columns.get("contract") + "/" + columns.get("environment") + "/" + columns.get("check") + " on " + columns.get("day");
    }

    private void advance() throws SQLException {
        has = days.next();
        id = has ? days.id() : Long.MAX_VALUE;
    }

    private static JsonNode parse(String body) {
        try {
            return body == null ? null : JSON.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    @Override
    public void close() throws SQLException {
        days.close();
    }
}
