package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.VerdictJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The paid_calls table of the SQLite trail (V1__audit_trail.sql). */
final class SqlitePaidCallStore implements PaidCallStore, ChainedRows {
    private final Transactions db;

    SqlitePaidCallStore(Transactions db) {
        this.db = db;
    }

    @Override
    public boolean reserve(CheckKey key, int dailyBudget, Instant now) {
        if (dailyBudget <= 0) {
            return false;
        }
        String day = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
        return db.write("reserve a paid call for " + key, tx -> {
            Connection c = tx.connection();
            try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM paid_calls WHERE contract = ? AND day = ?")) {
                count.setString(1, key.contract());
                count.setString(2, day);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= dailyBudget) {
                        return false;
                    }
                }
            }
            String at = VerdictJson.timestamp(now);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO paid_calls (contract, environment, check_name, day, reserved_at)"
                    + " VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                Rows.bindKey(insert, key);
                insert.setString(4, day);
                insert.setString(5, at);
                insert.executeUpdate();
                tx.chainRow(RecordKind.PAID_CALL, Rows.generatedId(insert), now,
                        canonical(key.contract(), key.environment(), key.check(), day, at), null);
            }
            return true;
        });
    }

    @Override
    public int countOn(String contract, LocalDate day) {
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

    /** The canonical text of a paid-call row (v1). */
    static String canonical(String contract, String environment, String check, String day, String reservedAt) {
        return CanonicalJson.of(CanonicalJson.object("contract", contract, "environment", environment, "check", check, "day", day,
                "reservedAt", reservedAt));
    }

    @Override
    public RecordKind kind() {
        return RecordKind.PAID_CALL;
    }

    @Override
    public RowCursor rows(Connection c) throws SQLException {
        return rows(c, 0);
    }

    @Override
    public RowCursor rows(Connection c, long fromId) throws SQLException {
        return RowCursor.of(c, "SELECT id, contract, environment, check_name, day, reserved_at FROM paid_calls WHERE id >= " + fromId + " ORDER BY id", rs -> canonical(rs.getString("contract"), rs.getString("environment"), rs.getString("check_name"),
                rs.getString("day"), rs.getString("reserved_at")));
    }
}
