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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Compaction of the SQLite trail (V10__verdict_days.sql): moves old PASS verdicts from {@code verdicts} into
 * {@code verdict_days}, keeps the digest of each folded verdict's journal record (what verification links with once
 * the row is gone), and chains a compaction record naming all of it. Also reads both back for verification.
 *
 * <p>Which PASS verdicts stay as they are, whatever their age: one whose check's verdict before it (in the order
 * recorded) was not a PASS, or that is its check's first (a state change, so "since when did it hold again" stays
 * answerable), and each check's newest PASS (so the latest verdict, the latest decided one and when a check last ran
 * stay what they were). The verdict before a PASS is never folded away from under it: folded rows are PASS verdicts
 * after a PASS, and the first PASS of every run of them stays, so the question has the same answer before and after.
 */
final class SqliteRetention implements Retention, CompactionCheck.Source {
    /** Verdicts looked at per write transaction: a few hundred milliseconds of the write lock at most. */
    static final int ROWS_PER_TRANSACTION = 5_000;
    private static final String DAY_COLUMNS = "contract, environment, check_name, day, passes, first_at, last_at, duration_min_ms,"
            + " duration_max_ms, duration_sum_ms";
    private final Transactions db;
    private final ChainKey key;
    private final int rowsPerTransaction;

    SqliteRetention(Transactions db, ChainKey key) {
        this(db, key, ROWS_PER_TRANSACTION);
    }

    /** With another transaction size: the scenarios fold a day in several parts with a small one. */
    SqliteRetention(Transactions db, ChainKey key, int rowsPerTransaction) {
        this.db = db;
        this.key = key;
        this.rowsPerTransaction = rowsPerTransaction;
    }

    @Override
    public CompactionReport compact(Instant now, int rawDays, boolean dryRun, BooleanSupplier goOn) {
        if (rawDays < 1) {
            throw new IllegalArgumentException("rawDays must be 1 or more, got " + rawDays);
        }
        LocalDate before = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(rawDays);
        Run run = new Run(db.read("list the checks", SqliteRetention::checks), before, rawDays, now, dryRun);
        while (!run.done() && goOn.getAsBoolean()) {
            if (dryRun) {
                db.read("plan the compaction of the verdicts before " + before, c -> run.batch(c, null));
            } else {
                db.write("compact the verdicts before " + before, tx -> run.batch(tx.connection(), tx));
            }
        }
        return run.report();
    }

    /**
     * Every check with a verdict, by skipping through the index from one check to the next (one seek per check,
     * however many verdicts each has).
     */
    private static List<CheckKey> checks(Connection c) throws SQLException {
        List<CheckKey> out = new ArrayList<>();
        try (PreparedStatement first = c.prepareStatement("SELECT contract, environment, check_name FROM verdicts"
                + " ORDER BY contract, environment, check_name LIMIT 1");
             PreparedStatement next = c.prepareStatement("SELECT contract, environment, check_name FROM verdicts"
                     + " WHERE (contract, environment, check_name) > (?, ?, ?) ORDER BY contract, environment, check_name LIMIT 1")) {
            PreparedStatement ps = first;
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return out;
                    }
                    out.add(Rows.keyOf(rs));
                }
                Rows.bindKey(next, out.get(out.size() - 1));
                ps = next;
            }
        }
    }

    /** The state of one compaction across its transactions: which check it is at, and where in that check's history. */
    private final class Run {
        final List<CheckKey> keys;
        final LocalDate before;
        final String until;
        final int rawDays;
        final Instant now;
        final boolean dryRun;
        final List<FoldedDay> folded = new ArrayList<>();
        long kept;
        long unmatched;
        long unkeyed;
        int records;
        int index;
        /** The last verdict looked at of the current check (its start and id); null before the first. */
        String afterAt;
        long afterId;
        /** The current check's newest PASS, kept; 0 when not read yet for it. */
        long newestPass;

        Run(List<CheckKey> keys, LocalDate before, int rawDays, Instant now, boolean dryRun) {
            this.keys = keys;
            this.before = before;
            this.until = Rows.text(before.atStartOfDay(ZoneOffset.UTC).toInstant());
            this.rawDays = rawDays;
            this.now = now;
            this.dryRun = dryRun;
        }

        boolean done() {
            return index >= keys.size();
        }

        CompactionReport report() {
            return new CompactionReport(before, dryRun, folded, kept, unmatched, unkeyed, records, done());
        }

        private void nextCheck() {
            index++;
            afterAt = null;
            afterId = 0;
            newestPass = 0;
        }

        /**
         * One transaction's work: whole days of one check after another until about {@link #rowsPerTransaction}
         * verdicts were looked at; a day with more PASS verdicts than that is folded in parts, each in a transaction of
         * its own. {@code tx} null: a dry run, which writes nothing.
         */
        Void batch(Connection c, Transaction tx) throws SQLException {
            int budget = rowsPerTransaction;
            boolean fresh = true;
            List<CompactionBody.Fold> folds = new ArrayList<>();
            try (Folding folding = new Folding(c, tx != null)) {
                while (budget > 0 && !done()) {
                    CheckKey k = keys.get(index);
                    if (newestPass == 0) {
                        newestPass = newestPass(c, k);
                    }
                    List<Candidate> rows = candidates(c, k, budget);
                    boolean more = rows.size() == budget;
                    if (more) {
                        String lastDay = rows.get(rows.size() - 1).day();
                        int cut = 0;
                        while (!rows.get(cut).day().equals(lastDay)) {
                            cut++;
                        }
                        if (cut > 0) {
                            rows = rows.subList(0, cut); // the last day may go on: it waits for the next transaction
                        } else if (!fresh) {
                            break; // a day larger than what is left of this transaction: the next one takes it whole
                        }
                    }
                    int from = 0;
                    for (int i = 1; i <= rows.size(); i++) {
                        if (i == rows.size() || !rows.get(i).day().equals(rows.get(from).day())) {
                            CompactionBody.Fold fold = fold(folding, k, rows.subList(from, i));
                            if (fold != null) {
                                folds.add(fold);
                            }
                            from = i;
                        }
                    }
                    if (!rows.isEmpty()) {
                        Candidate last = rows.get(rows.size() - 1);
                        afterAt = last.startedAt();
                        afterId = last.id();
                    }
                    budget -= rows.size();
                    fresh = false;
                    if (!more) {
                        nextCheck();
                    }
                }
                folding.flush();
            }
            if (tx != null && !folds.isEmpty()) {
                tx.chainEvent(RecordKind.COMPACTION, null, now, CompactionBody.of(rawDays, before, folds));
                records++;
            }
            return null;
        }

        /** The PASS verdicts of {@code k} due, after the last one looked at, in order of their start, with the verdict before each. */
        private List<Candidate> candidates(Connection c, CheckKey k, int limit) throws SQLException {
            // outcome IN (…) lets SQLite use the partial index verdicts_last_held; (started_at, id) resumes after the last row.
            try (PreparedStatement ps = c.prepareStatement("SELECT id, " + SqliteVerdictStore.COLUMNS + ", recorded_at,"
                    + " (SELECT p.outcome FROM verdicts p WHERE p.contract = v.contract AND p.environment = v.environment"
                    + "  AND p.check_name = v.check_name AND p.id < v.id ORDER BY p.id DESC LIMIT 1) AS previous"
                    + " FROM verdicts v WHERE " + Rows.BY_KEY + " AND outcome IN ('PASS', 'CHANGED') AND outcome = 'PASS'"
                    + " AND (started_at, id) > (?, ?) AND started_at < ? ORDER BY started_at, id LIMIT ?")) {
                Rows.bindKey(ps, k);
                ps.setString(4, afterAt == null ? "" : afterAt);
                ps.setLong(5, afterId);
                ps.setString(6, until);
                ps.setInt(7, limit);
                List<Candidate> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Candidate(rs.getLong("id"), rs.getString("started_at"), rs.getLong("duration_ms"), rs.getString("previous"),
                                SqliteVerdictStore.canonicalOf(rs)));
                    }
                }
                return out;
            }
        }

        /** Folds one day's due PASS verdicts of {@code k} (or a part of the day): null when none of them may be folded. */
        private CompactionBody.Fold fold(Folding folding, CheckKey k, List<Candidate> day) throws SQLException {
            List<Long> seqs = new ArrayList<>();
            String firstAt = null;
            String lastAt = null;
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            long sum = 0;
            for (Candidate v : day) {
                if (v.id() == newestPass || !"PASS".equals(v.previous())) {
                    kept++;
                    continue;
                }
                Folding.Verdict record = folding.record(v);
                if (record == Folding.Verdict.UNKEYED) {
                    unkeyed++;
                    continue;
                }
                if (record == Folding.Verdict.UNMATCHED) {
                    unmatched++;
                    continue;
                }
                seqs.add(folding.lastSeq());
                firstAt = firstAt == null || v.startedAt().compareTo(firstAt) < 0 ? v.startedAt() : firstAt;
                lastAt = lastAt == null || v.startedAt().compareTo(lastAt) > 0 ? v.startedAt() : lastAt;
                min = Math.min(min, v.durationMs());
                max = Math.max(max, v.durationMs());
                sum += v.durationMs();
            }
            if (seqs.isEmpty()) {
                return null;
            }
            String dayText = day.get(0).day();
            Map<String, Object> columns = CompactionBody.row(k.contract(), k.environment(), k.check(), dayText, seqs.size(), firstAt, lastAt,
                    min, max, sum);
            long row = folding.writeDay(k, dayText, seqs.size(), firstAt, lastAt, min, max, sum);
            folded.add(new FoldedDay(k, LocalDate.parse(dayText), seqs.size(), VerdictJson.parseTimestamp(firstAt), VerdictJson.parseTimestamp(lastAt), min, max, sum));
            return new CompactionBody.Fold(row, columns, seqs.stream().mapToLong(Long::longValue).toArray());
        }
    }

    /** The newest PASS verdict of {@code k}: walks its verdicts back from the newest, which is one step when it holds. */
    private static long newestPass(Connection c, CheckKey k) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM verdicts WHERE " + Rows.BY_KEY + " AND outcome = 'PASS' ORDER BY id DESC LIMIT 1")) {
            Rows.bindKey(ps, k);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    /** A PASS verdict due for folding: its id, start, duration, the outcome of its check's verdict before it, its canonical text. */
    private record Candidate(long id, String startedAt, long durationMs, String previous, String canonical) {
        String day() {
            return startedAt.substring(0, 10);
        }
    }

    /**
     * The statements of one transaction's folding. Before a verdict row goes, its journal record is checked to link
     * (exactly as verification will check it with the digest kept): a row edited, or inserted without a record,
     * stays where it is, as the evidence {@code audit verify} reports.
     */
    private final class Folding implements AutoCloseable {
        enum Verdict { FOLDED, UNMATCHED, UNKEYED }

        private final boolean write;
        private final PreparedStatement record;
        private final PreparedStatement previousHash;
        private final PreparedStatement keepDigest;
        private final PreparedStatement delete;
        private final PreparedStatement insertDay;
        private long lastSeq;

        Folding(Connection c, boolean write) throws SQLException {
            this.write = write;
            this.record = c.prepareStatement("SELECT seq, kind, ref, at, body, keyed, hash FROM journal WHERE kind = 'verdict' AND ref = ?");
            this.previousHash = c.prepareStatement("SELECT hash FROM journal WHERE seq < ? ORDER BY seq DESC LIMIT 1");
            this.keepDigest = write ? c.prepareStatement("UPDATE journal SET digest = ? WHERE seq = ?") : null;
            this.delete = write ? c.prepareStatement("DELETE FROM verdicts WHERE id = ?") : null;
            this.insertDay = write ? c.prepareStatement("INSERT INTO verdict_days (" + DAY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS) : null;
        }

        /** Checks the record of {@code v}, and when it links, keeps its digest and deletes the row (when writing). */
        Verdict record(Candidate v) throws SQLException {
            record.setLong(1, v.id());
            long seq;
            String digest;
            boolean keyed;
            String hash;
            try (ResultSet rs = record.executeQuery()) {
                if (!rs.next()) {
                    return Verdict.UNMATCHED; // a row no record chained
                }
                seq = rs.getLong("seq");
                keyed = rs.getInt("keyed") == 1;
                hash = rs.getString("hash");
                digest = ChainKey.sha256(CanonicalRecord.text(seq, rs.getString("kind"), rs.getLong("ref"), rs.getString("at"), v.canonical(),
                        rs.getString("body")));
                if (rs.next()) {
                    return Verdict.UNMATCHED; // two records claim the row
                }
            }
            if (keyed && !key.present()) {
                return Verdict.UNKEYED;
            }
            previousHash.setLong(1, seq);
            String previous;
            try (ResultSet rs = previousHash.executeQuery()) {
                previous = rs.next() ? rs.getString(1) : ChainKey.GENESIS;
            }
            if (!key.link(previous, digest, keyed).equals(hash)) {
                return Verdict.UNMATCHED;
            }
            lastSeq = seq;
            if (write) {
                keepDigest.setString(1, digest);
                keepDigest.setLong(2, seq);
                keepDigest.addBatch();
                delete.setLong(1, v.id());
                delete.addBatch();
            }
            return Verdict.FOLDED;
        }

        /** The journal record of the verdict {@link #record} last folded. */
        long lastSeq() {
            return lastSeq;
        }

        /** Writes a daily row and answers its id; 0 on a dry run. */
        long writeDay(CheckKey k, String day, long passes, String firstAt, String lastAt, long min, long max, long sum) throws SQLException {
            if (!write) {
                return 0;
            }
            Rows.bindKey(insertDay, k);
            insertDay.setString(4, day);
            insertDay.setLong(5, passes);
            insertDay.setString(6, firstAt);
            insertDay.setString(7, lastAt);
            insertDay.setLong(8, min);
            insertDay.setLong(9, max);
            insertDay.setLong(10, sum);
            insertDay.executeUpdate();
            return Rows.generatedId(insertDay);
        }

        void flush() throws SQLException {
            if (write) {
                keepDigest.executeBatch();
                delete.executeBatch();
            }
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement ps : new PreparedStatement[] {record, previousHash, keepDigest, delete, insertDay}) {
                if (ps != null) {
                    ps.close();
                }
            }
        }
    }

    // Verification reads what compaction wrote.

    @Override
    public void eachCompaction(Connection c, CompactionCheck.Body each) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT seq, body FROM journal WHERE kind = 'compaction' ORDER BY seq")) {
            while (rs.next()) {
                each.accept(rs.getLong(1), rs.getString(2));
            }
        }
    }

    @Override
    public CompactionCheck.Days days(Connection c) throws SQLException {
        Statement s = c.createStatement();
        ResultSet rs;
        try {
            rs = s.executeQuery("SELECT id, " + DAY_COLUMNS + " FROM verdict_days ORDER BY id");
        } catch (SQLException e) {
            s.close();
            throw e;
        }
        return new CompactionCheck.Days() {
            @Override
            public boolean next() throws SQLException {
                return rs.next();
            }

            @Override
            public long id() throws SQLException {
                return rs.getLong("id");
            }

            @Override
            public Map<String, Object> columns() throws SQLException {
                return CompactionBody.row(rs.getString("contract"), rs.getString("environment"), rs.getString("check_name"), rs.getString("day"),
                        rs.getLong("passes"), rs.getString("first_at"), rs.getString("last_at"), rs.getLong("duration_min_ms"),
                        rs.getLong("duration_max_ms"), rs.getLong("duration_sum_ms"));
            }

            @Override
            public void close() throws SQLException {
                s.close();
            }
        };
    }
}
