package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Snapshot;
import dev.driftwatch.check.VerdictJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** The snapshots table of the SQLite trail (V2__docs_snapshots.sql). */
final class SqliteSnapshotStore implements SnapshotStore, ChainedRows {
    /** The versions of one check's page, newest first, down the partial index snapshots_versions_by_check (V12). */
    static final String VERSIONS = "SELECT id, fetched_at, hash, size FROM snapshots WHERE " + Rows.BY_KEY
            + " AND text_gz IS NOT NULL ORDER BY id DESC LIMIT ?";
    private static final String SNAPSHOT_COLUMNS = "id, fetched_at, hash, text_gz, etag, last_modified";
    private static final String BY_KEY = Rows.BY_KEY;
    private final Transactions db;
    private final Clock clock;

    SqliteSnapshotStore(Transactions db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public synchronized void save(CheckKey key, Snapshot s) {
        Objects.requireNonNull(s.fetchedAt(), "a saved snapshot needs its fetch time");
        Objects.requireNonNull(s.text(), "a saved snapshot needs its text");
        byte[] utf8 = s.text().getBytes(StandardCharsets.UTF_8);
        String hash = ChainKey.sha256(utf8);
        if (s.hash() != null && !s.hash().equalsIgnoreCase(hash)) {
            throw new IllegalArgumentException("snapshot of " + key + " carries hash " + s.hash()
                    + " but its text hashes to " + hash + " (SHA-256 hex of the UTF-8 normalized text)");
        }
        db.write("save a snapshot of " + key, tx -> {
            Connection c = tx.connection();
            // Same text as the previous reading of this check: record the fetch, not the text again
            // (see V2__docs_snapshots.sql); reads resolve it through the newest text-bearing row of that hash.
            boolean sameAsPrevious = false;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT hash FROM snapshots WHERE " + BY_KEY + " ORDER BY id DESC LIMIT 1")) {
                Rows.bindKey(ps, key);
                try (ResultSet rs = ps.executeQuery()) {
                    sameAsPrevious = rs.next() && hash.equals(rs.getString(1));
                }
            }
            byte[] gz = sameAsPrevious ? null : gzip(utf8);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO snapshots (contract, environment, check_name,"
                    + " fetched_at, hash, text_gz, size, etag, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                Rows.bindKey(ps, key);
                ps.setString(4, VerdictJson.timestamp(s.fetchedAt()));
                ps.setString(5, hash);
                ps.setBytes(6, gz);
                ps.setLong(7, utf8.length);
                ps.setString(8, s.etag());
                ps.setString(9, s.lastModified());
                ps.executeUpdate();
                tx.chainRow(RecordKind.SNAPSHOT, Rows.generatedId(ps), clock.instant(), canonical(key.contract(), key.environment(),
                        key.check(), VerdictJson.timestamp(s.fetchedAt()), hash, gz, utf8.length, s.etag(), s.lastModified()), null);
            }
            return null;
        });
    }

    /** The reading saved last for {@code key}, with its text. */
    @Override
    public Optional<Snapshot> last(CheckKey key) {
        return db.read("read the last snapshot of " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + SNAPSHOT_COLUMNS + " FROM snapshots WHERE " + BY_KEY + " ORDER BY id DESC LIMIT 1")) {
                Rows.bindKey(ps, key);
                return firstSnapshot(c, ps);
            }
        });
    }

    /**
     * What the page said at {@code at}: the newest reading fetched at or before it, in {@code environment}
     * or, when that is null, in any environment. For a calendar date pass the end of that day.
     */
    @Override
    public Optional<Snapshot> at(String contract, String environment, String check, Instant at) {
        String sql = "SELECT " + SNAPSHOT_COLUMNS + " FROM snapshots WHERE contract = ? AND check_name = ?"
                + " AND fetched_at <= ?" + (environment == null ? "" : " AND environment = ?")
                + " ORDER BY fetched_at DESC, id DESC LIMIT 1";
        return db.read("read the snapshot of " + contract + "/" + check + " at " + at, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, contract);
                ps.setString(2, check);
                ps.setString(3, VerdictJson.timestamp(at));
                if (environment != null) {
                    ps.setString(4, environment);
                }
                return firstSnapshot(c, ps);
            }
        });
    }

    /** Every reading of one docs check in every environment, newest first, without the texts. */
    @Override
    public List<SnapshotEntry> list(String contract, String check) {
        // LAG compares each row with the one saved before it for the same key, whatever the listing order.
        String sql = "SELECT contract, environment, check_name, fetched_at, hash, size,"
                + " LAG(hash) OVER (PARTITION BY environment ORDER BY id) AS prev_hash"
                + " FROM snapshots WHERE contract = ? AND check_name = ? ORDER BY fetched_at DESC, id DESC";
        return db.read("list the snapshots of " + contract + "/" + check, c -> {
            List<SnapshotEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, contract);
                ps.setString(2, check);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String hash = rs.getString("hash");
                        out.add(new SnapshotEntry(Rows.keyOf(rs), VerdictJson.parseTimestamp(rs.getString("fetched_at")), hash,
                                rs.getLong("size"), !hash.equals(rs.getString("prev_hash"))));
                    }
                }
            }
            return out;
        });
    }

    /** Only a reading whose text differs from the one before keeps its text (see V2), so those rows are the versions. */
    @Override
    public List<SnapshotVersion> versions(CheckKey key, int limit) {
        return db.read("list the versions of " + key, c -> {
            List<SnapshotVersion> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(VERSIONS)) {
                Rows.bindKey(ps, key);
                ps.setInt(4, Math.max(0, limit));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new SnapshotVersion(rs.getLong("id"), VerdictJson.parseTimestamp(rs.getString("fetched_at")), rs.getString("hash"),
                                rs.getLong("size")));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Optional<Snapshot> reading(CheckKey key, long id) {
        return db.read("read snapshot " + id + " of " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + SNAPSHOT_COLUMNS + " FROM snapshots WHERE id = ? AND " + BY_KEY)) {
                ps.setLong(1, id);
                Rows.bindKey(ps, 2, key);
                return firstSnapshot(c, ps);
            }
        });
    }

    /** The canonical text of a snapshot row (v1): the stored gzip bytes enter by their SHA-256, the page text by its hash column. */
    static String canonical(String contract, String environment, String check, String fetchedAt, String hash, byte[] textGz, long size,
            String etag, String lastModified) {
        return CanonicalJson.of(CanonicalJson.object("contract", contract, "environment", environment, "check", check,
                "fetchedAt", fetchedAt, "hash", hash, "textGz", textGz == null ? null : ChainKey.sha256(textGz), "size", size,
                "etag", etag, "lastModified", lastModified));
    }

    @Override
    public RecordKind kind() {
        return RecordKind.SNAPSHOT;
    }

    @Override
    public RowCursor rows(Connection c) throws SQLException {
        return rows(c, 0);
    }

    @Override
    public RowCursor rows(Connection c, long fromId) throws SQLException {
        return RowCursor.of(c, "SELECT id, contract, environment, check_name, fetched_at, hash, text_gz, size, etag, last_modified"
                + " FROM snapshots WHERE id >= " + fromId + " ORDER BY id", rs -> canonical(rs.getString("contract"), rs.getString("environment"), rs.getString("check_name"),
                rs.getString("fetched_at"), rs.getString("hash"), rs.getBytes("text_gz"), rs.getLong("size"), rs.getString("etag"),
                rs.getString("last_modified")));
    }

    private static Optional<Snapshot> firstSnapshot(Connection c, PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            String hash = rs.getString("hash");
            byte[] gz = rs.getBytes("text_gz");
            if (gz == null) {
                gz = textOfHash(c, hash, rs.getLong("id"));
            }
            byte[] stored = gz;
            // Decompressed only if asked: most readings are compared by hash alone.
            return Optional.of(new Snapshot(VerdictJson.parseTimestamp(rs.getString("fetched_at")), hash,
                    () -> new String(gunzip(stored), StandardCharsets.UTF_8), rs.getString("etag"), rs.getString("last_modified")));
        }
    }

    /**
     * The text of a reading stored without one: the newest earlier row with the same hash that kept its text.
     * Not limited to the same check: an equal SHA-256 is an equal text, and the hash index finds it at once.
     */
    private static byte[] textOfHash(Connection c, String hash, long beforeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT text_gz FROM snapshots"
                + " WHERE hash = ? AND id < ? AND text_gz IS NOT NULL ORDER BY id DESC LIMIT 1")) {
            ps.setString(1, hash);
            ps.setLong(2, beforeId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("snapshot row " + beforeId + " has no text and no earlier row"
                            + " holds the text of hash " + hash + "; the snapshots table was edited or pruned");
                }
                return rs.getBytes(1);
            }
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] bytes) {
        try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return gz.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("a stored snapshot is not valid gzip", e);
        }
    }

}
