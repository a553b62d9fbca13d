package dev.driftwatch.audit;

import dev.driftwatch.check.CheckHistory;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.KnownFact;
import dev.driftwatch.check.KnownState;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Snapshot;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.check.VerdictJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The embedded audit trail: every verdict, append-only and hash-chained, with what each check already knows
 * (its known state), every docs snapshot, and the ledger of paid calls.
 */
public final class AuditTrail implements CheckHistory, AutoCloseable {
    static final String VERDICT_COLUMNS =
            "contract, environment, check_name, outcome, summary, findings, evidence, started_at, duration_ms";
    private static final String SNAPSHOT_COLUMNS = "id, fetched_at, hash, text_gz, etag, last_modified";
    private static final String BY_KEY = "contract = ? AND environment = ? AND check_name = ?";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Transactions db;
    private final Clock clock;
    private final IncidentStore incidents;
    private final OutboxStore outbox;

    private AuditTrail(Transactions db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.incidents = new IncidentStore(db);
        this.outbox = new OutboxStore(db);
    }

    /** Opens the SQLite file, creating it and its directory if needed; fails with an {@link AuditException}. */
    public static AuditTrail openSqlite(Path file) {
        return new AuditTrail(new Transactions(SqliteFile.open(file), file), Clock.systemUTC());
    }

    /**
     * Opens the SQLite file capped at {@code maxPages} pages (of 4 KB): a write past them fails with SQLITE_FULL,
     * exactly as on a full disk. For the fault scenarios of the daemon; the file must exist and be migrated.
     */
    public static AuditTrail openSqliteCapped(Path file, int maxPages) {
        if (maxPages <= 0) {
            throw new IllegalArgumentException("maxPages must be positive, got " + maxPages);
        }
        return new AuditTrail(new Transactions(SqliteFile.open(file, maxPages, SqliteFile.BUSY_WAIT), file), Clock.systemUTC());
    }

    /**
     * Opens the SQLite file with writes waiting at most {@code busyWait} for another process's lock instead of 5 s:
     * for the fault scenarios of the daemon, which hold the lock on purpose.
     */
    public static AuditTrail openSqliteWaiting(Path file, Duration busyWait) {
        return new AuditTrail(new Transactions(SqliteFile.open(file, 0, busyWait), file), Clock.systemUTC());
    }

    /** Pages in the file now (of {@code PRAGMA page_size} bytes each): what a cap is measured against. */
    public int pageCount() {
        return db.read("count the pages", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA page_count")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    /** The incidents of every check, and the CHANGED findings already announced. */
    public IncidentStore incidents() {
        return incidents;
    }

    /** The alerts waiting for delivery, and those delivered. */
    public OutboxStore outbox() {
        return outbox;
    }

    /** Appends the verdict, chained to the row before it, and writes what it learned to the check's known state. */
    public void record(Verdict v) {
        record(v, null);
    }

    /**
     * Appends the verdict, chained to the row before it, writes what it learned to the check's known state, and
     * runs {@code then} on the check's alerting state (the incident logic), all in one transaction: a process
     * killed at any point leaves either all of it or none. Synchronized so the chain stays one line.
     *
     * @param then null for none
     */
    public synchronized <T> T record(Verdict v, Function<IncidentStore.Tx, T> then) {
        Objects.requireNonNull(v.startedAt(), "a recorded verdict needs its start time");
        // Store what the JSON form reads back as, so verifyChain can recompute the hash from the row alone.
        Verdict stored = VerdictJson.fromJson(VerdictJson.toStoredJson(v));
        JsonNode json = VerdictJson.toStoredJson(stored);
        return db.write("record the verdict of " + v.key(), c -> {
            String prev = HashChain.GENESIS;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT hash FROM verdicts ORDER BY id DESC LIMIT 1")) {
                if (rs.next()) {
                    prev = rs.getString(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO verdicts (" + VERDICT_COLUMNS
                    + ", recorded_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, stored.key().contract());
                ps.setString(2, stored.key().environment());
                ps.setString(3, stored.key().check());
                ps.setString(4, stored.outcome().name());
                ps.setString(5, stored.summary());
                ps.setString(6, JSON.writeValueAsString(json.get("findings")));
                ps.setString(7, JSON.writeValueAsString(json.get("evidence")));
                ps.setString(8, json.get("startedAt").asString());
                ps.setLong(9, stored.durationMs());
                ps.setString(10, VerdictJson.timestamp(clock.instant()));
                ps.setString(11, prev);
                ps.setString(12, HashChain.link(prev, VerdictJson.toText(stored)));
                ps.executeUpdate();
            }
            KnownStore.learn(c, v);
            return then == null ? null : IncidentStore.within(c, v.key(), then);
        });
    }

    @Override
    public KnownState knownState(CheckKey key) {
        return db.read("read what " + key + " knows", c -> KnownStore.read(c, key));
    }

    @Override
    public Map<CheckKey, KnownFact> knownAcross(String contract, String subject) {
        return db.read("read " + subject + " of " + contract, c -> KnownStore.across(c, contract, subject));
    }

    @Override
    public boolean reservePaidCall(CheckKey key, int dailyBudget, Instant now) {
        if (dailyBudget <= 0) {
            return false;
        }
        String day = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
        // The count and the insert share one write transaction, so two environments (or two processes)
        // cannot both see the last unit of budget as free.
        return db.write("reserve a paid call for " + key, c -> {
            try (PreparedStatement count = c.prepareStatement(
                    "SELECT count(*) FROM paid_calls WHERE contract = ? AND day = ?")) {
                count.setString(1, key.contract());
                count.setString(2, day);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= dailyBudget) {
                        return false;
                    }
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO paid_calls "
                    + "(contract, environment, check_name, day, reserved_at) VALUES (?, ?, ?, ?, ?)")) {
                bindKey(insert, key);
                insert.setString(4, day);
                insert.setString(5, VerdictJson.timestamp(now));
                insert.executeUpdate();
            }
            return true;
        });
    }

    /** Paid calls reserved for {@code contract} on the UTC day {@code day}: what its daily budget has spent. */
    public int paidCallsOn(String contract, LocalDate day) {
        return db.read("count the paid calls of " + contract, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM paid_calls WHERE contract = ? AND day = ?")) {
                ps.setString(1, contract);
                ps.setString(2, day.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /** A trivial read of the verdicts table: throws an {@link AuditException} when the store cannot answer (readiness). */
    public void ping() {
        db.read("read", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1 FROM verdicts LIMIT 1")) {
                return rs.next();
            }
        });
    }

    /** One row per check ever recorded, ordered by contract, environment, check: when it last held (PASS or CHANGED), and its latest verdict. */
    public List<LastVerified> lastVerified() {
        String sql = "SELECT v.contract, v.environment, v.check_name, v.outcome, v.started_at, v.summary,"
                + " (SELECT max(p.started_at) FROM verdicts p WHERE p.contract = v.contract"
                + "  AND p.environment = v.environment AND p.check_name = v.check_name AND p.outcome IN ('PASS', 'CHANGED')) AS last_held"
                + " FROM verdicts v"
                + " WHERE v.id IN (SELECT max(id) FROM verdicts GROUP BY contract, environment, check_name)"
                + " ORDER BY v.contract, v.environment, v.check_name";
        return db.read("list the last verified checks", c -> {
            List<LastVerified> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    String lastHeld = rs.getString("last_held");
                    out.add(new LastVerified(keyOf(rs), lastHeld == null ? null : Instant.parse(lastHeld),
                            Outcome.valueOf(rs.getString("outcome")), Instant.parse(rs.getString("started_at")),
                            rs.getString("summary")));
                }
            }
            return out;
        });
    }

    /**
     * The latest verdict of each check that was not SKIPPED (a SKIPPED run says nothing about the contract), by check;
     * a check only ever SKIPPED is not in it. Read once at start, for the current-state gauges.
     */
    public Map<CheckKey, Outcome> latestDecided() {
        String sql = "SELECT contract, environment, check_name, outcome FROM verdicts WHERE id IN"
                + " (SELECT max(id) FROM verdicts WHERE outcome <> 'SKIPPED' GROUP BY contract, environment, check_name)";
        return db.read("read the latest verdicts", c -> {
            Map<CheckKey, Outcome> out = new LinkedHashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    out.put(keyOf(rs), Outcome.valueOf(rs.getString("outcome")));
                }
            }
            return out;
        });
    }

    /** The latest {@code limit} verdicts of one check, newest first. */
    @Override
    public Optional<Verdict> lastVerdict(CheckKey key) {
        return history(key, 1).stream().findFirst();
    }

    public List<Verdict> history(CheckKey key, int limit) {
        return db.read("read the history of " + key, c -> {
            List<Verdict> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + VERDICT_COLUMNS + " FROM verdicts WHERE " + BY_KEY + " ORDER BY id DESC LIMIT ?")) {
                bindKey(ps, key);
                ps.setInt(4, Math.max(0, limit));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(verdictOf(rs));
                    }
                }
            }
            return out;
        });
    }

    /** Recomputes every hash in id order; names the first row whose content or link no longer matches. */
    public ChainStatus verifyChain() {
        return db.read("verify the hash chain", c -> {
            long rows = 0;
            Long firstBroken = null;
            String prev = HashChain.GENESIS;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT id, " + VERDICT_COLUMNS + ", prev_hash, hash FROM verdicts ORDER BY id")) {
                while (rs.next()) {
                    rows++;
                    String hash = rs.getString("hash");
                    if (firstBroken == null && !(prev.equals(rs.getString("prev_hash")) && hash.equals(recomputedHash(prev, rs)))) {
                        firstBroken = rs.getLong("id");
                    }
                    prev = hash;
                }
            }
            return firstBroken == null ? ChainStatus.intact(rows) : ChainStatus.brokenAt(rows, firstBroken);
        });
    }

    /**
     * Appends a reading of a docs page. The hash is computed here from the text, so the NULL-text economy
     * below can rely on it; a caller's hash that disagrees is a bug in the caller and is refused.
     */
    @Override
    public synchronized void saveSnapshot(CheckKey key, Snapshot s) {
        Objects.requireNonNull(s.fetchedAt(), "a saved snapshot needs its fetch time");
        Objects.requireNonNull(s.text(), "a saved snapshot needs its text");
        byte[] utf8 = s.text().getBytes(StandardCharsets.UTF_8);
        String hash = sha256(utf8);
        if (s.hash() != null && !s.hash().equalsIgnoreCase(hash)) {
            throw new IllegalArgumentException("snapshot of " + key + " carries hash " + s.hash()
                    + " but its text hashes to " + hash + " (SHA-256 hex of the UTF-8 normalized text)");
        }
        db.write("save a snapshot of " + key, c -> {
            // Same text as the previous reading of this check: record the fetch, not the text again
            // (see V2__docs_snapshots.sql); reads resolve it through the newest text-bearing row of that hash.
            boolean sameAsPrevious = false;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT hash FROM snapshots WHERE " + BY_KEY + " ORDER BY id DESC LIMIT 1")) {
                bindKey(ps, key);
                try (ResultSet rs = ps.executeQuery()) {
                    sameAsPrevious = rs.next() && hash.equals(rs.getString(1));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO snapshots (contract, environment, check_name,"
                    + " fetched_at, hash, text_gz, size, etag, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bindKey(ps, key);
                ps.setString(4, VerdictJson.timestamp(s.fetchedAt()));
                ps.setString(5, hash);
                ps.setBytes(6, sameAsPrevious ? null : gzip(utf8));
                ps.setLong(7, utf8.length);
                ps.setString(8, s.etag());
                ps.setString(9, s.lastModified());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The reading saved last for {@code key}, with its text. */
    @Override
    public Optional<Snapshot> lastSnapshot(CheckKey key) {
        return db.read("read the last snapshot of " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + SNAPSHOT_COLUMNS + " FROM snapshots WHERE " + BY_KEY + " ORDER BY id DESC LIMIT 1")) {
                bindKey(ps, key);
                return firstSnapshot(c, ps);
            }
        });
    }

    /**
     * What the page said at {@code at}: the newest reading fetched at or before it, in {@code environment}
     * or, when that is null, in any environment. For a calendar date pass the end of that day.
     */
    public Optional<Snapshot> snapshotAt(String contract, String environment, String check, Instant at) {
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
    public List<SnapshotEntry> snapshots(String contract, String check) {
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
                        out.add(new SnapshotEntry(keyOf(rs), Instant.parse(rs.getString("fetched_at")), hash,
                                rs.getLong("size"), !hash.equals(rs.getString("prev_hash"))));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void close() {
        db.close();
    }

    private static String recomputedHash(String prev, ResultSet rs) throws SQLException {
        try {
            return HashChain.link(prev, VerdictJson.toText(verdictOf(rs)));
        } catch (RuntimeException e) {
            // A row edited into something unreadable (bad JSON, unknown outcome) is as broken as a wrong hash.
            return "unreadable";
        }
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
            return Optional.of(new Snapshot(Instant.parse(rs.getString("fetched_at")), hash,
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

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
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

    static Verdict verdictOf(ResultSet rs) throws SQLException {
        return new Verdict(keyOf(rs), Outcome.valueOf(rs.getString("outcome")), rs.getString("summary"),
                VerdictJson.findingsFromJson(JSON.readTree(rs.getString("findings"))),
                VerdictJson.evidenceFromJson(JSON.readTree(rs.getString("evidence"))),
                Instant.parse(rs.getString("started_at")), rs.getLong("duration_ms"));
    }

    static CheckKey keyOf(ResultSet rs) throws SQLException {
        return new CheckKey(rs.getString("contract"), rs.getString("environment"), rs.getString("check_name"));
    }

    static void bindKey(PreparedStatement ps, CheckKey key) throws SQLException {
        ps.setString(1, key.contract());
        ps.setString(2, key.environment());
        ps.setString(3, key.check());
    }

}
