package dev.driftwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.check.VerdictJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A trail written by a release before the journal (schema 4: each verdict row chained to the one before, nothing else
 * chained) is taken over on the first start of this one: nothing is lost, everything is chained from then on, and
 * whether the old chain held is itself the first record.
 */
class JournalAdoptionTest {
    private static final CheckKey MODELS = new CheckKey("wisgate-gpt-image-2", "production", "models");
    private static final Instant MAY_1 = Instant.parse("2026-05-01T09:30:00.123Z");
    @TempDir
    Path dir;

    @Test
    void aTrailFromBeforeTheJournalIsTakenOverWholeAndVerifies() throws Exception {
        Path file = oldTrail(false);
        try (AuditTrail trail = AuditTrail.openSqlite(file)) {
            ChainReport report = trail.journal().verify(null);
            assertThat(report.problems()).isEmpty();
            JournalRecord first = trail.journal().record(1).orElseThrow();
            assertThat(first.kind()).isEqualTo(RecordKind.ADOPTION);
            JsonNode body = JsonMapper.builder().build().readTree(first.body());
            assertThat(body.get("legacyVerdictChain").get("verdicts").asLong()).isEqualTo(3);
            assertThat(body.get("legacyVerdictChain").get("intact").asBoolean()).isTrue();
            assertThat(body.get("paidCalls").asLong()).isEqualTo(1);
            assertThat(body.get("incidents").asLong()).isEqualTo(1);
            assertThat(trail.verdicts().latest(MODELS, 10)).extracting(Verdict::summary).containsExactly("run 2", "run 1", "run 0");

            trail.record(new Verdict(MODELS, Outcome.PASS, "run 3", List.of(), Evidence.NONE, MAY_1.plusSeconds(9000), 40));
            assertThat(trail.journal().verify(null).intact()).isTrue();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pragma_table_info('verdicts') WHERE name IN ('prev_hash', 'hash')")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the old chain's columns are gone").isZero();
        }
    }

    @Test
    void anOldChainAlreadyBrokenWhenTakenOverStaysReported() throws Exception {
        Path file = oldTrail(true);
        try (AuditTrail trail = AuditTrail.openSqlite(file)) {
            ChainReport report = trail.journal().verify(null);
            assertThat(report.intact()).isFalse();
            assertThat(report.first().seq()).isEqualTo(1);
            assertThat(report.first().what()).contains("already broken at verdict row 2");
        }
    }

    /** A schema-4 trail as the previous release left it: three chained verdicts, an incident, an alert, a paid call. */
    private Path oldTrail(boolean editedAfterwards) throws Exception {
        Path file = dir.resolve("data/driftwatch.db");
        Files.createDirectories(file.getParent());
        String url = "jdbc:sqlite:" + file;
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("4").load().migrate();
        try (Connection c = DriverManager.getConnection(url)) {
            String prev = ChainKey.GENESIS;
            for (int i = 0; i < 3; i++) {
                Verdict v = new Verdict(MODELS, i == 1 ? Outcome.BROKEN : Outcome.PASS, "run " + i, List.of(), Evidence.NONE,
                        MAY_1.plusSeconds(600L * i), 40);
                Verdict stored = VerdictJson.fromJson(VerdictJson.toStoredJson(v));
                JsonNode json = VerdictJson.toStoredJson(stored);
                String hash = ChainKey.sha256(prev + "\n" + VerdictJson.toText(stored));
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO verdicts (contract, environment, check_name, outcome, summary,"
                        + " findings, evidence, started_at, duration_ms, recorded_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, MODELS.contract());
                    ps.setString(2, MODELS.environment());
                    ps.setString(3, MODELS.check());
                    ps.setString(4, stored.outcome().name());
                    ps.setString(5, stored.summary());
                    ps.setString(6, json.get("findings").toString());
                    ps.setString(7, json.get("evidence").toString());
                    ps.setString(8, json.get("startedAt").asString());
                    ps.setLong(9, 40);
                    ps.setString(10, json.get("startedAt").asString());
                    ps.setString(11, prev);
                    ps.setString(12, hash);
                    ps.executeUpdate();
                }
                prev = hash;
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO paid_calls (contract, environment, check_name, day, reserved_at)"
                        + " VALUES ('wisgate-gpt-image-2', 'production', 'generation', '2026-05-01', '2026-05-01T09:00:00.000Z')");
                s.executeUpdate("INSERT INTO incidents (contract, environment, check_name, slot, trigger, first_seen_at, opened_at, resolved_at)"
                        + " VALUES ('wisgate-gpt-image-2', 'production', 'models', 'FAILING', 'BROKEN', '2026-05-01T09:40:00.123Z',"
                        + " '2026-05-01T09:40:00.123Z', '2026-05-01T09:50:00.123Z')");
                s.executeUpdate("INSERT INTO outbox (incident_id, kind, contract, environment, check_name, route, payload, plain_text,"
                        + " created_at, next_attempt_at, delivered_at, slack_ok, slack_answer) VALUES (1, 'OPENED', 'wisgate-gpt-image-2',"
                        + " 'production', 'models', 'log', '{}', 'broken', '2026-05-01T09:40:00.123Z', '2026-05-01T09:40:00.123Z',"
                        + " '2026-05-01T09:40:01.000Z', 1, 'log')");
                s.executeUpdate("INSERT INTO alert_checks (contract, environment, check_name, broken_streak, trouble_streak, hold_streak,"
                        + " updated_at) VALUES ('wisgate-gpt-image-2', 'production', 'models', 0, 0, 1, '2026-05-01T09:50:00.123Z')");
                s.executeUpdate("INSERT INTO known_facts VALUES ('wisgate-gpt-image-2', 'production', 'models', 'model:gpt-image-2', 'listed',"
                        + " '2026-05-01T09:30:00.123Z', '2026-05-01T09:50:00.123Z', NULL)");
                if (editedAfterwards) {
                    s.executeUpdate("UPDATE verdicts SET summary = 'fine' WHERE id = 2");
                }
            }
        }
        return file;
    }
}
