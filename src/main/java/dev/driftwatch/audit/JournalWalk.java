package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The journal's records in sequence order, each with the canonical text of the row it chained: every chained table
 * is read in id order beside the journal and merged by id (a kind's records chain its rows in increasing id), so
 * neither side is held in memory whatever the trail's size. What verification and the export both walk.
 */
final class JournalWalk implements AutoCloseable {

    /** The journal's records in sequence order; null after the last. */
    @FunctionalInterface
    interface Records {
        JournalRecord next() throws SQLException;
    }

    /** A row that no record of the walk chained, met before record {@code beforeSeq} (or after the last). */
    @FunctionalInterface
    interface Unchained {
        void row(long beforeSeq, RecordKind kind, long id, CheckKey key) throws SQLException;
    }

    /** Where a record's row stands. */
    enum RowState {
        /** The record's kind keeps no row of its own (an event, a seal): its content is its body. */
        NONE,
        /** The row is there: {@link Step#row()} is its canonical text. */
        FOUND,
        /** No row with the record's ref: deleted, or compacted away (then the record kept its digest). */
        GONE,
        /** The record names no row, or one not after the previous record of its kind: an edited ref. */
        MISPLACED,
        /** A kind this version does not write: an edited kind. */
        UNKNOWN_KIND
    }

    /** One record, the canonical text of its row (null unless {@link RowState#FOUND}) and where its row stands. */
    record Step(JournalRecord record, String row, RowState state) {
    }

    private final Records records;
    private final Map<RecordKind, Cursor> cursors;
    private final Map<RecordKind, Long> lastRef = new HashMap<>();
    private final Unchained unchained;

    private JournalWalk(Records records, Map<RecordKind, Cursor> cursors, Unchained unchained) {
        this.records = records;
        this.cursors = cursors;
        this.unchained = unchained;
    }

    /**
     * Opens a cursor on every store's rows, from the id {@code fromIds} gives for its kind (none: from the first;
     * rows below it are not the walk's business, as when it starts in the middle of the journal).
     */
    static JournalWalk open(Connection c, Records records, List<ChainedRows> stores, Map<RecordKind, Long> fromIds, Unchained unchained)
            throws SQLException {
        Map<RecordKind, Cursor> cursors = new LinkedHashMap<>();
        try {
            for (ChainedRows store : stores) {
                long from = fromIds.getOrDefault(store.kind(), 0L);
                cursors.put(store.kind(), new Cursor(store.kind(), store.rows(c, from), from));
            }
        } catch (SQLException | RuntimeException e) {
            for (Cursor cursor : cursors.values()) {
                cursor.rows.close();
            }
            throw e;
        }
        return new JournalWalk(records, cursors, unchained);
    }

    /** The next record with its row; null after the last record. */
    Step next() throws SQLException {
        JournalRecord r = records.next();
        if (r == null) {
            return null;
        }
        RecordKind kind = r.kind();
        if (kind == null) {
            return new Step(r, null, RowState.UNKNOWN_KIND);
        }
        Cursor cursor = cursors.get(kind);
        if (cursor == null) {
            return new Step(r, null, RowState.NONE);
        }
        Long ref = r.ref();
        Long before = lastRef.put(kind, ref);
        if (ref == null || (before != null && ref <= before)) {
            return new Step(r, null, RowState.MISPLACED);
        }
        while (cursor.has && cursor.id < ref) {
            unchained.row(r.seq(), kind, cursor.id, cursor.rows.key());
            cursor.advance();
        }
        if (cursor.has && cursor.id == ref) {
            String row = cursor.rows.canonical();
            cursor.advance();
            return new Step(r, row, RowState.FOUND);
        }
        return new Step(r, null, RowState.GONE);
    }

    /** Reports the rows left after the last record as unchained, before record {@code afterSeq}. */
    void finish(long afterSeq) throws SQLException {
        for (Cursor cursor : cursors.values()) {
            while (cursor.has) {
                unchained.row(afterSeq, cursor.kind, cursor.id, cursor.rows.key());
                cursor.advance();
            }
        }
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (Cursor cursor : cursors.values()) {
            try {
                cursor.rows.close();
            } catch (SQLException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** A chained table's cursor with its current row read ahead. */
    private static final class Cursor {
        final RecordKind kind;
        final RowCursor rows;
        final long from;
        boolean has;
        long id;

        Cursor(RecordKind kind, RowCursor rows, long from) throws SQLException {
            this.kind = kind;
            this.rows = rows;
            this.from = from;
            advance();
        }

        void advance() throws SQLException {
            do {
                has = rows.next();
                id = has ? rows.id() : Long.MAX_VALUE;
            } while (has && id < from);
        }
    }
}
