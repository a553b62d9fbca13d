package dev.driftwatch.audit;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The body of a compaction record (canonical form v1): {@code {"rawDays":90,"before":"2026-06-03","days":[…]}}, one
 * entry per daily row written, in the order written:
 * {@code {"row":17,"contract":…,"environment":…,"check":…,"day":"2026-03-01","passes":143,"firstAt":…,"lastAt":…,
 * "durationMinMs":…,"durationMaxMs":…,"durationSumMs":…,"records":[1201,7,7,…]}}. {@code row} is the daily row's id,
 * the fields after it its columns, and {@code records} the sequence numbers of the journal records whose verdict
 * rows it folded, ascending, delta-encoded (the first as it is, then each as its distance from the one before): a
 * day of a check run every ten minutes among a thousand checks takes about 700 bytes, not 1,300.
 */
final class CompactionBody {
    private CompactionBody() {
    }

    /** One daily row written by a compaction: its id, its columns ({@link #row}), the records it folded. */
    record Fold(long row, Map<String, Object> columns, long[] records) {
    }

    /** The columns of a daily row, by their names in the body, in their order there. */
    static Map<String, Object> row(String contract, String environment, String check, String day, long passes, String firstAt, String lastAt,
            long durationMinMs, long durationMaxMs, long durationSumMs) {
        return CanonicalJson.object("contract", contract, "environment", environment, "check", check, "day", day, "passes", passes,
                "firstAt", firstAt, "lastAt", lastAt, "durationMinMs", durationMinMs, "durationMaxMs", durationMaxMs, "durationSumMs", durationSumMs);
    }

    static Map<String, Object> of(int rawDays, LocalDate before, List<Fold> folds) {
        List<Object> days = new ArrayList<>();
        for (Fold f : folds) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("row", f.row());
            entry.putAll(f.columns());
            entry.put("records", deltas(f.records()));
            days.add(entry);
        }
        return CanonicalJson.object("rawDays", rawDays, "before", before.toString(), "days", days);
    }

    /** The entries of a body as stored; tolerant of an edited body (whose hash no longer matches anyway). */
    static List<Entry> entries(JsonNode body) {
        List<Entry> out = new ArrayList<>();
        for (JsonNode e : body.path("days")) {
            Map<String, Object> columns = row(e.path("contract").asString(null), e.path("environment").asString(null), e.path("check").asString(null),
                    e.path("day").asString(null), e.path("passes").asLong(0), e.path("firstAt").asString(null), e.path("lastAt").asString(null),
                    e.path("durationMinMs").asLong(0), e.path("durationMaxMs").asLong(0), e.path("durationSumMs").asLong(0));
            out.add(new Entry(e.path("row").asLong(0), columns, records(e.path("records"))));
        }
        return out;
    }

    /** An entry read back: the daily row's id, its columns, and the sequence numbers of the records it folded. */
    record Entry(long row, Map<String, Object> columns, long[] records) {
    }

    static List<Long> deltas(long[] seqs) {
        long[] sorted = seqs.clone();
        Arrays.sort(sorted);
        List<Long> out = new ArrayList<>(sorted.length);
        long previous = 0;
        for (long seq : sorted) {
            out.add(seq - previous);
            previous = seq;
        }
        return out;
    }

    private static long[] records(JsonNode deltas) {
        long[] out = new long[deltas.size()];
        long seq = 0;
        for (int i = 0; i < out.length; i++) {
            seq += deltas.get(i).asLong(0);
            out[i] = seq;
        }
        return out;
    }
}
