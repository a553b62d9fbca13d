package dev.driftwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.testing.PostgresServer;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The outbox drained by several replicas of one PostgreSQL trail: claims lock the rows they take
 * ({@code FOR UPDATE SKIP LOCKED}), so no alert is taken twice, none waits for another claim or for a verdict being
 * chained, and each check's alerts still go out in order.
 */
class PostgresOutboxClaimsTest {
    private static final Instant T0 = Instant.parse("2026-11-30T06:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);
    /** Generous: a claim answers in milliseconds; one that waits on a lock would wait for ever. */
    private static final Duration NEVER_WAITS = Duration.ofSeconds(30);

    private static AuditTrail open(String database) {
        return AuditTrail.openPostgres(PostgresServer.jdbcUrl(database), "postgres", null, ChainKey.none(), Clock.systemUTC());
    }

    /** Records a PASS of {@code key} that queues one alert; when {@code grouped}, one held for its contract's message for an hour. */
    private static void queue(AuditTrail trail, CheckKey key, int n, boolean grouped) {
        Instant at = T0.plusSeconds(n);
        trail.record(new Verdict(key, Outcome.PASS, "run " + n, List.of(), Evidence.NONE, at, 40), tx -> {
            tx.enqueue(new AlertDraft(null, AlertKind.CHANGED, key, "log", "{\"text\":\"" + n + "\"}", "alert " + n, at,
                    grouped ? AlertDraft.groupKey(key, false) : null, grouped ? T0.plus(Duration.ofHours(1)) : null));
            return null;
        });
    }

    @Test
    void aClaimSkipsTheRowsAnotherClaimHoldsAndDoesNotWaitForTheChainsLock() throws Exception {
        String db = PostgresServer.newDatabase();
        CheckKey a = new CheckKey("c", "production", "models");
        CheckKey b = new CheckKey("c", "production", "endpoint");
        try (AuditTrail trail = open(db); Connection other = PostgresServer.dataSource(db).getConnection(); Statement s = other.createStatement()) {
            queue(trail, a, 1, false);
            queue(trail, b, 2, false);
            other.setAutoCommit(false);
            // Another replica in the middle of chaining a verdict (the writers' lock) and of claiming a's alert.
            s.execute("SELECT pg_advisory_xact_lock(7311046214934101248)");
            s.execute("SELECT id FROM outbox WHERE check_name = 'models' FOR UPDATE");

            OutboxRow taken = assertTimeoutPreemptively(NEVER_WAITS, () -> trail.outbox().claimNext("w1", T0.plusSeconds(5), LEASE).orElseThrow());
            assertThat(taken.key()).as("the row another claim holds is skipped, the next head taken").isEqualTo(b);
            assertThat(assertTimeoutPreemptively(NEVER_WAITS, () -> trail.outbox().claimNext("w1", T0.plusSeconds(5), LEASE)))
                    .as("b is leased, a is locked: nothing else to take").isEmpty();

            other.rollback();
            assertThat(trail.outbox().nextDueAt(false)).as("a is due now, b when its lease ends").contains(T0.plusSeconds(1));
            assertThat(trail.outbox().claimNext("w2", T0.plusSeconds(5), LEASE)).get().extracting(OutboxRow::key).isEqualTo(a);
            assertThat(trail.outbox().nextDueAt(true)).as("both leased: when the first lease ends").contains(T0.plusSeconds(5).plus(LEASE));
        }
    }

    @Test
    void threeReplicasDrainingAtOnceSendEveryAlertOnceAndEachChecksInOrder() throws Exception {
        String db = PostgresServer.newDatabase();
        List<AuditTrail> replicas = List.of(open(db), open(db), open(db));
        ExecutorService workers = Executors.newFixedThreadPool(6);
        try {
            List<CheckKey> checks = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                checks.add(new CheckKey("contract-" + i % 6, "production", "check-" + i));
            }
            int n = 0;
            for (int round = 0; round < 8; round++) {
                for (CheckKey key : checks) {
                    queue(replicas.get(n % 3), key, n, checks.indexOf(key) % 2 == 0);
                    n++;
                }
            }
            int queued = n;
            Map<Long, String> sentBy = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<String> duplicates = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<OutboxRow> sendOrder = new ConcurrentLinkedQueue<>();
            AtomicLong sends = new AtomicLong();
            List<Future<?>> runs = new ArrayList<>();
            for (int w = 0; w < 6; w++) {
                AuditTrail trail = replicas.get(w % 3);
                String worker = "replica-" + w % 3 + "/worker-" + w;
                runs.add(workers.submit(() -> {
                    Instant now = T0.plusSeconds(queued + 60);
                    while (true) {
                        List<OutboxRow> batch = trail.outbox().claimNextGroup(worker, now, LEASE, true);
                        if (batch.isEmpty()) {
                            if (trail.outbox().pending() == 0) {
                                return null;
                            }
                            Thread.onSpinWait(); // the rest are leased by other workers and about to be delivered
                            continue;
                        }
                        for (OutboxRow r : batch) {
                            sendOrder.add(r);
                            if (sentBy.putIfAbsent(r.id(), worker) != null) {
                                duplicates.add(r.id() + " by " + worker + " and " + sentBy.get(r.id()));
                            }
                        }
                        sends.incrementAndGet();
                        trail.outbox().delivered(batch.stream().map(OutboxRow::id).toList(), worker, now, "ok", "C1", "1.0");
                    }
                }));
            }
            for (Future<?> f : runs) {
                f.get();
            }
            assertThat(duplicates).as("an alert taken by two workers").isEmpty();
            assertThat(sentBy).hasSize(queued);
            assertThat(sentBy.values().stream().map(w -> w.substring(0, w.indexOf('/'))).collect(Collectors.toSet()))
                    .as("every replica drained some").hasSize(3);
            Map<CheckKey, List<Long>> perCheck = sendOrder.stream().collect(Collectors.groupingBy(OutboxRow::key, Collectors.mapping(OutboxRow::id, Collectors.toList())));
            perCheck.forEach((key, ids) -> assertThat(ids).as("the alerts of " + key + " in the order they were queued").isSorted());
            assertThat(sends.get()).as("grouped alerts of one contract shared messages").isLessThan(queued);
            ChainReport report = replicas.get(0).journal().verify(replicas.get(1).journal().head());
            assertThat(report.intact()).as(report.toString()).isTrue();
        } finally {
            workers.shutdownNow();
            replicas.forEach(AuditTrail::close);
        }
    }
}
