package dev.driftwatch.audit;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Reads and write transactions on the audit database, failing with an {@link AuditException} that names where it
 * lives. Every write transaction ends by chaining what it recorded ({@link Journal#chain}), inside the transaction.
 */
final class Transactions {
    private final HikariDataSource pool;
    private final Path file;
    private BeforeCommit beforeCommit = tx -> { };

    Transactions(HikariDataSource pool, Path file) {
        this.pool = pool;
        this.file = file;
    }

    /** What runs last in every write transaction: the journal chaining its records. */
    void beforeCommit(BeforeCommit hook) {
        this.beforeCommit = hook;
    }

    Path file() {
        return file;
    }

    <T> T read(String what, SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.apply(c);
        } catch (SQLException | RuntimeException e) {
            throw AuditException.cannot(what, file, e);
        }
    }

    /** BEGIN IMMEDIATE takes SQLite's write lock up front, so what a transaction reads is still true when it writes. */
    <T> T write(String what, TxWork<T> work) {
        try (Connection c = pool.getConnection()) {
            execute(c, "BEGIN IMMEDIATE");
            try {
                Transaction tx = new Transaction(c);
                T result = work.apply(tx);
                beforeCommit.run(tx);
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

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }

    @FunctionalInterface
    interface TxWork<T> {
        T apply(Transaction tx) throws SQLException;
    }

    @FunctionalInterface
    interface BeforeCommit {
        void run(Transaction tx) throws SQLException;
    }
}
