package dev.driftwatch.audit;

import java.util.List;

/**
 * How the audit database's transactions take their locks. Chained writes take one writer's lock, because the journal is
 * one chain and each record's hash covers the one before. Claims of working rows (the outbox's leases) chain nothing;
 * where the database has row locks they lock only the rows they take, so two replicas claiming at once take different
 * rows and neither waits for the other, nor for a chained write.
 *
 * @param beginWrite what starts a chained write transaction and takes the one writer's lock
 * @param beginClaim what starts a claim of working rows
 * @param rowLocks whether a claim's SELECTs lock the rows they answer and skip those another claim holds; not where
 *     {@code beginClaim} already excludes every other writer
 */
record Locking(List<String> beginWrite, List<String> beginClaim, boolean rowLocks) {
    /** SQLite: BEGIN IMMEDIATE takes the file's one write lock up front, for writes and claims alike. */
    static final Locking SQLITE = new Locking(List.of("BEGIN IMMEDIATE"), List.of("BEGIN IMMEDIATE"), false);

    /**
     * PostgreSQL: a transaction-scoped advisory lock serializes every chained write of every replica, as SQLite's one
     * writer does; a claim takes row locks with SKIP LOCKED instead.
     */
    static final Locking POSTGRES = new Locking(List.of("BEGIN", "SELECT pg_advisory_xact_lock(7311046214934101248)"),
            List.of("BEGIN"), true);

    /** What a SELECT of a claim ends with to lock the rows it answers of table alias {@code alias} (empty: its one table). */
    String lockRows(String alias) {
        return rowLocks ? " FOR UPDATE" + (alias.isEmpty() ? "" : " OF " + alias) + " SKIP LOCKED" : "";
    }
}
