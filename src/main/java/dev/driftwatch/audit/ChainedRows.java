package dev.driftwatch.audit;

import java.sql.Connection;
import java.sql.SQLException;

/** A store whose rows are written once and chained as they are: verification reads them back in id order. */
interface ChainedRows {
    /** The kind of record each row is chained as. */
    RecordKind kind();

    /** Every row in id order; on the connection of a read, closed by the caller. */
    RowCursor rows(Connection c) throws SQLException;
}
