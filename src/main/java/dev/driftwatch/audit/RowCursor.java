package dev.driftwatch.audit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The rows of one table in id order, each as the canonical text the journal chained for it: what verification walks. */
final class RowCursor implements AutoCloseable {
    private final Statement statement;
    private final ResultSet rows;
    private final CanonicalText text;

    private RowCursor(Statement statement, ResultSet rows, CanonicalText text) {
        this.statement = statement;
        this.rows = rows;
        this.text = text;
    }

    /** Runs {@code sql}, which selects the rows in id order with their {@code id} column. */
    static RowCursor of(Connection c, String sql, CanonicalText text) throws SQLException {
        Statement s = c.createStatement();
        try {
            return new RowCursor(s, s.executeQuery(sql), text);
        } catch (SQLException e) {
            s.close();
            throw e;
        }
    }

    /** Moves to the next row; false after the last. */
    boolean next() throws SQLException {
        return rows.next();
    }

    long id() throws SQLException {
        return rows.getLong("id");
    }

    /** The check the row belongs to (every chained table has the key columns). */
    dev.driftwatch.check.CheckKey key() throws SQLException {
        return Rows.keyOf(rows);
    }

    /** The row's canonical text, as {@link Transaction#chainRow} received it when the row was written. */
    String canonical() throws SQLException {
        return text.of(rows);
    }

    @Override
    public void close() throws SQLException {
        statement.close();
    }

    /** How a store computes a row's canonical text from its columns. */
    @FunctionalInterface
    interface CanonicalText {
        String of(ResultSet rs) throws SQLException;
    }
}
