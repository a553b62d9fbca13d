package dev.driftwatch.audit;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and write transactions on the audit database, failing with an {@link AuditException} that names where it
 * lives. Every write transaction ends by chaining what it recorded ({@link Journal#chain}), inside the transaction.
 */
final class Transactions {
    private final HikariDataSource pool;
    private final HikariDataSource readers;
    private final String file;
    private final Locking locking;
    private BeforeCommit beforeCommit = tx -> { };

    /**
     * @param pool the connections that write (and read inside their transactions)
     * @param readers connections for reads outside a write; may be {@code pool} itself
     * @param file where the trail lives, for messages (a file, or a database URL without its credentials)
     * @param locking how writes and claims take their locks
     */
    Transactions(HikariDataSource pool, HikariDataSource readers, String file, Locking locking) {
        this.pool = pool;
        this.readers = readers;
        this.file = file;
        this.locking = locking;
    }

    /** What runs last in every write transaction: the journal chaining its records. */
    void beforeCommit(BeforeCommit hook) {
        this.beforeCommit = hook;
    }

    String file() {
        return file;
    }

    <T> T read(String what, SqlWork<T> work) {
        try (Connection c = readers.getConnection()) {
            return work.apply(c);
        } catch (SQLException | RuntimeException e) {
            throw AuditException.cannot(what, file, e);
        }
    }

    /** The writer's lock is taken up front, so what a transaction reads is still true when it writes. */
    <T> T write(String what, TxWork<T> work) {
        return inTransaction(what, locking.beginWrite(), work);
    }

    /**
     * A transaction that claims working rows and chains nothing: its SELECTs end with {@link #lockRows} so that they lock
     * the rows they answer and skip those another claim holds (on SQLite, the file's write lock does it).
     */
    <T> T claim(String what, TxWork<T> work) {
        return inTransaction(what, locking.beginClaim(), tx -> {
            T result = work.apply(tx);
            if (!tx.records().isEmpty() || !tx.stateChangedKeys().isEmpty()) {
                throw new IllegalStateException("a claim recorded something to chain: " + what);
            }
            return result;
        });
    }

    /** What a SELECT inside {@link #claim} ends with to lock the rows of table alias {@code alias} it answers. */
    String lockRows(String alias) {
        return locking.lockRows(alias);
    }

    /**
     * One transaction ({@code begins} … COMMIT) around {@code body}, the journal chained last: rolled back whole when anything in it
     * throws, which fails with an {@link AuditException} naming {@code what}.
     */
    private <T> T inTransaction(String what, List<String> begins, TxWork<T> body) {
        try (Connection c = pool.getConnection()) {
            for (String begin : begins) {
                execute(c, begin);
            }
            try {
                Transaction tx = new Transaction(c);
                T result = body.apply(tx);
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

    /**
     * Runs each of {@code works} in its own savepoint of ONE write transaction, chains what the ones that succeeded
     * recorded, and commits once: with synchronous commits, one fsync for all of them. A work that throws is rolled
     * back alone (its savepoint, and the records it queued) and answers its exception; a failed commit fails them all.
     */
    List<Result> writeEach(List<Named> works) {
        String what = works.size() == 1 ? works.get(0).what() : works.size() + " writes, " + works.get(0).what() + " first";
        return inTransaction(what, locking.beginWrite(), tx -> {
            List<Result> results = new ArrayList<>(works.size());
            for (Named work : works) {
                Transaction.Mark mark = tx.mark();
                execute(tx.connection(), "SAVEPOINT one");
                try {
                    Object value = work.work().apply(tx);
                    execute(tx.connection(), "RELEASE one");
                    results.add(new Result(value, null));
                } catch (SQLException | RuntimeException e) {
                    try {
                        execute(tx.connection(), "ROLLBACK TO one");
                        execute(tx.connection(), "RELEASE one");
                    } catch (SQLException gone) {
                        // SQLite ends the whole transaction itself on some errors (SQLITE_FULL, an I/O error): no savepoint
                        // is left to return to, and the batch fails with the error that ended it, not "no such savepoint".
                        e.addSuppressed(gone);
                        throw e;
                    }
                    tx.reset(mark);
                    results.add(new Result(null, AuditException.cannot(work.what(), file, e)));
                }
            }
            return results;
        });
    }

    /** One piece of work of {@link #writeEach}, and what it does (for messages). */
    record Named(String what, TxWork<?> work) {
    }

    /** What one work of {@link #writeEach} answered: its value, or the exception it threw. */
    record Result(Object value, AuditException failure) {
    }

    void close() {
        if (readers != pool) {
            readers.close();
        }
        pool.close();
    }

    /** Prepared, not a plain statement: the SQLite connection keeps it ({@link KeptStatements}) for the next transaction. */
    static void execute(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.execute();
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
