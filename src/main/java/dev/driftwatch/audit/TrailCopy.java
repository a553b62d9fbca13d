package dev.driftwatch.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies an embedded trail into an empty shared one, row for row: every table in the order the migrations created it
 * (incidents before the alerts that point at them), each row with its own id, the journal with its own sequence numbers
 * and hashes — nothing is re-chained, so the copy verifies against the head the original published. Then each table's
 * id sequence is moved past its rows and the journal's high-water mark is carried over.
 */
final class TrailCopy {
    private static final int BATCH = 1_000;

    /** Rows copied, by table. */
    record Report(Map<String, Long> rows) {}

    private TrailCopy() {
    }

    static Report copy(Transactions from, Transactions to) {
        List<String> tables = from.read("list the tables", c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'flyway%' ORDER BY rowid")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
        long highWater = from.read("read the journal's high-water mark", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'journal'), 0)")) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
        Map<String, Long> rows = new LinkedHashMap<>();
        to.write("copy the embedded trail", tx -> {
            Connection target = tx.connection();
            try (Statement s = target.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM journal")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    throw new SQLException("the database already holds an audit trail (" + rs.getLong(1) + " journal records): copy into an empty one");
                }
            }
            for (String table : tables) {
                rows.put(table, copyTable(from, table, target));
            }
            for (String table : tables) {
                String key = table.equals("journal") ? "seq" : "id";
                if (hasIdentity(target, table, key)) {
                    try (Statement s = target.createStatement()) {
                        s.execute("SELECT setval(pg_get_serial_sequence('" + table + "', '" + key + "'), coalesce((SELECT max(" + key + ") FROM " + table + "), 0) + 1, false)");
                    }
                }
            }
            try (PreparedStatement ps = target.prepareStatement("UPDATE journal_high_water SET seq = GREATEST(seq, ?)")) {
                ps.setLong(1, highWater);
                ps.executeUpdate();
            }
            return null;
        });
        return new Report(rows);
    }

    private static long copyTable(Transactions from, String table, Connection target) throws SQLException {
        return from.read("read " + table, c -> {
            long n = 0;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                ResultSetMetaData meta = rs.getMetaData();
                int columns = meta.getColumnCount();
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    names.add(meta.getColumnName(i));
                }
                Map<String, Integer> types = targetTypes(target, table);
                String sql = "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES (" + "?, ".repeat(columns - 1) + "?)";
                try (PreparedStatement insert = target.prepareStatement(sql)) {
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            bind(insert, i, rs, types.getOrDefault(names.get(i - 1), Types.VARCHAR));
                        }
                        insert.addBatch();
                        if (++n % BATCH == 0) {
                            insert.executeBatch();
                        }
                    }
                    insert.executeBatch();
                }
            }
            return n;
        });
    }

    /** A value as the target column holds it: SQLite's dynamic types read as the target declares them. */
    private static void bind(PreparedStatement insert, int i, ResultSet rs, int type) throws SQLException {
        switch (type) {
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT -> {
                long v = rs.getLong(i);
                if (rs.wasNull()) {
                    insert.setNull(i, Types.BIGINT);
                } else {
                    insert.setLong(i, v);
                }
            }
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> insert.setBytes(i, rs.getBytes(i));
            case Types.BOOLEAN, Types.BIT -> {
                boolean v = rs.getBoolean(i);
                if (rs.wasNull()) {
                    insert.setNull(i, Types.BOOLEAN);
                } else {
                    insert.setBoolean(i, v);
                }
            }
            default -> insert.setString(i, rs.getString(i));
        }
    }

    private static Map<String, Integer> targetTypes(Connection target, String table) throws SQLException {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (ResultSet rs = target.getMetaData().getColumns(null, null, table, null)) {
            while (rs.next()) {
                out.put(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"));
            }
        }
        return out;
    }

    private static boolean hasIdentity(Connection target, String table, String column) throws SQLException {
        if (!targetTypes(target, table).containsKey(column)) {
            return false; // a table keyed by the check (alert_checks, known_facts): no sequence
        }
        try (PreparedStatement ps = target.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
            ps.setString(1, table);
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(1) != null;
            }
        }
    }
}
