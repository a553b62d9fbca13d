package dev.driftwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The export beside the journal it comes from: a record whose row was compacted away travels with the digest it kept
 * and still verifies, and the walk both share starts each table at the first row the records chain, whether or not
 * the store narrows its query.
 */
class JournalExportTest extends AuditTrailFileTest {

    @BeforeEach
    void writeATrail() {
        JournalTest.fill(trail);
    }

    @Test
    void aRecordWhoseRowWasCompactedAwayTravelsWithItsKeptDigestAndVerifies() throws Exception {
        // Five PASS verdicts of a check on one day, compacted half a year later: the three between its first and its
        // newest are folded into a daily row, their records keep their digests and lose their rows.
        CheckKey endpoint = new CheckKey("wisgate-gpt-image-2", "production", "endpoint");
        Instant may2 = Instant.parse("2026-05-02T08:00:00Z");
        for (int i = 0; i < 5; i++) {
            trail.record(new Verdict(endpoint, Outcome.PASS, "refused n: 0", List.of(), Evidence.NONE, may2.plusSeconds(3600L * i), 30));
        }
        CompactionReport folded = trail.retention().compact(Instant.parse("2026-11-30T00:00:00Z"), 90, false, () -> true);
        assertThat(folded.foldedVerdicts()).isEqualTo(3);
        assertThat(trail.journal().verify(null).problems()).as("the journal itself").isEmpty();

        List<String> lines = export();
        int compacted = indexOf(lines, "\"kind\":\"verdict\"", "\"row\":null");
        assertThat(lines.get(compacted)).doesNotContain("\"digest\":null");
        assertThat(lines).anyMatch(l -> l.contains("\"kind\":\"compaction\""));
        assertThat(check(lines).chain().problems()).isEmpty();

        List<String> edited = new ArrayList<>(lines);
        edited.set(compacted, lines.get(compacted).replaceFirst("\"digest\":\"[0-9a-f]", "\"digest\":\"x"));
        assertThat(check(edited).chain().first().type()).isEqualTo(ChainProblem.Type.ALTERED);
    }

    @Test
    void aDigestFilledInByHandForARowDeletedOutsideCompactionIsReportedInTheTrailAndInItsExport() throws Exception {
        // What compaction would do to a verdict, done by hand: keep the record's digest, drop the row.
        long seq;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            long verdict = query(c, "SELECT min(id) FROM verdicts WHERE outcome = 'PASS'");
            seq = query(c, "SELECT seq FROM journal WHERE kind = 'verdict' AND ref = " + verdict);
            String row;
            try (RowCursor rows = new SqliteVerdictStore(null).rows(c, verdict)) {
                rows.next();
                row = rows.canonical();
            }
            JournalRecord r = trail.journal().record(seq).orElseThrow();
            try (PreparedStatement ps = c.prepareStatement("UPDATE journal SET digest = ? WHERE seq = ?")) {
                ps.setString(1, ChainKey.sha256(CanonicalRecord.text(r.seq(), r.kindName(), r.ref(), r.at(), row, r.body())));
                ps.setLong(2, seq);
                ps.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM verdicts WHERE id = " + verdict);
            }
        }
        ChainProblem inTrail = trail.journal().verify(null).first();
        assertThat(inTrail.seq()).isEqualTo(seq);
        assertThat(inTrail.type()).isEqualTo(ChainProblem.Type.REMOVED);

        ChainProblem inFile = check(export()).chain().first();
        assertThat(inFile.seq()).isEqualTo(seq);
        assertThat(inFile.type()).isEqualTo(ChainProblem.Type.REMOVED);
        assertThat(inFile.what()).contains("no compaction record folded it");
    }

    private static int indexOf(List<String> lines, String... parts) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (java.util.Arrays.stream(parts).allMatch(line::contains)) {
                return i;
            }
        }
        throw new AssertionError("no line contains " + String.join(" and ", parts));
    }

    @Test
    void theWalkStartsEachTableAtTheFirstRowTheRecordsChainWhetherOrNotTheStoreNarrowsItsQuery() throws SQLException {
        SqliteVerdictStore narrowing = new SqliteVerdictStore(null);
        ChainedRows everyRow = new ChainedRows() { // a store that only knows how to read all its rows
            @Override
            public RecordKind kind() {
                return RecordKind.VERDICT;
            }

            @Override
            public RowCursor rows(Connection c) throws SQLException {
                return narrowing.rows(c);
            }
        };
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            long firstRef = query(c, "SELECT min(id) + 1 FROM verdicts");
            long from = query(c, "SELECT seq FROM journal WHERE kind = 'verdict' AND ref = " + firstRef);
            for (ChainedRows store : List.of(narrowing, everyRow)) {
                Walked walked = walk(c, from, store, Map.of(RecordKind.VERDICT, firstRef));
                assertThat(walked.unchained()).as("rows before the first chained are not the walk's").isEmpty();
                assertThat(walked.steps()).filteredOn(s -> s.record().kind() == RecordKind.VERDICT).hasSizeGreaterThan(1)
                        .allSatisfy(s -> assertThat(s.state()).isEqualTo(JournalWalk.RowState.FOUND));
            }
            assertThat(walk(c, from, everyRow, Map.of()).unchained()).as("without where to start, the rows before look inserted")
                    .containsExactly(firstRef - 1);
        }
    }

    private record Walked(List<JournalWalk.Step> steps, List<Long> unchained) {
    }

    private static Walked walk(Connection c, long from, ChainedRows store, Map<RecordKind, Long> fromIds) throws SQLException {
        List<Long> unchained = new ArrayList<>();
        List<JournalWalk.Step> steps = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, kind, ref, at, body, digest, keyed, hash FROM journal WHERE seq >= ? ORDER BY seq")) {
            ps.setLong(1, from);
            try (ResultSet rs = ps.executeQuery();
                 JournalWalk walk = JournalWalk.open(c, () -> rs.next() ? new JournalRecord(rs.getLong(1), rs.getString(2), Rows.nullableLong(rs, "ref"),
                         rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7) == 1, rs.getString(8)) : null,
                         List.of(store), fromIds, (seq, kind, id, key) -> unchained.add(id))) {
                JournalWalk.Step step;
                while ((step = walk.next()) != null) {
                    steps.add(step);
                }
                walk.finish(Long.MAX_VALUE);
            }
        }
        return new Walked(steps, unchained);
    }

    @Test
    void aLineLongerThanAnyDriftwatchWritesIsRefusedBeforeItIsReadWhole() throws IOException {
        List<String> lines = export();
        int longest = lines.stream().mapToInt(JournalExportTest::bytes).max().orElseThrow();
        assertThat(new ExportVerifier(ChainKey.none(), longest).verify(utf8(String.join("\r\n", lines)), null).chain().problems())
                .as("every line within the limit, with Windows line ends").isEmpty();
        int line = lines.stream().map(JournalExportTest::bytes).toList().indexOf(longest) + 1;
        assertThatThrownBy(() -> new ExportVerifier(ChainKey.none(), longest - 1).verify(utf8(String.join("\n", lines)), null))
                .isInstanceOf(ExportFormatException.class).hasMessageStartingWith("line " + line + ": it is longer than " + (longest - 1) + " bytes");
    }

    private List<String> export() throws IOException {
        StringWriter out = new StringWriter();
        trail.journal().export(null, out);
        return new ArrayList<>(out.toString().lines().toList());
    }

    private static ExportVerifier.Report check(List<String> lines) throws IOException {
        return new ExportVerifier(ChainKey.none()).verify(utf8(String.join("\n", lines)), null);
    }

    private static ByteArrayInputStream utf8(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static int bytes(String line) {
        return line.getBytes(StandardCharsets.UTF_8).length;
    }

    private static long query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
