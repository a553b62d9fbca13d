package dev.driftwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.KnownChanges;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Snapshot;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.testing.PostgresServer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The audit trail on a real PostgreSQL server: the same records, known state, snapshots, budget and chain as on SQLite. */
class PostgresAuditTrailTest {
    private static final CheckKey MODELS = new CheckKey("wisgate-gpt-image-2", "production", "models");
    private static final Instant T0 = Instant.parse("2026-11-30T06:00:00Z");

    private static AuditTrail open(String database) {
        return AuditTrail.openPostgres(PostgresServer.jdbcUrl(database), "postgres", null, ChainKey.none(), Clock.systemUTC());
    }

    private static Verdict verdict(CheckKey key, Outcome outcome, Instant at, KnownChanges learned) {
        List<Finding> findings = outcome == Outcome.BROKEN ? List.of(Finding.error("model-not-listed", "/data", "gpt-image-2 listed", "not among 3 models")) : List.of();
        return new Verdict(key, outcome, outcome + " at " + at, findings, Evidence.NONE.withHttp(200, 40L, "req_1"), at, 40, learned);
    }

    @Test
    void verdictsKnownStateSnapshotsAndTheBudgetAreKeptAndTheChainVerifies() {
        String db = PostgresServer.newDatabase();
        try (AuditTrail trail = open(db)) {
            trail.record(verdict(MODELS, Outcome.PASS, T0, new KnownChanges(List.of(new KnownChanges.Seen("contract:listed-models", "gpt-image-2")))));
            trail.record(verdict(MODELS, Outcome.BROKEN, T0.plusSeconds(60), KnownChanges.NONE));
            assertThat(trail.lastVerdict(MODELS)).get().extracting(Verdict::outcome).isEqualTo(Outcome.BROKEN);
            assertThat(trail.verdicts().latest(MODELS, 10)).hasSize(2);
            assertThat(trail.knownState(MODELS).value("contract:listed-models")).contains("gpt-image-2");
            assertThat(trail.knownAcross("wisgate-gpt-image-2", "contract:listed-models")).containsKey(MODELS);
            assertThat(trail.verdicts().lastVerified()).singleElement().satisfies(r -> assertThat(r.lastVerified()).isEqualTo(T0));

            CheckKey docs = new CheckKey("wisgate-gpt-image-2", "public", "spec:openai");
            String text = "{\"openapi\": \"3.1.0\"}";
            trail.saveSnapshot(docs, new Snapshot(T0, ChainKey.sha256(text), text, "\"e1\"", null));
            assertThat(trail.lastSnapshot(docs)).get().satisfies(s -> {
                assertThat(s.text()).isEqualTo("{\"openapi\": \"3.1.0\"}");
                assertThat(s.etag()).isEqualTo("\"e1\"");
            });

            CheckKey generation = new CheckKey("wisgate-gpt-image-2", "production", "generation");
            assertThat(trail.reservePaidCall(generation, 1, T0)).isTrue();
            assertThat(trail.reservePaidCall(generation, 1, T0.plusSeconds(5))).as("the day's budget is spent").isFalse();

            assertThat(trail.journal().verify(trail.journal().head()).intact()).isTrue();
        }
        try (AuditTrail again = open(db)) {
            assertThat(again.verdicts().latest(MODELS, 10)).as("kept across a restart").hasSize(2);
        }
    }

    @Test
    void threeReplicasAppendingAtOnceKeepOneIntactChain() throws Exception {
        String db = PostgresServer.newDatabase();
        List<AuditTrail> replicas = List.of(open(db), open(db), open(db));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int r = 0; r < replicas.size(); r++) {
                for (int t = 0; t < 2; t++) {
                    AuditTrail trail = replicas.get(r);
                    CheckKey key = new CheckKey("contract-" + r, "production", "models-" + t);
                    runs.add(pool.submit(() -> {
                        for (int i = 0; i < 40; i++) {
                            trail.record(verdict(key, i % 7 == 0 ? Outcome.BROKEN : Outcome.PASS, T0.plusSeconds(i), KnownChanges.NONE));
                        }
                    }));
                }
            }
            for (Future<?> f : runs) {
                f.get();
            }
            ChainReport report = replicas.get(0).journal().verify(replicas.get(2).journal().head());
            assertThat(report.intact()).as(report.toString()).isTrue();
            assertThat(replicas.get(1).verdicts().lastVerified()).hasSize(6);
        } finally {
            pool.shutdownNow();
            replicas.forEach(AuditTrail::close);
        }
    }
}
