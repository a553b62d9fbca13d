package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.KnownChanges;
import dev.driftwatch.check.KnownFact;
import dev.driftwatch.check.KnownState;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.check.VerdictJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The known_facts and known_baselines tables of the SQLite trail (V4__known_state_and_alert_groups.sql). */
final class SqliteKnownStore implements KnownStore {
    private static final String BY_KEY = Rows.BY_KEY;
    private static final String COLUMNS = "contract, environment, check_name, subject, value, first_seen_at, last_seen_at, gone_at";

    /** The check's part of its seal: its baseline and every fact it knows. */
    static final SealedState SEALED = new SealedState() {
        @Override
        public Object stateOf(Connection c, CheckKey key) throws SQLException {
            String baseline = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT baselined_at FROM known_baselines WHERE " + BY_KEY)) {
                Rows.bindKey(ps, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        baseline = rs.getString(1);
                    }
                }
            }
            List<Object> facts = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT subject, value, first_seen_at, last_seen_at, gone_at FROM known_facts WHERE "
                    + BY_KEY + " ORDER BY subject")) {
                Rows.bindKey(ps, key);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        facts.add(java.util.Arrays.asList(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                    }
                }
            }
            return CanonicalJson.object("baseline", baseline, "facts", facts);
        }

        @Override
        public Set<CheckKey> keysWithState(Connection c) throws SQLException {
            Set<CheckKey> out = new LinkedHashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT contract, environment, check_name FROM known_baselines"
                    + " UNION SELECT contract, environment, check_name FROM known_facts");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Rows.keyOf(rs));
                }
            }
            return out;
        }
    };

    private final Transactions db;

    SqliteKnownStore(Transactions db) {
        this.db = db;
    }

    @Override
    public KnownState read(CheckKey key) {
        return db.read("read what " + key + " knows", c -> read(c, key));
    }

    @Override
    public Map<CheckKey, KnownFact> across(String contract, String subject) {
        return db.read("read " + subject + " of " + contract, c -> across(c, contract, subject));
    }

    @Override
    public void learn(Transaction tx, Verdict v) {
        try {
            learn(tx.connection(), v);
        } catch (SQLException e) {
            throw new AuditException("cannot write what " + v.key() + " learned: " + e.getMessage(), e);
        }
        tx.stateChanged(v.key());
    }

    private static KnownState read(Connection c, CheckKey key) throws SQLException {
        Instant baselined = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT baselined_at FROM known_baselines WHERE " + BY_KEY)) {
            Rows.bindKey(ps, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    baselined = Rows.instant(rs, "baselined_at");
                }
            }
        }
        List<KnownFact> facts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM known_facts WHERE " + BY_KEY)) {
            Rows.bindKey(ps, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    facts.add(fact(rs));
                }
            }
        }
        return new KnownState(baselined, facts);
    }

    /** Writes facts a person adopted ({@code driftwatch accept}) in {@code tx}, seen at {@code at}; sealed with the transaction's record. */
    void adopt(Transaction tx, CheckKey key, KnownChanges changes, Instant at) {
        try {
            apply(tx.connection(), key, changes, at);
        } catch (SQLException e) {
            throw new AuditException("cannot write what " + key + " accepted: " + e.getMessage(), e);
        }
        tx.stateChanged(key);
    }

    private static Map<CheckKey, KnownFact> across(Connection c, String contract, String subject) throws SQLException {
        Map<CheckKey, KnownFact> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM known_facts WHERE contract = ? AND subject = ?"
                + " ORDER BY environment, check_name")) {
            ps.setString(1, contract);
            ps.setString(2, subject);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(Rows.keyOf(rs), fact(rs));
                }
            }
        }
        return out;
    }

    private static void learn(Connection c, Verdict v) throws SQLException {
        CheckKey key = v.key();
        Instant at = v.startedAt();
        apply(c, key, v.knownChanges(), at);
        if (v.holds()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO known_baselines"
                    + " (contract, environment, check_name, baselined_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                Rows.bindKey(ps, key);
                ps.setString(4, VerdictJson.timestamp(at));
                ps.executeUpdate();
            }
        }
    }

    private static void apply(Connection c, CheckKey key, KnownChanges changes, Instant at) throws SQLException {
        for (KnownChanges.Op op : changes.ops()) {
            if (op instanceof KnownChanges.Seen seen) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO known_facts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, NULL)"
                        + " ON CONFLICT (contract, environment, check_name, subject) DO UPDATE SET value = excluded.value,"
                        + " last_seen_at = CASE WHEN excluded.last_seen_at > known_facts.last_seen_at THEN excluded.last_seen_at ELSE known_facts.last_seen_at END, gone_at = NULL")) {
                    Rows.bindKey(ps, key);
                    ps.setString(4, seen.subject());
                    ps.setString(5, seen.value());
                    Rows.setInstant(ps, 6, at);
                    Rows.setInstant(ps, 7, at);
                    ps.executeUpdate();
                }
            } else if (op instanceof KnownChanges.Gone gone) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE known_facts SET gone_at = ? WHERE " + BY_KEY
                        + " AND subject = ? AND gone_at IS NULL")) {
                    Rows.setInstant(ps, 1, at);
                    ps.setString(2, key.contract());
                    ps.setString(3, key.environment());
                    ps.setString(4, key.check());
                    ps.setString(5, gone.subject());
                    ps.executeUpdate();
                }
            } else if (op instanceof KnownChanges.Forget forget) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM known_facts WHERE " + BY_KEY + " AND subject = ?")) {
                    Rows.bindKey(ps, key);
                    ps.setString(4, forget.subject());
                    ps.executeUpdate();
                }
            }
        }
    }

    private static KnownFact fact(ResultSet rs) throws SQLException {
        return new KnownFact(rs.getString("subject"), rs.getString("value"), Rows.instant(rs, "first_seen_at"),
                Rows.instant(rs, "last_seen_at"), Rows.instant(rs, "gone_at"));
    }
}
