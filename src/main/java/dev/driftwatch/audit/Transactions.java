package dev.driftwatch.audit;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads and write transactions on the audit file, failing with an {@link AuditException} that names the file. */
final class Transactions {
    private final HikariDataSource pool;
    private final Path file;

    Transactions(HikariDataSource pool, Path file) {
        this.pool = pool;
        this.file = file;
    }

    <T> T read(String what, SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.apply(c);
        } catch (SQLException | RuntimeException e) {
            throw AuditException.cannot(what, file, e);
        }
    }

    /** BEGIN IMMEDIATE takes SQLite's write lock up front, so what a transaction reads is still true when it writes. */
    <T> T write(String what, SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            execute(c, "BEGIN IMMEDIATE");
            try {
                T result = work.apply(c);
                execute(c, "COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    execute(c, "ROLLBACK");
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            throw AuditException.cannot(what, file, e);
        }
    }

    void close() {
        pool.close();
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }
}
