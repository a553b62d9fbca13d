package dev.driftwatch.audit;

import dev.driftwatch.check.VerdictJson;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The chain trails kept before the journal (V1 to V4): each verdict row linked to the one before by
 * {@code sha256(prev_hash + "\n" + the CLI's JSON of the verdict)}. Read once, when the journal takes a trail over
 * ({@link JournalAdoption}), with the code that wrote it; its result is chained in the adoption record.
 */
final class LegacyVerdictChain {
    private LegacyVerdictChain() {
    }

    /** Whether the old chain held over every verdict row, where it first broke, and its last hash. */
    record Result(long rows, boolean intact, Long firstBrokenId, String head) {
    }

    static Result verify(Connection c) throws SQLException {
        long rows = 0;
        Long firstBroken = null;
        String prev = ChainKey.GENESIS;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT id, " + SqliteVerdictStore.COLUMNS + ", prev_hash, hash FROM verdicts ORDER BY id")) {
            while (rs.next()) {
                rows++;
                String hash = rs.getString("hash");
                if (firstBroken == null && !(prev.equals(rs.getString("prev_hash")) && hash.equals(recomputed(prev, rs)))) {
                    firstBroken = rs.getLong("id");
                }
                prev = hash;
            }
        }
        return new Result(rows, firstBroken == null, firstBroken, prev);
    }

    private static String recomputed(String prev, ResultSet rs) throws SQLException {
        try {
            return ChainKey.sha256(prev + "\n" + VerdictJson.toText(SqliteVerdictStore.verdictOf(rs)));
        } catch (RuntimeException e) {
            return "unreadable"; // a row edited into something unreadable is as broken as a wrong hash
        }
    }
}
