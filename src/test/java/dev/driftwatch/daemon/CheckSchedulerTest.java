package dev.driftwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.driftwatch.check.CheckKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;

/** The scheduling rules of the daemon, against real Quartz: jitter, misfires, failures, reschedules. */
class CheckSchedulerTest {
    private static final CheckKey MODELS = new CheckKey("wisgate-gpt-image-2", "production", "models");
    private static final CheckKey ENDPOINT = new CheckKey("wisgate-gpt-image-2", "production", "endpoint");
    private static final AtomicInteger MISFIRE_RUNS = new AtomicInteger();
    private CheckScheduler scheduler;

    @AfterEach
    void stop() {
        if (scheduler != null) {
            scheduler.shutdown(Duration.ofSeconds(5), Duration.ofSeconds(1));
        }
    }

    @Test
    void jitterIsAFixedOffsetPerCheckWithinTheRangeAndOnlyForPlainSecondFields() {
        String models = CheckScheduler.jittered("0 */15 * * * ?", MODELS, 15);
        assertThat(models).isEqualTo(CheckScheduler.jittered("0 */15 * * * ?", MODELS, 15)).endsWith(" */15 * * * ?");
        int seconds = Integer.parseInt(models.split(" ")[0]);
        assertThat(seconds).isBetween(0, 15);
        assertThat(CheckScheduler.jittered("50 0 6 * * ?", MODELS, 15).split(" ")[0]).matches("\\d+")
                .satisfies(s -> assertThat(Integer.parseInt(s)).isLessThan(60));
        assertThat(CheckScheduler.jittered("* * * * * ?", MODELS, 15)).isEqualTo("* * * * * ?");
        assertThat(CheckScheduler.jittered("*/5 * * * * ?", MODELS, 15)).isEqualTo("*/5 * * * * ?");
        assertThat(CheckScheduler.jittered("0 */15 * * * ?", MODELS, 0)).isEqualTo("0 */15 * * * ?");
        // Many contracts on the same schedule do not all fire in the same second.
        long distinct = java.util.stream.IntStream.range(0, 40)
                .mapToObj(i -> CheckScheduler.jittered("0 */15 * * * ?", new CheckKey("contract-" + i, "production", "models"), 15))
                .distinct().count();
        assertThat(distinct).isGreaterThan(5);
    }

    /** Counts the runs of the misfire scenario. */
    public static final class CountingJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            MISFIRE_RUNS.incrementAndGet();
        }
    }

    @Test
    void aScheduleMissedFiveTimesWhileTheProcessWasAsleepRunsOnceNotFiveTimes() throws Exception {
        Scheduler quartz = new StdSchedulerFactory(CheckScheduler.properties(2, Duration.ofMillis(500))).getScheduler();
        try {
            Instant now = Instant.now();
            // Every second since five seconds ago, ending now: five fire times passed while nothing ran.
            Trigger trigger = CheckScheduler.triggerFor(MODELS, "* * * * * ?").getTriggerBuilder()
                    .startAt(Date.from(now.minusSeconds(5))).endAt(Date.from(now.plusMillis(1))).build();
            quartz.scheduleJob(JobBuilder.newJob(CountingJob.class).withIdentity(MODELS.toString(), CheckScheduler.CHECKS).build(), trigger);
            Thread.sleep(20);
            quartz.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> quartz.getTrigger(TriggerKey.triggerKey(MODELS.toString(), CheckScheduler.CHECKS)) == null);
            assertThat(MISFIRE_RUNS.get()).isEqualTo(1);
        } finally {
            quartz.shutdown(true);
        }
    }

    @Test
    void pausedItPlansNothingAndResumedItRunsAgain() {
        List<Instant> runs = new CopyOnWriteArrayList<>();
        scheduler = new CheckScheduler(2, Duration.ofMillis(500), 0, key -> runs.add(Instant.now()), () -> { });
        scheduler.sync(Map.of(MODELS, "* * * * * ?"), Map.of());
        scheduler.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !runs.isEmpty());
        scheduler.pause();
        assertThat(scheduler.running()).isFalse();
        assertThat(scheduler.scheduled()).singleElement().satisfies(c -> assertThat(c.nextRunAt()).isNull());
        int before = runs.size();
        scheduler.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.size() > before);
        assertThat(scheduler.scheduled()).singleElement().satisfies(c -> assertThat(c.nextRunAt()).isNotNull());
    }

    @Test
    void aCheckThatThrowsNeverStopsTheSchedulerNorItsOwnNextRuns() {
        AtomicInteger models = new AtomicInteger();
        AtomicInteger endpoint = new AtomicInteger();
        scheduler = new CheckScheduler(2, Duration.ofSeconds(5), 0, key -> {
            if (key.equals(MODELS)) {
                models.incrementAndGet();
                throw new IllegalStateException("a bug in a check");
            }
            endpoint.incrementAndGet();
        }, () -> { });
        scheduler.sync(Map.of(MODELS, "* * * * * ?", ENDPOINT, "* * * * * ?"), Map.of());
        scheduler.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> models.get() >= 3 && endpoint.get() >= 3);
        assertThat(scheduler.running()).isTrue();
    }

    @Test
    void syncAddsRemovesAndReschedulesOnlyWhatChanged() {
        scheduler = new CheckScheduler(2, Duration.ofSeconds(5), 15, key -> { }, () -> { });
        assertThat(scheduler.sync(Map.of(MODELS, "0 */15 * * * ?", ENDPOINT, "30 5/30 * * * ?"), null))
                .isEqualTo(new CheckScheduler.Changes(2, 0, 0, 0));
        scheduler.start();
        assertThat(scheduler.scheduled()).extracting(ScheduledCheck::key).containsExactly(ENDPOINT, MODELS);
        assertThat(scheduler.scheduled()).allSatisfy(c -> assertThat(c.nextRunAt()).isAfter(Instant.now()));
        assertThat(scheduler.effectiveSchedule(MODELS)).isEqualTo(CheckScheduler.jittered("0 */15 * * * ?", MODELS, 15));

        CheckKey staging = new CheckKey("wisgate-gpt-image-2", "staging", "models");
        assertThat(scheduler.sync(Map.of(MODELS, "0 */5 * * * ?", staging, "0 */15 * * * ?"), null))
                .isEqualTo(new CheckScheduler.Changes(1, 1, 1, 0));
        assertThat(scheduler.scheduled()).extracting(ScheduledCheck::key, ScheduledCheck::schedule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(MODELS, "0 */5 * * * ?"),
                        org.assertj.core.groups.Tuple.tuple(staging, "0 */15 * * * ?"));
        assertThat(scheduler.sync(Map.of(MODELS, "0 */5 * * * ?", staging, "0 */15 * * * ?"), Map.of())).isEqualTo(new CheckScheduler.Changes(0, 0, 0, 0));
    }

    @Test
    void afterARestartACheckWhoseTimeCameWhileDownOrThatNeverRanRunsOnceNowTheOthersWaitForTheirTime() {
        List<CheckKey> runs = new CopyOnWriteArrayList<>();
        scheduler = new CheckScheduler(2, Duration.ofSeconds(5), 0, runs::add, () -> { });
        CheckKey generation = new CheckKey("wisgate-gpt-image-2", "production", "generation");
        CheckKey docs = new CheckKey("wisgate-gpt-image-2", "public", "docs:home");
        Instant now = Instant.now();
        // Daily, twelve hours from now: its last time was half a day ago, its next is half a day away.
        String daily = "0 0 " + (java.time.ZonedDateTime.now().getHour() + 12) % 24 + " * * ?";
        CheckScheduler.Changes changes = scheduler.sync(Map.of(generation, daily, docs, daily, MODELS, daily),
                Map.of(generation, now.minus(Duration.ofHours(25)), docs, now.minusSeconds(1)));
        assertThat(changes).as("generation ran before its last time, models never ran, docs ran after it")
                .isEqualTo(new CheckScheduler.Changes(3, 0, 0, 2));
        scheduler.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.contains(generation) && runs.contains(MODELS));
        assertThat(scheduler.scheduled()).allSatisfy(c -> assertThat(c.nextRunAt()).isAfter(now.plus(Duration.ofHours(10))));
        assertThat(runs).containsExactlyInAnyOrder(generation, MODELS);
    }

    @Test
    void overdueMeansARunTimePassedSinceTheLastRunAndTheNextOneIsNotImminent() {
        Instant now = Instant.parse("2026-11-29T10:20:00Z");
        String quarterHourly = "0 */15 * * * ?"; // the same instants in every time zone
        assertThat(CheckScheduler.overdue(quarterHourly, Instant.parse("2026-11-29T10:00:07Z"), now)).as("10:15 passed").isTrue();
        assertThat(CheckScheduler.overdue(quarterHourly, Instant.parse("2026-11-29T10:15:00Z"), now)).as("ran at 10:15").isFalse();
        assertThat(CheckScheduler.overdue(quarterHourly, null, now)).as("never ran").isTrue();
        assertThat(CheckScheduler.overdue(quarterHourly, null, Instant.parse("2026-11-29T10:29:30Z"))).as("10:30 is imminent").isFalse();
        assertThat(CheckScheduler.overdue("* * * * * ?", null, now)).as("runs within a second anyway").isFalse();
    }
}
