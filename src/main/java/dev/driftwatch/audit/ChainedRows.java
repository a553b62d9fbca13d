package dev.driftwatch.audit;

import java.sql.Connection;
import java.sql.SQLException;

/** A store whose rows are written once and chained as they are: verification reads them back in id order. */
interface ChainedRows {
    /** The kind of record each row is chained as. */
    RecordKind kind();

    /** Every row in id order; on the connection of a read, closed by the caller. */
    RowCursor rows(Connection c) throws SQLException;

    /**
     * The rows from id {@code fromId} on (an export that starts in the middle of the journal). A store that does not
     * narrow its query gives every row; the walk skips those below {@code fromId}.
     */
    default RowCursor rows(Connection c, long fromId) throws SQLException {
        return rows(c);
    }
}
