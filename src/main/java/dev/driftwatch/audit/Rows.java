package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.VerdictJson;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** How every store reads and binds the columns they share: a check's key, and instants as fixed-width UTC text (they sort). */
final class Rows {
    static final String BY_KEY = "contract = ? AND environment = ? AND check_name = ?";

    private Rows() {
    }

    static CheckKey keyOf(ResultSet rs) throws SQLException {
        return new CheckKey(rs.getString("contract"), rs.getString("environment"), rs.getString("check_name"));
    }

    /** Binds the key to parameters 1 to 3. */
    static void bindKey(PreparedStatement ps, CheckKey key) throws SQLException {
        bindKey(ps, 1, key);
    }

    static void bindKey(PreparedStatement ps, int first, CheckKey key) throws SQLException {
        ps.setString(first, key.contract());
        ps.setString(first + 1, key.environment());
        ps.setString(first + 2, key.check());
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        String v = rs.getString(column);
        return v == null ? null : VerdictJson.parseTimestamp(v);
    }

    static void setInstant(PreparedStatement ps, int index, Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, VerdictJson.timestamp(at));
        }
    }

    /** The stored text form of an instant, or null. */
    static String text(Instant at) {
        return at == null ? null : VerdictJson.timestamp(at);
    }

    static long generatedId(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    /** A nullable integer column. */
    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
