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
import java.util.List;
import java.util.Map;

/**
 * The known state of every check (V4__known_state_and_alert_groups.sql): read by primary key, so a run
 * costs the same however long the check's history; written only inside the transaction that records
 * the verdict that taught it.
 */
final class KnownStore {
    private static final String BY_KEY = "contract = ? AND environment = ? AND check_name = ?";
    private static final String COLUMNS = "contract, environment, check_name, subject, value, first_seen_at, last_seen_at, gone_at";

    private KnownStore() {
    }

    static KnownState read(Connection c, CheckKey key) throws SQLException {
        Instant baselined = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT baselined_at FROM known_baselines WHERE " + BY_KEY)) {
            AuditTrail.bindKey(ps, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    baselined = IncidentStore.instant(rs, "baselined_at");
                }
            }
        }
        List<KnownFact> facts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM known_facts WHERE " + BY_KEY)) {
            AuditTrail.bindKey(ps, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    facts.add(fact(rs));
                }
            }
        }
        return new KnownState(baselined, facts);
    }

    static Map<CheckKey, KnownFact> across(Connection c, String contract, String subject) throws SQLException {
        Map<CheckKey, KnownFact> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM known_facts WHERE contract = ? AND subject = ?"
                + " ORDER BY environment, check_name")) {
            ps.setString(1, contract);
            ps.setString(2, subject);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(AuditTrail.keyOf(rs), fact(rs));
                }
            }
        }
        return out;
    }

    /** Applies what the verdict learned; a verdict that holds sets the check's baseline if it had none. */
    static void learn(Connection c, Verdict v) throws SQLException {
        CheckKey key = v.key();
        Instant at = v.startedAt();
        for (KnownChanges.Op op : v.knownChanges().ops()) {
            if (op instanceof KnownChanges.Seen seen) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO known_facts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, NULL)"
                        + " ON CONFLICT (contract, environment, check_name, subject) DO UPDATE SET value = excluded.value,"
                        + " last_seen_at = max(last_seen_at, excluded.last_seen_at), gone_at = NULL")) {
                    AuditTrail.bindKey(ps, key);
                    ps.setString(4, seen.subject());
                    ps.setString(5, seen.value());
                    IncidentStore.setInstant(ps, 6, at);
                    IncidentStore.setInstant(ps, 7, at);
                    ps.executeUpdate();
                }
            } else if (op instanceof KnownChanges.Gone gone) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE known_facts SET gone_at = ? WHERE " + BY_KEY
                        + " AND subject = ? AND gone_at IS NULL")) {
                    IncidentStore.setInstant(ps, 1, at);
                    ps.setString(2, key.contract());
                    ps.setString(3, key.environment());
                    ps.setString(4, key.check());
                    ps.setString(5, gone.subject());
                    ps.executeUpdate();
                }
            } else if (op instanceof KnownChanges.Forget forget) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM known_facts WHERE " + BY_KEY + " AND subject = ?")) {
                    AuditTrail.bindKey(ps, key);
                    ps.setString(4, forget.subject());
                    ps.executeUpdate();
                }
            }
        }
        if (v.holds()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO known_baselines"
                    + " (contract, environment, check_name, baselined_at) VALUES (?, ?, ?, ?)")) {
                AuditTrail.bindKey(ps, key);
                ps.setString(4, VerdictJson.timestamp(at));
                ps.executeUpdate();
            }
        }
    }

    private static KnownFact fact(ResultSet rs) throws SQLException {
        return new KnownFact(rs.getString("subject"), rs.getString("value"), IncidentStore.instant(rs, "first_seen_at"),
                IncidentStore.instant(rs, "last_seen_at"), IncidentStore.instant(rs, "gone_at"));
    }
}
