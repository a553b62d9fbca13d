package dev.driftwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Verdicts recorded by many threads at once share commits; each stands or falls on its own. */
class GroupCommitTest extends AuditTrailFileTest {
    private static final Instant MAY_1 = Instant.parse("2026-05-01T09:30:00Z");
    private static final int THREADS = 16;
    private static final int EACH = 40;

    @Test
    void manyThreadsRecordingAtOnceLoseNothingAndTheChainAndSealsVerify() throws Exception {
        AtomicInteger failedOnPurpose = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> recorded = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                recorded.add(pool.submit(() -> {
                    start.await();
                    int ok = 0;
                    for (int i = 0; i < EACH; i++) {
                        // Four threads share each check, so one commit often holds several verdicts of one check,
                        // each changing its known state.
                        CheckKey key = new CheckKey("c" + thread % 4, "production", "models");
                        Verdict v = new Verdict(key, i % 7 == 0 ? Outcome.CHANGED : Outcome.PASS, "v" + thread + "-" + i,
                                List.of(), Evidence.NONE.with("models", List.of("gpt-image-" + (i % 3))),
                                MAY_1.plusSeconds(thread * 1000L + i), 40);
                        boolean fail = i % 10 == 9;
                        try {
                            trail.record(v, tx -> {
                                if (fail) {
                                    throw new IllegalStateException("the incident step failed");
                                }
                                return null;
                            });
                            ok++;
                        } catch (AuditException e) {
                            assertThat(e).hasMessageContaining("the incident step failed");
                            failedOnPurpose.incrementAndGet();
                        }
                    }
                    return ok;
                }));
            }
            start.countDown();
            int ok = 0;
            for (Future<Integer> f : recorded) {
                ok += f.get();
            }
            assertThat(failedOnPurpose.get()).isEqualTo(THREADS * EACH / 10);
            assertThat(ok).isEqualTo(THREADS * EACH - failedOnPurpose.get());
            assertThat(rows("SELECT count(*) FROM verdicts")).as("every verdict that returned is there, no other")
                    .isEqualTo(ok);
            assertThat(rows("SELECT count(*) FROM verdicts WHERE summary LIKE '%-9' OR summary LIKE '%-19' "
                    + "OR summary LIKE '%-29' OR summary LIKE '%-39'")).as("a failed one is rolled back alone").isZero();
        } finally {
            pool.shutdownNow();
        }
        ChainReport report = trail.journal().verify(null);
        assertThat(report.intact()).as(String.valueOf(report.first())).isTrue();
    }

    @Test
    void aWriteAfterCloseFailsInsteadOfWaiting() {
        trail.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> trail.record(new Verdict(
                        new CheckKey("c", "production", "models"), Outcome.PASS, "late", List.of(), Evidence.NONE, MAY_1, 1)))
                .isInstanceOf(AuditException.class).hasMessageContaining("closed");
        trail = AuditTrail.openSqlite(file);
    }

    private long rows(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
