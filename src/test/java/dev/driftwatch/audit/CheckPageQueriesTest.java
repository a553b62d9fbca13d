package dev.driftwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Snapshot;
import dev.driftwatch.check.Verdict;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a check's page reads from the trail: days of verdicts, versions of a page, and that each is an index range, not a scan. */
class CheckPageQueriesTest extends AuditTrailFileTest {
    private static final CheckKey MODELS = new CheckKey("wisgate-gpt-image-2", "production", "models");
    private static final CheckKey STAGING = new CheckKey("wisgate-gpt-image-2", "staging", "models");
    private static final CheckKey DOCS = new CheckKey("wisgate-gpt-image-2", "public", "docs:models");

    @Test
    void eachUtcDayCountsItsRunsPerOutcomeWithFastestAverageAndSlowestLeavingOtherChecksAndDaysOut() {
        run(MODELS, "2026-11-19T23:59:59.999Z", Outcome.PASS, 900);   // before the range
        run(MODELS, "2026-11-20T00:00:00Z", Outcome.PASS, 100);       // the first instant of the first day
        run(MODELS, "2026-11-20T12:00:00Z", Outcome.BROKEN, 300);
        run(MODELS, "2026-11-20T23:59:59.999Z", Outcome.UNVERIFIED, 30_000);
        run(STAGING, "2026-11-20T13:00:00Z", Outcome.BROKEN, 5);      // another check, interleaved
        run(MODELS, "2026-11-22T06:00:00Z", Outcome.SKIPPED, 0);
        run(MODELS, "2026-11-22T07:00:00Z", Outcome.CHANGED, 200);
        run(MODELS, "2026-11-23T00:00:00Z", Outcome.PASS, 700);       // the day after the range

        List<VerdictDay> days = trail.verdicts().days(MODELS, LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-22"));

        assertThat(days).extracting(VerdictDay::day).as("oldest first, the day without runs left out")
                .containsExactly(LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-22"));
        VerdictDay first = days.get(0);
        assertThat(first.runs()).isEqualTo(Map.of(Outcome.PASS, 1, Outcome.BROKEN, 1, Outcome.UNVERIFIED, 1));
        assertThat(first.total()).isEqualTo(3);
        assertThat(first.held()).isEqualTo(1);
        assertThat(first.decided()).isEqualTo(3);
        assertThat(first.minMs()).isEqualTo(100);
        assertThat(first.avgMs()).isEqualTo(10_133);
        assertThat(first.maxMs()).isEqualTo(30_000);
        VerdictDay third = days.get(1);
        assertThat(third.runs()).isEqualTo(Map.of(Outcome.SKIPPED, 1, Outcome.CHANGED, 1));
        assertThat(third.held()).as("CHANGED holds").isEqualTo(1);
        assertThat(third.decided()).as("SKIPPED says nothing").isEqualTo(1);
        assertThat(trail.verdicts().lastHeld(MODELS)).hasValue(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(trail.verdicts().lastHeld(new CheckKey("wisgate-gpt-image-2", "production", "endpoint"))).isEmpty();
    }

    @Test
    void theVersionsOfAPageAreTheReadingsWhoseTextChangedAndAReadingIsOnlyFoundUnderItsOwnCheck() {
        trail.saveSnapshot(DOCS, new Snapshot(Instant.parse("2026-11-01T06:00:00Z"), null, "sizes: 1024x1024", null, null));
        trail.saveSnapshot(DOCS, new Snapshot(Instant.parse("2026-11-01T12:00:00Z"), null, "sizes: 1024x1024", null, null));
        trail.saveSnapshot(DOCS, new Snapshot(Instant.parse("2026-11-02T06:00:00Z"), null, "sizes: 1024x1024, 2048x2048", null, null));
        trail.saveSnapshot(DOCS, new Snapshot(Instant.parse("2026-11-03T06:00:00Z"), null, "sizes: 1024x1024", null, null));

        List<SnapshotVersion> versions = trail.snapshots().versions(DOCS, 100);

        assertThat(versions).extracting(v -> v.fetchedAt().toString()).as("newest first; a reverted text is a version again")
                .containsExactly("2026-11-03T06:00:00Z", "2026-11-02T06:00:00Z", "2026-11-01T06:00:00Z");
        assertThat(trail.snapshots().versions(DOCS, 2)).hasSize(2);
        assertThat(trail.snapshots().reading(DOCS, versions.get(1).id())).get().extracting(Snapshot::text).isEqualTo("sizes: 1024x1024, 2048x2048");
        assertThat(trail.snapshots().reading(new CheckKey("wisgate-gpt-image-2", "staging", "docs:models"), versions.get(1).id())).isEmpty();
        assertThat(trail.snapshots().reading(DOCS, 9_999)).isEmpty();
    }

    @Test
    void thePagesQueriesRangeOverAnIndexInsteadOfScanningTheTable() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertThat(plan(c, SqliteVerdictStore.DAYS, 5)).as("a range of one check's index entries, nothing read from the table")
                    .contains("SEARCH verdicts USING COVERING INDEX verdicts_by_check_time (contract=? AND environment=? AND check_name=?"
                            + " AND started_at>? AND started_at<?)")
                    .doesNotContain("SCAN verdicts");
            assertThat(plan(c, SqliteVerdictStore.LAST_HELD, 3)).as("one step down the partial index, whatever failed since")
                    .contains("SEARCH verdicts USING INDEX verdicts_last_held (contract=? AND environment=? AND check_name=?)");
            assertThat(plan(c, SqliteSnapshotStore.VERSIONS, 4)).contains("USING INDEX snapshots_versions_by_check")
                    .doesNotContain("SCAN snapshots");
        }
    }

    /** SQLite's plan for {@code sql}, one line per step, with {@code params} placeholders bound to text. */
    private static String plan(Connection c, String sql, int params) throws Exception {
        List<String> steps = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            for (int i = 1; i <= params; i++) {
                ps.setString(i, "x");
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    steps.add(rs.getString("detail"));
                }
            }
        }
        return String.join("\n", steps);
    }

    private void run(CheckKey key, String at, Outcome outcome, long durationMs) {
        trail.record(new Verdict(key, outcome, outcome + " run", List.of(), Evidence.NONE, Instant.parse(at), durationMs));
    }
}
