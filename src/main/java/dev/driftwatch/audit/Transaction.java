package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One write transaction on the audit database: the connection it runs on, and what it adds to the journal, which
 * the journal chains just before the commit so every record's place in the chain is its place in commit order.
 */
public final class Transaction {
    private final Connection connection;
    private final List<Pending> records = new ArrayList<>();
    private final Set<CheckKey> stateChanged = new LinkedHashSet<>();

    Transaction(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /**
     * Chains a record that has a row of its own (a verdict, a snapshot, a paid call): {@code row} is that row's
     * canonical text, which verification recomputes from the row. {@code seals}: the check whose state the record
     * seals (a verdict seals its check's known and alerting state), or null.
     */
    void chainRow(RecordKind kind, long ref, Instant at, String row, CheckKey seals) {
        records.add(new Pending(kind, ref, at, row, null, seals));
    }

    /** Chains an event whose body is kept in the journal itself (an incident opened, an alert delivered, ...). */
    void chainEvent(RecordKind kind, Long ref, Instant at, Map<String, Object> body) {
        records.add(new Pending(kind, ref, at, null, body, null));
    }

    /** The known or alerting state of {@code key} changed in this transaction: its seal is renewed at the commit. */
    void stateChanged(CheckKey key) {
        stateChanged.add(key);
    }

    /** Where the transaction stands, to go back to if the next piece of work fails ({@link #reset}). */
    Mark mark() {
        return new Mark(records.size(), new LinkedHashSet<>(stateChanged));
    }

    /** Forgets what was queued since {@code mark}: its work was rolled back to a savepoint. */
    void reset(Mark mark) {
        records.subList(mark.records(), records.size()).clear();
        stateChanged.clear();
        stateChanged.addAll(mark.stateChanged());
    }

    record Mark(int records, Set<CheckKey> stateChanged) {
    }

    List<Pending> records() {
        return records;
    }

    Set<CheckKey> stateChangedKeys() {
        return stateChanged;
    }

    /** A record waiting for its place in the chain. */
    record Pending(RecordKind kind, Long ref, Instant at, String row, Map<String, Object> body, CheckKey seals) {
    }
}
