package dev.driftwatch.alert;

import static dev.driftwatch.audit.AlertKind.CHANGED;
import static dev.driftwatch.audit.AlertKind.OPENED;
import static dev.driftwatch.audit.AlertKind.REMINDER;
import static dev.driftwatch.audit.AlertKind.RESOLVED;
import static dev.driftwatch.audit.AlertKind.STALE;
import static dev.driftwatch.check.Outcome.BROKEN;
import static dev.driftwatch.check.Outcome.PASS;
import static dev.driftwatch.check.Outcome.SKIPPED;
import static dev.driftwatch.check.Outcome.UNVERIFIED;
import static dev.driftwatch.testing.AlertScenario.MODELS;
import static dev.driftwatch.testing.AlertScenario.modelNotListed;
import static dev.driftwatch.testing.AlertScenario.networkDown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.audit.AlertKind;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.OutboxRow;
import dev.driftwatch.check.Change;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.testing.AlertScenario;
import dev.driftwatch.testing.SlackStandIn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The incident state machine, driven verdict by verdict: one alert per incident, whatever the runs and restarts. */
class IncidentScenariosTest extends AlertScenarioTest {
    @Test
    void modelRemovedAlertsOnceTenMoreBrokenRunsStaySilentRecoveryResolvesOnce() {
        s.webhook("").start();
        assertThat(s.run(PASS)).isEmpty();
        assertThat(s.run(BROKEN, modelNotListed())).containsExactly(OPENED);
        for (int i = 0; i < 10; i++) {
            assertThat(s.run(BROKEN, modelNotListed())).as("run %d of the same break", i + 2).isEmpty();
        }
        assertThat(s.run(PASS)).containsExactly(RESOLVED);
        assertThat(s.run(PASS)).isEmpty();

        assertThat(s.flush()).isZero();
        assertThat(s.slack.texts()).hasSize(2);
        assertThat(s.slack.texts().get(0)).startsWith("BROKEN · wisgate-gpt-image-2 · production · models");
        assertThat(s.slack.texts().get(1)).startsWith("RESOLVED · wisgate-gpt-image-2 · production · models");
        assertThat(s.slack.accepted.get(0).blocks()).contains("model-not-listed").contains("gpt-image-2 listed")
                .contains("driftwatch audit history --contract wisgate-gpt-image-2 --env production --check models");
    }

    @Test
    void aNetworkBlipPagesNobodyThreeUnverifiedInARowDo() {
        s.webhook("").start();
        assertThat(s.run(UNVERIFIED, networkDown())).isEmpty();
        assertThat(s.run(UNVERIFIED, networkDown())).isEmpty();
        assertThat(s.run(PASS)).as("a pass ends the streak").isEmpty();
        assertThat(s.run(UNVERIFIED, networkDown())).isEmpty();
        assertThat(s.run(SKIPPED)).as("a skipped run neither counts nor resets").isEmpty();
        assertThat(s.run(UNVERIFIED, networkDown())).isEmpty();
        assertThat(s.run(UNVERIFIED, networkDown())).containsExactly(OPENED);
        assertThat(s.run(PASS)).containsExactly(RESOLVED);
        s.flush();
        assertThat(s.slack.texts().get(0)).startsWith("UNVERIFIED · wisgate-gpt-image-2 · production · models");
        assertThat(s.slack.accepted.get(0).blocks()).contains("Could not verify for 3 consecutive run(s)");
    }

    @Test
    void thresholdsComeFromTheChecksOwnAlertKeyThenTheDefaults() {
        s.webhook("  defaults:\n    successThreshold: 2\n");
        s.workspace.edit("        path: /v1/models\n", "        path: /v1/models\n        alert: {failureThreshold: 2}\n");
        s.start();
        assertThat(s.run(BROKEN, modelNotListed())).as("one BROKEN is below this check's threshold of 2").isEmpty();
        assertThat(s.run(BROKEN, modelNotListed())).containsExactly(OPENED);
        assertThat(s.run(PASS)).as("the default successThreshold is 2 here").isEmpty();
        assertThat(s.run(PASS)).containsExactly(RESOLVED);
        // The endpoint check has no alert: of its own; the built-in failureThreshold of 1 applies.
        CheckKey endpoint = new CheckKey(MODELS.contract(), MODELS.environment(), "endpoint");
        assertThat(s.run(s.verdict(endpoint, BROKEN, Finding.error("endpoint-gone", "/v1/images/generations", "POST to exist", "HTTP 410"))))
                .containsExactly(OPENED);
    }

    @Test
    void docsPagesCarryTheirOwnThresholds() {
        s.webhook("");
        s.workspace.edit("      - name: home\n", "      - name: home\n        alert: {failureThreshold: 3, remindEvery: off}\n");
        s.start();
        CheckKey home = new CheckKey(MODELS.contract(), "public", "docs:home");
        Finding gone = Finding.error("docs-page-gone", "page:home", "the page", "HTTP 404");
        assertThat(s.run(s.verdict(home, BROKEN, gone))).isEmpty();
        assertThat(s.run(s.verdict(home, BROKEN, gone))).isEmpty();
        assertThat(s.run(s.verdict(home, BROKEN, gone))).containsExactly(OPENED);
        s.clock.advance(Duration.ofDays(3));
        assertThat(s.run(s.verdict(home, BROKEN, gone))).as("remindEvery: off").isEmpty();
    }

    @Test
    void remindersComeEveryRemindEveryInTheThreadOfTheOpeningMessage() {
        s.bot("").start();
        assertThat(s.run(BROKEN, modelNotListed())).containsExactly(OPENED);
        s.clock.advance(Duration.ofHours(23));
        assertThat(s.run(BROKEN, modelNotListed())).isEmpty();
        s.clock.advance(Duration.ofHours(1));
        assertThat(s.run(BROKEN, modelNotListed())).containsExactly(REMINDER);
        // The probe stops running; the daemon's sweep still reminds a day later.
        s.clock.advance(Duration.ofHours(24));
        assertThat(s.alerting().incidents().sweep()).containsExactly(REMINDER);
        assertThat(s.alerting().incidents().sweep()).isEmpty();
        s.clock.advance(Duration.ofHours(2));
        assertThat(s.run(PASS)).containsExactly(RESOLVED);

        assertThat(s.flush()).isZero();
        List<SlackStandIn.Message> sent = s.slack.accepted;
        assertThat(sent).extracting(SlackStandIn.Message::text).satisfiesExactly(
                t -> assertThat(t).startsWith("BROKEN · "),
                t -> assertThat(t).startsWith("BROKEN (reminder) · "),
                t -> assertThat(t).startsWith("BROKEN (reminder) · "),
                t -> assertThat(t).startsWith("RESOLVED · "));
        String thread = sent.get(0).ts();
        assertThat(sent.get(0).threadTs()).isNull();
        assertThat(sent.subList(1, 4)).allSatisfy(m -> {
            assertThat(m.threadTs()).isEqualTo(thread);
            assertThat(m.channel()).as("replies go to the channel Slack named").isEqualTo("CAICONTRACTS");
        });
        assertThat(sent.get(0).channel()).isEqualTo("#ai-contracts");
    }

    @Test
    void aChangedFindingIsAnnouncedOnceEvenAcrossRestarts() {
        s.webhook("").start();
        Finding released = Finding.info("model-released", "/data", null, "gpt-image-2.1").as(Change.NEW);
        assertThat(s.run(Outcome.CHANGED, released)).containsExactly(CHANGED);
        assertThat(s.run(Outcome.CHANGED, released)).isEmpty();
        s.restart();
        assertThat(s.run(Outcome.CHANGED, released)).as("after a restart").isEmpty();
        Finding another = Finding.info("model-released", "/data", null, "gpt-image-2.2").as(Change.NEW);
        assertThat(s.run(Outcome.CHANGED, released, another)).containsExactly(CHANGED);
        s.flush();
        assertThat(s.slack.texts()).hasSize(2);
        assertThat(s.slack.accepted.get(1).blocks()).contains("gpt-image-2.2").doesNotContain("gpt-image-2.1");
    }

    @Test
    void aRestartDoesNotAnnounceAnOpenIncidentAgain() {
        s.webhook("").start();
        assertThat(s.run(BROKEN, modelNotListed())).containsExactly(OPENED);
        s.flush();
        s.restart();
        assertThat(s.run(BROKEN, modelNotListed())).isEmpty();
        assertThat(s.flush()).isZero();
        assertThat(s.slack.texts()).hasSize(1);
        s.restart();
        assertThat(s.run(PASS)).containsExactly(RESOLVED);
    }

    @Test
    void aCheckThatHasNotPassedForMaxUnverifiedIsAlertedStaleOnceAndResolvesWithTheNextPass() {
        s.webhook("  defaults:\n    maxUnverified: 7d\n").start();
        assertThat(s.run(PASS)).isEmpty();
        // The key was removed: every run is SKIPPED, nothing is verified any more.
        List<AlertKind> alerts = new ArrayList<>();
        for (int day = 0; day < 9; day++) {
            s.clock.advance(Duration.ofDays(1));
            alerts.addAll(s.run(SKIPPED));
        }
        assertThat(alerts).containsExactly(STALE);
        assertThat(s.alerting().incidents().sweep()).as("a day after it opened, the stale incident is reminded").containsExactly(REMINDER);
        assertThat(s.run(PASS)).containsExactly(RESOLVED);
        s.flush();
        assertThat(s.slack.texts().get(0)).startsWith("STALE · wisgate-gpt-image-2 · production · models");
        assertThat(s.slack.accepted.get(0).blocks()).contains("verification-stale").contains("was last verified 2026-11-21 06:00Z");
    }

    @Test
    void aProbeThatStoppedRunningAltogetherIsFoundStaleByTheSweep() {
        s.webhook("").start();
        assertThat(s.run(PASS)).isEmpty();
        s.clock.advance(Duration.ofDays(6));
        assertThat(s.alerting().incidents().sweep()).isEmpty();
        s.clock.advance(Duration.ofDays(2));
        assertThat(s.alerting().incidents().sweep()).containsExactly(STALE);
        assertThat(s.alerting().incidents().sweep()).isEmpty();
    }

    @Test
    void twoProcessesSeeingTheSameBreakOpenOneIncident() throws Exception {
        s.webhook("").start();
        AlertScenario second = new AlertScenario(dir.resolve("second"));
        second.env.clear();
        second.env.putAll(s.env);
        try (AuditTrail other = AuditTrail.openSqlite(s.auditFile())) {
            var twin = Alerting.create(loadedAlerts(), s.checks(), Map.of(), s.env, other, LocalAlerts.toLog(), List.of(), CheckPageLinks.NONE, s.clock, s.clock::sleep);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Callable<List<AlertKind>>> both = List.of(
                        () -> observe(s.trail(), s.alerting()), () -> observe(other, twin));
                List<AlertKind> all = new ArrayList<>();
                for (Future<List<AlertKind>> f : pool.invokeAll(both)) {
                    all.addAll(f.get());
                }
                assertThat(all).containsExactly(OPENED);
            } finally {
                pool.shutdownNow();
                twin.close();
                second.close();
            }
        }
        assertThat(s.outbox()).extracting(OutboxRow::kind).containsExactly(OPENED);
    }

    private List<AlertKind> observe(AuditTrail trail, Alerting alerting) {
        var v = s.verdict(MODELS, BROKEN, modelNotListed());
        return new VerdictFlow(trail, alerting.incidents(), () -> { }, s.clock::sleep, VerdictFlow.StoreWatch.NONE).accept(v).alerts();
    }

    private dev.driftwatch.config.AlertsConfig loadedAlerts() throws Exception {
        return new dev.driftwatch.config.ConfigLoader(s.env).load(s.workspace.config).file().alerts();
    }
}
