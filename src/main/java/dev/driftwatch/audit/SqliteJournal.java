package dev.driftwatch.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The journal table of the SQLite trail (V5__journal.sql). */
final class SqliteJournal implements Journal {
    private final Transactions db;
    private final ChainVerifier verifier;
    private final JournalExporter exporter;

    SqliteJournal(Transactions db, ChainKey key, CheckSeal seal, List<ChainedRows> rows, List<ReplayedTable> replayed,
                  CompactionCheck.Source compactions) {
        this.db = db;
        this.verifier = new ChainVerifier(key, seal, rows, replayed, compactions);
        this.exporter = new JournalExporter(rows);
    }

    /** The newest record's place and hash, read on {@code c} (inside a write transaction: the record the next one links to). */
    static ChainHead head(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1"); ResultSet rs = s.executeQuery()) {
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

    @Override
    public ExportSummary export(Instant since, Writer out) throws IOException {
        try {
            return db.read("export the journal", c -> {
                // One read transaction, as for verify: the export is the journal as it stood at one moment.
                Transactions.execute(c, "BEGIN");
                try {
                    long from = 1;
                    ChainHead after = ChainHead.EMPTY;
                    Map<RecordKind, Long> fromIds = Map.of();
                    if (since != null) {
                        Long first = firstSeqAtOrAfter(c, Rows.text(since));
                        if (first == null) {
                            return write(c, () -> null, head(c), fromIds, out);
                        }
                        from = first;
                        after = recordBefore(c, from);
                        fromIds = firstRefs(c, from);
                    }
                    try (PreparedStatement ps = c.prepareStatement("SELECT seq, kind, ref, at, body, digest, keyed, hash FROM journal"
                            + " WHERE seq >= ? ORDER BY seq")) {
                        ps.setLong(1, from);
                        try (ResultSet rs = ps.executeQuery()) {
                            return write(c, () -> rs.next() ? recordOf(rs) : null, after, fromIds, out);
                        }
                    }
                } finally {
                    Transactions.execute(c, "ROLLBACK");
                }
            });
        } catch (AuditException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause(); // the output failed, not the trail
            }
            throw e;
        }
    }

    private ExportSummary write(Connection c, JournalWalk.Records records, ChainHead after, Map<RecordKind, Long> fromIds, Writer out)
            throws SQLException {
        try {
            return exporter.write(c, records, after, fromIds, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first record at or after {@code at}; null when there is none. Records are in commit order, not strictly in time order: a scan. */
    private static Long firstSeqAtOrAfter(Connection c, String at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM journal WHERE at >= ? ORDER BY seq LIMIT 1")) {
            ps.setString(1, at);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** The record before {@code seq} as the export's first line links to it: its number and hash. */
    private static ChainHead recordBefore(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM journal WHERE seq < ? ORDER BY seq DESC LIMIT 1")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                // A gap before it (a deleted record) makes the first line's link fail, as verify reports the gap.
                return new ChainHead(seq - 1, rs.next() ? rs.getString(1) : ChainKey.GENESIS);
            }
        }
    }

    /** Per kind, the first row the records from {@code seq} on chain: where each table's cursor starts. */
    private static Map<RecordKind, Long> firstRefs(Connection c, long seq) throws SQLException {
        Map<RecordKind, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, min(ref) FROM journal WHERE seq >= ? AND ref IS NOT NULL GROUP BY kind")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RecordKind kind = RecordKind.ofWire(rs.getString(1));
                    if (kind != null) {
                        out.put(kind, rs.getLong(2));
                    }
                }
            }
        }
        return out;
    }

    private static JournalRecord recordOf(ResultSet rs) throws SQLException {
        return new JournalRecord(rs.getLong("seq"), rs.getString("kind"), Rows.nullableLong(rs, "ref"), rs.getString("at"),
                rs.getString("body"), rs.getString("digest"), rs.getInt("keyed") == 1, rs.getString("hash"));
    }
}
