package dev.driftwatch.audit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A table updated in place (incidents, the outbox) whose chained columns are exactly what its events say: each event
 * body names the columns it set. Verification replays the events and compares the result with the table, so an
 * edited, inserted or deleted row shows. Columns left out (an alert's lease and attempt count) are working state.
 */
final class ReplayedTable {
    private final String table;
    private final List<Column> columns;
    private final Set<RecordKind> kinds;

    ReplayedTable(String table, Set<RecordKind> kinds, List<Column> columns) {
        this.table = table;
        this.kinds = kinds;
        this.columns = columns;
    }

    String table() {
        return table;
    }

    /** The events that set this table's rows. */
    Set<RecordKind> kinds() {
        return kinds;
    }

    /** An event body: the named fields with their values, in the given order; every name must be a column's field. */
    Map<String, Object> body(Object... fieldsAndValues) {
        Map<String, Object> body = CanonicalJson.object(fieldsAndValues);
        Set<String> known = columns.stream().map(Column::field).collect(Collectors.toSet());
        for (String field : body.keySet()) {
            if (!known.contains(field)) {
                throw new IllegalArgumentException(field + " is not a chained column of " + table);
            }
        }
        return body;
    }

    /** Applies one event to the row it names, starting from a row of nulls. */
    void apply(Map<Long, Map<String, Object>> rows, long id, JsonNode body) {
        Map<String, Object> row = rows.computeIfAbsent(id, k -> empty());
        for (Column col : columns) {
            JsonNode v = body.get(col.field());
            if (v != null) {
                row.put(col.field(), v.isNull() ? null : col.integer() ? (Object) v.asLong() : v.asString());
            }
        }
    }

    /**
     * The chained columns of every row as they are, by id. A column a later migration adds is null until then (the
     * journal adopts a trail at migration 6, before the columns of migration 8 exist).
     */
    Map<Long, Map<String, Object>> current(Connection c) throws SQLException {
        Set<String> present = new java.util.HashSet<>();
        try (ResultSet rs = c.getMetaData().getColumns(null, null, table, null)) {
            while (rs.next()) {
                present.add(rs.getString("COLUMN_NAME"));
            }
        }
        String select = columns.stream().map(col -> present.contains(col.sql()) ? col.sql() : "NULL AS " + col.sql()).collect(Collectors.joining(", "));
        Map<Long, Map<String, Object>> out = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, " + select + " FROM " + table + " ORDER BY id")) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (Column col : columns) {
                    Object v = col.integer() ? (Object) rs.getLong(col.sql()) : rs.getString(col.sql());
                    row.put(col.field(), rs.wasNull() ? null : v);
                }
                out.put(rs.getLong("id"), row);
            }
        }
        return out;
    }

    private Map<String, Object> empty() {
        Map<String, Object> row = new LinkedHashMap<>();
        columns.forEach(col -> row.put(col.field(), null));
        return row;
    }

    /** A chained column: its name in event bodies, in SQL, and whether it holds an integer (else text). */
    record Column(String field, String sql, boolean integer) {
        static Column text(String field, String sql) {
            return new Column(field, sql, false);
        }

        static Column integer(String field, String sql) {
            return new Column(field, sql, true);
        }
    }
}
