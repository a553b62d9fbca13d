package dev.driftwatch.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * Rows of an audit listing, printed as a table that fits the terminal (its last column cut at {@code COLUMNS}, between
 * 80 and 120, or 120 when the shell does not export it), as one JSON
 * document for {@code jq} (the rows under {@code name}), or as CSV with a header row and RFC 4180 quoting. The JSON
 * and CSV forms carry every field in full; the table shows {@code tableColumns} of them.
 */
final class Listing {
    /** The widest line a table prints. */
    static final int WIDTH = 120;
    /** The narrowest terminal a table is cut for: below it the DETAIL column would be gone. */
    static final int MIN_WIDTH = 80;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** How a listing is printed. */
    enum Format { table, json, csv }

    private final String name;
    private final List<String> fields;
    private final List<String> tableOnly;
    private final List<Map<String, Object>> rows = new ArrayList<>();

    /**
     * @param name the JSON field that holds the rows; {@code fields} the fields of every row, in order
     * @param tableOnly fields only the table shows (a shortened form of others)
     */
    Listing(String name, List<String> fields, List<String> tableOnly) {
        this.name = name;
        this.fields = List.copyOf(fields);
        this.tableOnly = List.copyOf(tableOnly);
    }

    /** Adds a row: one value per field, in order (strings, numbers, booleans or null). */
    Listing add(Object... values) {
        if (values.length != fields.size()) {
            throw new IllegalArgumentException(fields.size() + " values expected, got " + values.length);
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            row.put(fields.get(i), values[i]);
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void printJson(PrintWriter out, Map<String, Object> header) {
        ObjectNode root = JSON.createObjectNode();
        header.forEach((k, v) -> root.set(k, JSON.valueToTree(v)));
        ArrayNode list = root.putArray(name);
        rows.forEach(r -> list.add(JSON.valueToTree(exported(r))));
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    void printCsv(PrintWriter out) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        fields.stream().filter(f -> !tableOnly.contains(f)).forEach(schema::addColumn);
        CsvMapper csv = CsvMapper.builder().build();
        out.print(csv.writer(schema.build()).writeValueAsString(rows.stream().map(this::exported).toList()));
        out.flush();
    }

    private Map<String, Object> exported(Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>(row);
        tableOnly.forEach(out::remove);
        return out;
    }

    /**
     * How wide a table may be: {@code COLUMNS} when the shell exports it, kept between {@link #MIN_WIDTH} and
     * {@link #WIDTH}; {@link #WIDTH} otherwise (a pipe, or a shell that does not export it).
     */
    static int width(Map<String, String> env) {
        String columns = env.get("COLUMNS");
        if (columns != null && columns.strip().matches("\\d{1,4}")) {
            return Math.max(MIN_WIDTH, Math.min(WIDTH, Integer.parseInt(columns.strip())));
        }
        return WIDTH;
    }

    /**
     * The table: each of {@code columns} (field, header) as wide as its widest value, the last one cut so a line
     * stays within {@code maxWidth}.
     */
    void printTable(PrintWriter out, int maxWidth, List<String[]> columns) {
        int n = columns.size();
        int[] width = new int[n];
        List<String[]> lines = new ArrayList<>();
        String[] head = new String[n];
        for (int i = 0; i < n; i++) {
            head[i] = columns.get(i)[1];
        }
        lines.add(head);
        for (Map<String, Object> row : rows) {
            String[] cells = new String[n];
            for (int i = 0; i < n; i++) {
                Object v = row.get(columns.get(i)[0]);
                cells[i] = v == null ? "" : String.valueOf(v).replaceAll("\\s+", " ");
            }
            lines.add(cells);
        }
        for (String[] cells : lines) {
            for (int i = 0; i < n - 1; i++) {
                width[i] = Math.max(width[i], cells[i].length());
            }
        }
        for (String[] cells : lines) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < n - 1; i++) {
                line.append(String.format("%-" + width[i] + "s", cells[i])).append("  ");
            }
            line.append(cells[n - 1]);
            out.println(cut(line.toString().stripTrailing(), maxWidth));
        }
    }

    /** {@code line} as it fits {@code maxWidth} columns: cut, with an ellipsis saying so. */
    static String cut(String line, int maxWidth) {
        return line.length() <= maxWidth ? line : line.substring(0, maxWidth - 1) + "…";
    }
}
