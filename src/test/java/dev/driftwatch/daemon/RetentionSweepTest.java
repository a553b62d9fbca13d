package dev.driftwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.ChainKey;
import dev.driftwatch.audit.CompactionReport;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.testing.ManualClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's compaction on a real trail with a clock that moves only when told: a check that passed every hour for
 * three days in March 2020 and again on one day in April; the clock says June, so retention (90 days) folds March and
 * later April. The sweep runs on its own thread, once a UTC day, again when rawDays changes or a sweep stopped early.
 */
class RetentionSweepTest {
    private static final CheckKey MODELS = new CheckKey("wisgate-gpt-image-2", "production", "models");
    private static final Instant MARCH_1 = Instant.parse("2020-03-01T00:00:07Z");
    /** March 1 to 3 ended more than 90 days before it; April 1 did not yet. */
    private static final Instant JUNE_10 = Instant.parse("2020-06-10T05:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    Path file;
    ManualClock clock;
    AuditTrail trail;
    RetentionSweep sweep;

    @BeforeEach
    void marchAndAprilOfHourlyPasses() {
        file = dir.resolve("driftwatch.db");
        clock = new ManualClock(MARCH_1);
        trail = AuditTrail.openSqlite(file, ChainKey.none(), clock);
        hourlyPasses(MARCH_1, 72);
        hourlyPasses(Instant.parse("2020-04-01T00:00:07Z"), 24);
        clock.advance(Duration.between(clock.instant(), JUNE_10));
    }

    private void hourlyPasses(Instant from, int hours) {
        for (int hour = 0; hour < hours; hour++) {
            Instant at = from.plus(Duration.ofHours(hour));
            clock.advance(Duration.between(clock.instant(), at.plusMillis(40)));
            trail.record(new Verdict(MODELS, Outcome.PASS, "gpt-image-2 listed among 4 models", List.of(), new Evidence(200, 40L, "req_" + hour,
                    Map.of("url", "https://api.wisgate.ai/v1/models")), at, 40));
        }
    }

    @AfterEach
    void close() {
        if (sweep != null) {
            sweep.close();
        }
        trail.close();
    }

    @Test
    void onceAUtcDayOnItsOwnThreadAndAgainTheSameDayOnlyWhenRawDaysChanges() throws Exception {
        sweep = new RetentionSweep(trail, clock);

        Future<CompactionReport> first = sweep.startIfDue(90);
        assertThat(first).as("due: it never ran").isNotNull();
        CompactionReport report = first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(report.complete()).isTrue();
        assertThat(report.foldedVerdicts()).as("March but the first verdict; April is within 90 days").isEqualTo(71);
        assertThat(sweep.latest()).isSameAs(first);
        assertThat(trail.journal().verify(null).problems()).isEmpty();

        clock.advance(Duration.ofHours(18)); // 23:00 the same UTC day
        assertThat(sweep.startIfDue(90)).as("done today").isNull();
        assertThat(sweep.latest()).isSameAs(first);

        Future<CompactionReport> shorter = sweep.startIfDue(60);
        assertThat(shorter).as("a reload changed rawDays").isNotNull();
        assertThat(shorter.get(WAIT.toSeconds(), TimeUnit.SECONDS).foldedVerdicts()).as("April 1 but the newest PASS").isEqualTo(23);
        assertThat(sweep.startIfDue(60)).isNull();

        clock.advance(Duration.ofHours(1)); // the next UTC day
        Future<CompactionReport> nextDay = sweep.startIfDue(60);
        assertThat(nextDay).as("a new day").isNotNull();
        assertThat(nextDay.get(WAIT.toSeconds(), TimeUnit.SECONDS).foldedVerdicts()).as("nothing more has come due").isZero();
        assertThat(rows("SELECT sum(passes) FROM verdict_days")).isEqualTo(94);
        assertThat(rows("SELECT count(*) FROM verdicts")).as("the first verdict and the newest").isEqualTo(2);
        assertThat(trail.journal().verify(null).problems()).isEmpty();
    }

    @Test
    void aSweepThatRanOutOfTimeIsDueAgainTheSameDayAndTheNextGoesOn() throws Exception {
        AtomicInteger sweeps = new AtomicInteger();
        Supplier<BooleanSupplier> firstHasNoTime = () -> {
            boolean first = sweeps.getAndIncrement() == 0;
            return () -> !first;
        };
        sweep = new RetentionSweep(trail, clock, firstHasNoTime);

        CompactionReport stopped = sweep.startIfDue(90).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(stopped.complete()).isFalse();
        assertThat(stopped.records()).isZero();
        assertThat(rows("SELECT count(*) FROM verdict_days")).isZero();

        Future<CompactionReport> again = sweep.startIfDue(90);
        assertThat(again).as("the same day: it did not finish").isNotNull();
        CompactionReport rest = again.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(rest.complete()).isTrue();
        assertThat(rest.foldedVerdicts()).isEqualTo(71);
        assertThat(sweep.startIfDue(90)).isNull();
    }

    @Test
    void afterCloseNoSweepStarts() throws SQLException {
        sweep = new RetentionSweep(trail, clock);
        sweep.close(Duration.ofSeconds(5));
        assertThat(sweep.startIfDue(90)).isNull();
        assertThat(rows("SELECT count(*) FROM verdicts")).isEqualTo(96);
    }

    private long rows(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
