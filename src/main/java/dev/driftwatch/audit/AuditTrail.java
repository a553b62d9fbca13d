package dev.driftwatch.audit;

import com.zaxxer.hikari.HikariDataSource;
import dev.driftwatch.check.CheckHistory;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.check.VerdictJson;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The embedded audit trail: every verdict, append-only and hash-chained, and the ledger of paid calls. */
public final class AuditTrail implements CheckHistory, AutoCloseable {
    // Reaches past a run or two that did not record the detail (a timeout, a 5xx) without reading the whole past.
    private static final int EVIDENCE_SCAN_ROWS = 200;
    private static final String VERDICT_COLUMNS =
            "contract, environment, check_name, outcome, summary, findings, evidence, started_at, duration_ms";
    private static final String BY_KEY = "contract = ? AND environment = ? AND check_name = ?";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HikariDataSource pool;
    private final Path file;
    private final Clock clock;

    private AuditTrail(HikariDataSource pool, Path file, Clock clock) {
        this.pool = pool;
        this.file = file;
        this.clock = clock;
    }

    /** Opens the SQLite file, creating it and its directory if needed; fails with an {@link AuditException}. */
    public static AuditTrail openSqlite(Path file) {
        return new AuditTrail(SqliteFile.open(file), file, Clock.systemUTC());
    }

    /** Appends the verdict, chained to the row before it. Synchronized so the chain stays one line. */
    public synchronized void record(Verdict v) {
        Objects.requireNonNull(v.startedAt(), "a recorded verdict needs its start time");
        // Store what the JSON form reads back as, so verifyChain can recompute the hash from the row alone.
        Verdict stored = VerdictJson.fromJson(VerdictJson.toJson(v));
        JsonNode json = VerdictJson.toJson(stored);
        inWriteTransaction("record the verdict of " + v.key(), c -> {
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
            return null;
        });
    }

    @Override
    public Optional<Evidence> lastEvidenceWith(CheckKey key, String name) {
        return read("read the evidence of " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT evidence FROM verdicts WHERE " + BY_KEY + " ORDER BY id DESC LIMIT " + EVIDENCE_SCAN_ROWS)) {
                bindKey(ps, key);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        JsonNode evidence = JSON.readTree(rs.getString(1));
                        if (evidence.has(name)) {
                            return Optional.of(VerdictJson.evidenceFromJson(evidence));
                        }
                    }
                }
            }
            return Optional.empty();
        });
    }

    @Override
    public boolean reservePaidCall(CheckKey key, int dailyBudget, Instant now) {
        if (dailyBudget <= 0) {
            return false;
        }
        String day = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
        // The count and the insert share one write transaction, so two environments (or two processes)
        // cannot both see the last unit of budget as free.
        return inWriteTransaction("reserve a paid call for " + key, c -> {
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

    /** One row per check ever recorded, ordered by contract, environment, check. */
    public List<LastVerified> lastVerified() {
        String sql = "SELECT v.contract, v.environment, v.check_name, v.outcome, v.started_at, v.summary,"
                + " (SELECT max(p.started_at) FROM verdicts p WHERE p.contract = v.contract"
                + "  AND p.environment = v.environment AND p.check_name = v.check_name AND p.outcome = 'PASS') AS last_pass"
                + " FROM verdicts v"
                + " WHERE v.id IN (SELECT max(id) FROM verdicts GROUP BY contract, environment, check_name)"
                + " ORDER BY v.contract, v.environment, v.check_name";
        return read("list the last verified checks", c -> {
            List<LastVerified> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    String lastPass = rs.getString("last_pass");
                    out.add(new LastVerified(keyOf(rs), lastPass == null ? null : Instant.parse(lastPass),
                            Outcome.valueOf(rs.getString("outcome")), Instant.parse(rs.getString("started_at")),
                            rs.getString("summary")));
                }
            }
            return out;
        });
    }

    /** The latest {@code limit} verdicts of one check, newest first. */
    public List<Verdict> history(CheckKey key, int limit) {
        return read("read the history of " + key, c -> {
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
        return read("verify the hash chain", c -> {
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

    @Override
    public void close() {
        pool.close();
    }

    private static String recomputedHash(String prev, ResultSet rs) throws SQLException {
        try {
            return HashChain.link(prev, VerdictJson.toText(verdictOf(rs)));
        } catch (RuntimeException e) {
            // A row edited into something unreadable (bad JSON, unknown outcome) is as broken as a wrong hash.
            return "unreadable";
        }
    }

    private static Verdict verdictOf(ResultSet rs) throws SQLException {
        return new Verdict(keyOf(rs), Outcome.valueOf(rs.getString("outcome")), rs.getString("summary"),
                VerdictJson.findingsFromJson(JSON.readTree(rs.getString("findings"))),
                VerdictJson.evidenceFromJson(JSON.readTree(rs.getString("evidence"))),
                Instant.parse(rs.getString("started_at")), rs.getLong("duration_ms"));
    }

    private static CheckKey keyOf(ResultSet rs) throws SQLException {
        return new CheckKey(rs.getString("contract"), rs.getString("environment"), rs.getString("check_name"));
    }

    private static void bindKey(PreparedStatement ps, CheckKey key) throws SQLException {
        ps.setString(1, key.contract());
        ps.setString(2, key.environment());
        ps.setString(3, key.check());
    }

    private <T> T read(String what, SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.apply(c);
        } catch (SQLException | RuntimeException e) {
            throw AuditException.cannot(what, file, e);
        }
    }

    /** BEGIN IMMEDIATE takes SQLite's write lock up front, so what a transaction reads is still true when it writes. */
    private <T> T inWriteTransaction(String what, SqlWork<T> work) {
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

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }
}
