package dev.driftwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.KnownChanges;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Snapshot;
import dev.driftwatch.check.Verdict;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Someone with write access to the file edits, inserts or deletes rows of every table of the trail, in the middle and
 * at the end; {@code audit verify} names the first record that no longer holds. A realistic trail: verdicts with what
 * they taught, an incident and its alerts (one delivered in a Slack thread, one failed), docs snapshots, a paid call.
 */
public class JournalTest extends AuditTrailFileTest {
    private static final CheckKey MODELS = new CheckKey("wisgate-gpt-image-2", "production", "models");
    private static final CheckKey DOCS = new CheckKey("wisgate-gpt-image-2", "public", "docs:models");
    private static final Instant MAY_1 = Instant.parse("2026-05-01T09:30:00.123Z");
    private static final String KEY = "k".repeat(40);

    @BeforeEach
    void writeATrail() {
        fill(trail);
    }

    /** The realistic trail of these scenarios, for other tests too (the export's). */
    public static void fill(AuditTrail trail) {
        trail.record(new Verdict(MODELS, Outcome.PASS, "listed", List.of(), Evidence.NONE, MAY_1, 40,
                new KnownChanges(List.of(new KnownChanges.Seen("model:gpt-image-2", "listed")))));
        trail.saveSnapshot(DOCS, new Snapshot(MAY_1, null, () -> "Models: gpt-image-2", "\"v1\"", null));
        trail.reservePaidCall(new CheckKey("wisgate-gpt-image-2", "production", "generation"), 5, MAY_1);
        Instant broke = MAY_1.plusSeconds(600);
        trail.record(new Verdict(MODELS, Outcome.BROKEN, "model-not-listed", List.of(), Evidence.NONE, broke, 40), tx -> {
            AlertState s = tx.state();
            tx.save(new AlertState(MODELS, 1, 1, 0, broke, s.firstVerdictAt(), s.lastOkAt()), broke);
            Incident opened = tx.openIncident(IncidentSlot.FAILING, "BROKEN", broke, broke);
            tx.enqueue(new AlertDraft(opened.id(), AlertKind.OPENED, MODELS, "bot:SLACK_BOT_TOKEN:#ai", "{\"text\":\"broken\"}", "broken",
                    broke, null, null));
            tx.announce("fp-1", "model-added", broke);
            return null;
        });
        OutboxRow sent = trail.outbox().claimNext("w1", broke, Duration.ofMinutes(1)).orElseThrow();
        trail.outbox().delivered(sent.id(), "w1", broke.plusSeconds(1), "ok", "C1", "1714556000.0001");
        trail.saveSnapshot(DOCS, new Snapshot(broke, null, () -> "Models: gpt-image-2", "\"v1\"", null));
        trail.incidents().transact(MODELS, tx -> tx.acknowledge(tx.open(IncidentSlot.FAILING).orElseThrow(), "bob", "on it", broke.plusSeconds(60)));
        Instant back = broke.plusSeconds(600);
        trail.record(new Verdict(MODELS, Outcome.PASS, "listed again", List.of(), Evidence.NONE, back, 40), tx -> {
            tx.resolve(tx.open(IncidentSlot.FAILING).orElseThrow(), back);
            tx.enqueue(new AlertDraft(null, AlertKind.RESOLVED, MODELS, "bot:SLACK_BOT_TOKEN:#ai", "{\"text\":\"back\"}", "back", back, null, null));
            return null;
        });
        OutboxRow failing = trail.outbox().claimNext("w1", back, Duration.ofMinutes(1)).orElseThrow();
        trail.outbox().failed(failing.id(), "w1", "HTTP 500", "Slack answered 500", back.plusSeconds(30), false);
        trail.record(new Verdict(MODELS, Outcome.BROKEN, "renamed", List.of(Finding.error("model-not-listed", "/data", "gpt-image-2 listed",
                "not among 4 models")), Evidence.NONE, back.plusSeconds(300), 40));
        trail.accept(MODELS, "alice", "renamed upstream", back.plusSeconds(400), (acceptance, tx) -> null);
        trail.record(new Verdict(MODELS, Outcome.PASS, "still listed", List.of(), Evidence.NONE, back.plusSeconds(600), 40));
    }

    @Test
    void aTrailNobodyTouchedIsIntactAndItsHeadIsItsNewestRecord() {
        ChainReport report = trail.journal().verify(null);
        assertThat(report.problems()).isEmpty();
        assertThat(report.head()).isEqualTo(trail.journal().head());
        assertThat(report.records()).isEqualTo(report.head().seq());
        assertThat(trail.journal().verify(trail.journal().head()).intact()).isTrue();
        assertThat(trail.journal().verify(ChainHead.parse(report.head().seq() + ":" + report.head().hash().substring(0, 12))).intact())
                .as("a head cut to 12 characters, as a chat message shows it").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a verdict's summary edited | UPDATE verdicts SET summary = 'all good' WHERE id = (SELECT min(id) + 1 FROM verdicts) | ALTERED | verdict",
            "a verdict in the middle deleted | DELETE FROM verdicts WHERE id = (SELECT min(id) + 1 FROM verdicts) | REMOVED | verdict row",
            "the newest verdict deleted | DELETE FROM verdicts WHERE id = (SELECT max(id) FROM verdicts) | REMOVED | verdict row",
            "a verdict inserted | INSERT INTO verdicts (contract, environment, check_name, outcome, summary, findings, evidence, started_at, duration_ms, recorded_at) SELECT contract, environment, check_name, 'PASS', 'forged', findings, evidence, started_at, duration_ms, recorded_at FROM verdicts WHERE id = (SELECT min(id) FROM verdicts) | INSERTED | verdict row",
            "a snapshot's text swapped | UPDATE snapshots SET text_gz = X'1f8b' WHERE text_gz IS NOT NULL | ALTERED | snapshot",
            "a snapshot deleted | DELETE FROM snapshots WHERE id = (SELECT max(id) FROM snapshots) | REMOVED | snapshot row",
            "a paid call deleted to reopen the budget | DELETE FROM paid_calls | REMOVED | paid-call row",
            "a paid call inserted | INSERT INTO paid_calls (contract, environment, check_name, day, reserved_at) VALUES ('x', 'production', 'generation', '2026-05-01', '2026-05-01T00:00:00.000Z') | INSERTED | paid-call row",
            "an incident's resolution undone | UPDATE incidents SET resolved_at = NULL | ALTERED | incidents row",
            "an incident deleted | DELETE FROM incidents | REMOVED | incidents row",
            "an incident inserted | INSERT INTO incidents (contract, environment, check_name, slot, trigger, first_seen_at, opened_at) VALUES ('x', 'production', 'models', 'STALE', 'STALE', '2026-05-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z') | INSERTED | incidents row",
            "an alert's text edited | UPDATE outbox SET payload = '{}' WHERE id = (SELECT min(id) FROM outbox) | ALTERED | outbox row",
            "an alert marked delivered | UPDATE outbox SET delivered_at = '2026-05-01T10:00:00.000Z', slack_ok = 1 WHERE delivered_at IS NULL | ALTERED | outbox row",
            "an alert deleted | DELETE FROM outbox WHERE id = (SELECT max(id) FROM outbox) | REMOVED | outbox row",
            "an alert inserted | INSERT INTO outbox (kind, contract, environment, check_name, route, payload, plain_text, created_at, next_attempt_at) VALUES ('CHANGED', 'x', 'production', 'models', 'log', '{}', 'x', '2026-05-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z') | INSERTED | outbox row",
            "a known fact edited | UPDATE known_facts SET value = 'not listed' | ALTERED | known or alerting state",
            "a known fact deleted | DELETE FROM known_facts | ALTERED | known or alerting state",
            "a known fact inserted for another check | INSERT INTO known_facts VALUES ('x', 'production', 'models', 'model:y', 'listed', '2026-05-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z', NULL) | INSERTED | known or alerting state",
            "a baseline deleted | DELETE FROM known_baselines | ALTERED | known or alerting state",
            "an alerting streak reset | UPDATE alert_checks SET broken_streak = 5 | ALTERED | known or alerting state",
            "an announced change forgotten | DELETE FROM announced_changes | ALTERED | known or alerting state",
            "an acceptance's reason edited | UPDATE acceptances SET reason = 'because' | ALTERED | acceptance",
            "an acceptance deleted | DELETE FROM acceptances | REMOVED | acceptance row",
            "an acceptance inserted | INSERT INTO acceptances (contract, environment, check_name, accepted_by, reason, accepted_at, verdict_id, findings) VALUES ('x', 'production', 'models', 'mallory', 'forged', '2026-05-01T00:00:00.000Z', NULL, '[]') | INSERTED | acceptance row",
            "an accepted finding forgotten | DELETE FROM known_facts WHERE subject LIKE 'accepted:%' | ALTERED | known or alerting state",
            "an acknowledgement undone | UPDATE incidents SET acknowledged_at = NULL, acknowledged_by = NULL | ALTERED | incidents row",
            "an acknowledgement put on someone else | UPDATE incidents SET acknowledged_by = 'mallory' | ALTERED | incidents row",
            "a record's body edited | UPDATE journal SET body = replace(body, 'BROKEN', 'UNVERIFIED') WHERE kind = 'incident-opened' | ALTERED | incident-opened",
            "a record in the middle deleted | DELETE FROM journal WHERE seq = 3 | REMOVED | record 3 is missing",
            "a record's kind renamed | UPDATE journal SET kind = 'nothing' WHERE seq = 2 | ALTERED | not one driftwatch writes",
    })
    void everyEditOfEveryTableIsNamed(String what, String sql, ChainProblem.Type type, String named) throws SQLException {
        sql(sql);
        ChainReport report = trail.journal().verify(null);
        assertThat(report.intact()).as(what).isFalse();
        assertThat(report.problems()).as(what).anySatisfy(p -> {
            assertThat(p.type()).isEqualTo(type);
            assertThat(p.what()).contains(named);
        });
    }

    @Test
    void aVerdictEditedInTheMiddleIsReportedAtItsOwnRecordAndNothingElse() throws SQLException {
        long record = query("SELECT seq FROM journal WHERE kind = 'verdict' AND ref = (SELECT min(id) + 1 FROM verdicts)");
        sql("UPDATE verdicts SET summary = 'all good' WHERE id = (SELECT min(id) + 1 FROM verdicts)");
        ChainReport report = trail.journal().verify(null);
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.seq()).isEqualTo(record);
            assertThat(p.type()).isEqualTo(ChainProblem.Type.ALTERED);
        });
    }

    @Test
    void removingTheNewestTransactionWholeIsCaughtByAHeadPublishedBeforeAndByTheGapTheNextRecordLeaves() throws SQLException {
        ChainHead published = trail.journal().head();
        // The last transaction recorded one verdict and sealed its state; remove both, and put the state back.
        long lastVerdict = query("SELECT max(id) FROM verdicts");
        long from = query("SELECT seq FROM journal WHERE kind = 'verdict' AND ref = " + lastVerdict);
        sql("DELETE FROM verdicts WHERE id = " + lastVerdict);
        sql("DELETE FROM journal WHERE seq >= " + from);
        // The sealed state of the check (its counters did not change in that run: no alerting step ran).
        ChainReport withoutHead = trail.journal().verify(null);
        assertThat(withoutHead.intact()).as("nothing inside the file shows a clean cut of the newest records").isTrue();

        ChainReport againstHead = trail.journal().verify(published);
        assertThat(againstHead.intact()).isFalse();
        assertThat(againstHead.first().type()).isEqualTo(ChainProblem.Type.TRUNCATED);
        assertThat(againstHead.first().what()).contains("ends at record " + (from - 1)).contains("was published");

        trail.record(new Verdict(MODELS, Outcome.PASS, "listed", List.of(), Evidence.NONE, MAY_1.plusSeconds(9000), 40));
        ChainReport afterNext = trail.journal().verify(null);
        assertThat(afterNext.first().type()).isEqualTo(ChainProblem.Type.REMOVED);
        assertThat(afterNext.first().what()).contains("record " + from);
    }

    @Test
    void aRewriteWithoutTheKeyPassesPlainSha256ButNotAKeyedChainNorAPublishedHead() throws SQLException {
        ChainHead published = trail.journal().head();
        sql("UPDATE verdicts SET summary = 'all good' WHERE id = (SELECT min(id) FROM verdicts)");
        rechain(ChainKey.none());
        assertThat(trail.journal().verify(null).intact()).as("unkeyed: whoever can write the file can recompute SHA-256").isTrue();
        assertThat(trail.journal().verify(published).first().type()).isEqualTo(ChainProblem.Type.TRUNCATED);

        trail.close();
        ChainKey key = ChainKey.fromEnvironment(Map.of(ChainKey.VARIABLE, KEY));
        Path keyed = dir.resolve("keyed/driftwatch.db");
        trail = AuditTrail.openSqlite(keyed, key);
        fill(trail);
        assertThat(trail.journal().verify(null).intact()).isTrue();
        assertThat(trail.journal().verify(null).keyedRecords()).isEqualTo(trail.journal().head().seq());
        file = keyed;
        sql("UPDATE verdicts SET summary = 'all good' WHERE id = (SELECT min(id) FROM verdicts)");
        rechain(ChainKey.none());
        ChainReport report = trail.journal().verify(null);
        assertThat(report.intact()).isFalse();
        assertThat(report.first().what()).contains("no record is keyed");
    }

    @Test
    void aKeyedTrailVerifiedWithoutTheKeyCannotVouchForItsLinks() {
        trail.close();
        Path keyed = dir.resolve("keyed/driftwatch.db");
        trail = AuditTrail.openSqlite(keyed, ChainKey.fromEnvironment(Map.of(ChainKey.VARIABLE, KEY)));
        fill(trail);
        trail.close();
        trail = AuditTrail.openSqlite(keyed);
        ChainReport report = trail.journal().verify(null);
        assertThat(report.unverifiedKeyed()).isEqualTo(report.records());
        trail.close();
        trail = AuditTrail.openSqlite(keyed, ChainKey.fromEnvironment(Map.of(ChainKey.VARIABLE, "x".repeat(40))));
        assertThat(trail.journal().verify(null).first().type()).as("the wrong key").isEqualTo(ChainProblem.Type.ALTERED);
    }

    @Test
    void aKeyShorterThan32CharactersIsRefusedWithoutShowingIt() {
        String shortKey = "secret-but-short";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChainKey.fromEnvironment(Map.of(ChainKey.VARIABLE, shortKey)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ChainKey.VARIABLE).hasMessageContaining("at least 32")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(shortKey));
    }

    /** What someone with write access but perhaps no key does after an edit: recompute every record's link. */
    private void rechain(ChainKey key) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            Map<RecordKind, ChainedRows> stores = Map.of(RecordKind.VERDICT, new SqliteVerdictStore(null),
                    RecordKind.SNAPSHOT, new SqliteSnapshotStore(null, null), RecordKind.PAID_CALL, new SqlitePaidCallStore(null),
                    RecordKind.ACCEPTANCE, new SqliteAcceptanceStore(null));
            String prev = ChainKey.GENESIS;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT seq, kind, ref, at, body FROM journal ORDER BY seq")) {
                List<Object[]> rows = new java.util.ArrayList<>();
                while (rs.next()) {
                    rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getObject(3) == null ? null : rs.getLong(3), rs.getString(4), rs.getString(5)});
                }
                for (Object[] r : rows) {
                    RecordKind kind = RecordKind.ofWire((String) r[1]);
                    String row = null;
                    if (stores.containsKey(kind)) {
                        try (RowCursor cursor = stores.get(kind).rows(c)) {
                            while (cursor.next()) {
                                if (cursor.id() == (Long) r[2]) {
                                    row = cursor.canonical();
                                }
                            }
                        }
                    }
                    String digest = ChainKey.sha256(CanonicalRecord.text((Long) r[0], (String) r[1], (Long) r[2], (String) r[3], row, (String) r[4]));
                    String hash = key.link(prev, digest, key.present());
                    try (PreparedStatement ps = c.prepareStatement("UPDATE journal SET hash = ?, keyed = ? WHERE seq = ?")) {
                        ps.setString(1, hash);
                        ps.setInt(2, key.present() ? 1 : 0);
                        ps.setLong(3, (Long) r[0]);
                        ps.executeUpdate();
                    }
                    prev = hash;
                }
            }
        }
    }

    private void sql(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    private long query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
