package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Appends the records of a write transaction to the SQLite journal, each linked to the one before. */
final class SqliteJournalWriter {
    private final ChainKey key;
    private final CheckSeal seal;
    private final Clock clock;

    SqliteJournalWriter(ChainKey key, CheckSeal seal, Clock clock) {
        this.key = key;
        this.seal = seal;
        this.clock = clock;
    }

    /**
     * Chains what {@code tx} recorded, in order, then a seal for each check whose state changed without a record
     * that seals it. Runs inside the transaction, just before its commit, holding the write lock, so the records of
     * two processes never interleave.
     */
    void chain(Transaction tx) throws SQLException {
        List<Transaction.Pending> pending = new ArrayList<>(tx.records());
        tx.records().clear();
        Set<CheckKey> unsealed = new LinkedHashSet<>(tx.stateChangedKeys());
        tx.stateChangedKeys().clear();
        pending.forEach(p -> unsealed.remove(p.seals()));
        Instant now = clock.instant();
        for (CheckKey k : unsealed) {
            pending.add(new Transaction.Pending(RecordKind.CHECK_STATE, null, now, null, keyBody(k), k));
        }
        if (pending.isEmpty()) {
            return;
        }
        Connection c = tx.connection();
        long seq = lastSeq(c);
        String prev = SqliteJournal.head(c).hash();
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO journal (seq, kind, ref, at, body, keyed, hash) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            // Several records of one check in one transaction (a group commit): the seal of its state after the
            // transaction goes in the last; verification compares the newest seal only.
            Map<CheckKey, Integer> lastSealing = new java.util.HashMap<>();
            for (int i = 0; i < pending.size(); i++) {
                if (pending.get(i).seals() != null) {
                    lastSealing.put(pending.get(i).seals(), i);
                }
            }
            for (int i = 0; i < pending.size(); i++) {
                Transaction.Pending p = pending.get(i);
                Map<String, Object> body = p.body();
                if (p.seals() != null && lastSealing.get(p.seals()) == i) {
                    body = new LinkedHashMap<>(body == null ? keyBody(p.seals()) : body);
                    body.put("state", seal.of(c, p.seals()));
                }
                String bodyText = body == null ? null : CanonicalJson.of(body);
                String at = Rows.text(p.at());
                seq++;
                String digest = ChainKey.sha256(CanonicalRecord.text(seq, p.kind(), p.ref(), at, p.row(), bodyText));
                String hash = key.link(prev, digest, key.present());
                insert.setLong(1, seq);
                insert.setString(2, p.kind().wire());
                if (p.ref() == null) {
                    insert.setNull(3, Types.INTEGER);
                } else {
                    insert.setLong(3, p.ref());
                }
                insert.setString(4, at);
                insert.setString(5, bodyText);
                insert.setInt(6, key.present() ? 1 : 0);
                insert.setString(7, hash);
                insert.addBatch();
                prev = hash;
            }
            insert.executeBatch();
        }
    }

    /** The body of a record that seals a check: which check (the seal is added when chained). */
    static Map<String, Object> keyBody(CheckKey k) {
        return CanonicalJson.object("contract", k.contract(), "environment", k.environment(), "check", k.check());
    }

    /**
     * The highest sequence number ever given, even if its record is gone: AUTOINCREMENT keeps it in sqlite_sequence,
     * so a record appended after the newest were deleted leaves a gap that verification reports.
     */
    private static long lastSeq(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'journal'), 0), coalesce((SELECT max(seq) FROM journal), 0))");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
