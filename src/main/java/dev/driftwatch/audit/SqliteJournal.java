package dev.driftwatch.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/** The journal table of the SQLite trail (V5__journal.sql). */
final class SqliteJournal implements Journal {
    private final Transactions db;
    private final ChainVerifier verifier;

    SqliteJournal(Transactions db, ChainKey key, CheckSeal seal, List<ChainedRows> rows, List<ReplayedTable> replayed,
                  CompactionCheck.Source compactions) {
        this.db = db;
        this.verifier = new ChainVerifier(key, seal, rows, replayed, compactions);
    }

    /** The newest record's place and hash, read on {@code c} (inside a write transaction: the record the next one links to). */
    static ChainHead head(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")) {
            return rs.next() ? new ChainHead(rs.getLong(1), rs.getString(2)) : ChainHead.EMPTY;
        }
    }

    @Override
    public ChainHead head() {
        return db.read("read the head of the journal", SqliteJournal::head);
    }

    @Override
    public Optional<JournalRecord> record(long seq) {
        return db.read("read record " + seq, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, kind, ref, at, body, digest, keyed, hash FROM journal WHERE seq = ?")) {
                ps.setLong(1, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(recordOf(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public ChainReport verify(ChainHead published) {
        return db.read("verify the journal", c -> {
            // One read transaction: every cursor sees the same moment, whatever the daemon writes meanwhile.
            Transactions.execute(c, "BEGIN");
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT seq, kind, ref, at, body, digest, keyed, hash FROM journal ORDER BY seq")) {
                return verifier.verify(c, () -> rs.next() ? recordOf(rs) : null, published);
            } finally {
                Transactions.execute(c, "ROLLBACK");
            }
        });
    }

    private static JournalRecord recordOf(ResultSet rs) throws SQLException {
        return new JournalRecord(rs.getLong("seq"), rs.getString("kind"), Rows.nullableLong(rs, "ref"), rs.getString("at"),
                rs.getString("body"), rs.getString("digest"), rs.getInt("keyed") == 1, rs.getString("hash"));
    }
}
