package dev.driftwatch.alert;

import static dev.driftwatch.audit.AlertKind.ACKNOWLEDGED;
import static dev.driftwatch.audit.AlertKind.OPENED;
import static dev.driftwatch.audit.AlertKind.REMINDER;
import static dev.driftwatch.audit.AlertKind.RESOLVED;
import static dev.driftwatch.check.Outcome.BROKEN;
import static dev.driftwatch.check.Outcome.PASS;
import static dev.driftwatch.testing.AlertScenario.MODELS;
import static dev.driftwatch.testing.AlertScenario.modelNotListed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.audit.OutboxRow;
import dev.driftwatch.check.Redactor;
import dev.driftwatch.testing.SlackStandIn;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** People's decisions about an incident, against the state machine on a manual clock: acknowledging it stops its reminders; accepting closes it. */
class IncidentDecisionsTest extends AlertScenarioTest {

    private IncidentDecisions decisions() {
        return new IncidentDecisions(s.trail(), new AlertMessages(Redactor.none(), Map.of()), s.clock);
    }

    @Test
    void anAcknowledgedIncidentGetsNoMoreRemindersAndItsThreadSaysWho() {
        s.bot("").start();
        assertThat(s.run(BROKEN, modelNotListed())).containsExactly(OPENED);
        s.clock.advance(Duration.ofHours(24));
        assertThat(s.run(BROKEN, modelNotListed())).as("unacknowledged, it is reminded after a day").containsExactly(REMINDER);

        IncidentDecisions.Acknowledged acked = decisions().acknowledge(MODELS, "bob", "talking to the provider");
        assertThat(acked.acknowledged()).singleElement().satisfies(i -> {
            assertThat(i.acknowledgedBy()).isEqualTo("bob");
            assertThat(i.acknowledgedNote()).isEqualTo("talking to the provider");
        });
        assertThat(decisions().acknowledge(MODELS, "carol", null).already()).as("a second ack changes nothing").hasSize(1);

        for (int day = 0; day < 3; day++) {
            s.clock.advance(Duration.ofHours(25));
            assertThat(s.run(BROKEN, modelNotListed())).as("day %d after the ack", day + 1).isEmpty();
            assertThat(s.alerting().incidents().sweep()).isEmpty();
        }
        assertThat(s.run(PASS)).as("the resolution still comes").containsExactly(RESOLVED);

        assertThat(s.flush()).isZero();
        List<SlackStandIn.Message> sent = s.slack.accepted;
        assertThat(sent).extracting(SlackStandIn.Message::text).satisfiesExactly(
                t -> assertThat(t).startsWith("BROKEN · "),
                t -> assertThat(t).startsWith("BROKEN (reminder) · "),
                t -> assertThat(t).startsWith("ACKNOWLEDGED · wisgate-gpt-image-2 · production · models").contains("acknowledged by bob"),
                t -> assertThat(t).startsWith("RESOLVED · "));
        assertThat(sent.get(2).threadTs()).as("said in the incident's thread").isEqualTo(sent.get(0).ts());
        assertThat(sent.get(2).blocks()).contains("Acknowledged by bob").contains("talking to the provider").contains("no more reminders");
        assertThat(s.trail().incidents().incidentsOf(MODELS).get(0).acknowledgedBy()).isEqualTo("bob");
        assertThat(s.trail().journal().verify(null).intact()).isTrue();
    }

    @Test
    void acceptingClosesTheIncidentWithOneResolvedAlertSayingWhoAndWhyAndTheStreakStartsOver() {
        s.bot("").start();
        assertThat(s.run(BROKEN, modelNotListed())).containsExactly(OPENED);
        assertThat(s.run(BROKEN, modelNotListed())).isEmpty();

        IncidentDecisions.Accepted accepted = decisions().accept(MODELS, "alice", "gpt-image-2 was renamed; our code uses gpt-image-2.5");
        assertThat(accepted.resolved()).singleElement().satisfies(i -> assertThat(i.trigger()).isEqualTo("BROKEN"));
        assertThat(accepted.acceptance().findings()).extracting(f -> f.rule()).containsExactly("model-not-listed");
        assertThat(s.trail().incidents().open()).isEmpty();
        assertThat(s.trail().outbox().all()).extracting(OutboxRow::kind).containsExactly(OPENED, RESOLVED);

        // A new break after the acceptance needs its own failure threshold of runs: the old streak does not carry over.
        assertThat(s.run(PASS)).isEmpty();
        assertThat(s.flush()).isZero();
        List<SlackStandIn.Message> sent = s.slack.accepted;
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).text()).startsWith("RESOLVED · wisgate-gpt-image-2 · production · models")
                .contains("accepted by alice").contains("gpt-image-2 was renamed");
        assertThat(sent.get(1).threadTs()).isEqualTo(sent.get(0).ts());
        assertThat(sent.get(1).blocks()).contains("Accepted by alice").contains("model-not-listed").contains("Known state from now on");
        assertThat(s.trail().acceptances().latest(MODELS)).hasValueSatisfying(a -> {
            assertThat(a.by()).isEqualTo("alice");
            assertThat(a.seq()).isPositive();
        });
        assertThat(s.trail().journal().verify(null).intact()).isTrue();
    }
}
