package dev.driftwatch.alert;

import dev.driftwatch.audit.AlertDraft;
import dev.driftwatch.audit.AlertKind;
import dev.driftwatch.audit.AlertState;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.Incident;
import dev.driftwatch.audit.IncidentSlot;
import dev.driftwatch.audit.IncidentStore;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The incident state machine, one per check. {@link #observeIn} runs inside the transaction that records
 * each verdict ({@link VerdictFlow}): it counts streaks, opens an incident after {@code failureThreshold}
 * BROKEN (or {@code unverifiedThreshold} BROKEN-or-UNVERIFIED) verdicts in a row, resolves it after
 * {@code successThreshold} that hold (PASS or CHANGED: the contract holds), reminds every {@code remindEvery},
 * announces each release change once — also one seen during an incident — and opens a
 * {@code verification-stale} incident for a check that has not held for {@code maxUnverified}. Every alert
 * goes to the outbox in that same transaction, so nothing is announced twice, after a restart or by a second
 * process, and nothing is lost between the verdict, the change and the send. Alerts of one contract and
 * environment made within {@code groupWait} of each other share one message (see {@link OutboxWorker}).
 */
public final class Incidents {
    /** The contract name daemon alerts are filed under; alerts of it go on the default route. */
    public static final String DAEMON_CONTRACT = "driftwatch";
    private final AuditTrail trail;
    private final AlertPolicies policies;
    private final AlertRoutes routes;
    private final AlertMessages messages;
    private final Clock clock;
    private final Duration groupWait;

    public Incidents(AuditTrail trail, AlertPolicies policies, AlertRoutes routes, AlertMessages messages, Clock clock, Duration groupWait) {
        this.trail = trail;
        this.policies = policies;
        this.routes = routes;
        this.messages = messages;
        this.clock = clock;
        this.groupWait = groupWait;
    }

    /**
     * Feeds one verdict, being recorded in the transaction of {@code tx}, to its check's state machine; answers
     * the kinds of the alerts it put in the outbox.
     */
    public List<AlertKind> observeIn(IncidentStore.Tx tx, Verdict v) {
        Optional<AlertPolicy> policy = policies.policyFor(v.key());
        if (policy.isEmpty()) {
            return List.of(); // a check checks.yaml no longer declares: nothing to say about it
        }
        return new Step(tx, v.key(), policy.get(), clock.instant()).observe(v);
    }

    /**
     * A checks.yaml the daemon refused to load (the old configuration keeps running): one alert per distinct
     * set of errors, however often the same broken file is saved or reloaded. Answers whether it was queued.
     */
    public boolean configRefused(String file, List<String> errors) {
        return daemonProblem("config", "CONFIG REFUSED", "Reload of " + file + " refused; the previous configuration keeps running",
                errors, "fix the lines above (driftwatch check-config --config " + file + " shows them), then save the file or send SIGHUP",
                String.join("\n", errors));
    }

    /**
     * A problem of driftwatch itself, not of a contract, sent on the default route under the check
     * {@code driftwatch/daemon/<topic>}. With {@code onceFor}, the same value is announced only once.
     * Answers whether an alert was queued.
     */
    public boolean daemonProblem(String topic, String what, String headline, List<String> lines, String advice, String onceFor) {
        return queue(daemonAlert(topic, what, headline, lines, advice), onceFor);
    }

    /**
     * Puts a rendered daemon alert ({@link #daemonAlert}) in the outbox; with {@code onceFor}, only the first
     * time that value is seen. Answers whether it was queued.
     */
    public boolean queue(AlertDraft alert, String onceFor) {
        String rule = "daemon-" + alert.key().check();
        return trail.incidents().transact(alert.key(), tx -> {
            if (onceFor != null && !tx.announce(Fingerprint.of(Finding.warning(rule, null, null, onceFor)), rule, alert.createdAt())) {
                return false;
            }
            tx.enqueue(alert);
            return true;
        });
    }

    /**
     * A problem of driftwatch itself rendered for the default route, not queued yet: {@link #queue} it, or,
     * when the store that holds the outbox is the problem, send it without ({@link OutboxWorker#sendUnqueued}).
     * Sent at once, on its own: it is about driftwatch, not a release.
     */
    public AlertDraft daemonAlert(String topic, String what, String headline, List<String> lines, String advice) {
        CheckKey key = new CheckKey(DAEMON_CONTRACT, "daemon", topic);
        RenderedAlert alert = messages.daemon(key, what, headline, lines, advice);
        return new AlertDraft(null, AlertKind.DAEMON, key, routes.routeFor(DAEMON_CONTRACT), alert.payload(), alert.plainText(),
                clock.instant(), null, null);
    }

    /**
     * What needs no new verdict: reminders that are due, and checks gone stale (their probe may not run at
     * all). The daemon calls this periodically; answers the kinds of the alerts it put in the outbox.
     */
    public List<AlertKind> sweep() {
        List<AlertKind> out = new ArrayList<>();
        for (CheckKey key : trail.incidents().keys()) {
            Optional<AlertPolicy> policy = policies.policyFor(key);
            if (policy.isPresent()) {
                // Read before the transaction: the pool's one connection is the transaction's.
                Verdict latest = trail.lastVerdict(key).orElse(null);
                out.addAll(trail.incidents().transact(key, tx -> new Step(tx, key, policy.get(), clock.instant()).sweep(latest)));
            }
        }
        return out;
    }

    /** One transition of one check, inside its transaction. */
    private final class Step {
        private final IncidentStore.Tx tx;
        private final CheckKey key;
        private final AlertPolicy policy;
        private final Instant now;
        private final String route;
        private final List<AlertKind> sent = new ArrayList<>();

        Step(IncidentStore.Tx tx, CheckKey key, AlertPolicy policy, Instant now) {
            this.tx = tx;
            this.key = key;
            this.policy = policy;
            this.now = now;
            this.route = routes.routeFor(key.contract());
        }

        List<AlertKind> observe(Verdict v) {
            AlertState s = tx.state();
            Instant at = v.startedAt() == null ? now : v.startedAt();
            if (s.firstVerdictAt() == null || at.isBefore(s.firstVerdictAt())) {
                s = s.withTimes(at, s.lastOkAt());
            }
            Optional<Incident> failing = tx.open(IncidentSlot.FAILING);
            switch (v.outcome()) {
                case PASS, CHANGED -> {
                    s = s.withStreaks(0, 0, s.holdStreak() + 1, null)
                            .withTimes(s.firstVerdictAt(), s.lastOkAt() == null || at.isAfter(s.lastOkAt()) ? at : s.lastOkAt());
                    if (failing.isPresent() && s.holdStreak() >= policy.successThreshold()) {
                        resolve(failing.get(), v);
                        failing = Optional.empty();
                    }
                    Optional<Incident> stale = tx.open(IncidentSlot.STALE);
                    if (stale.isPresent()) {
                        resolve(stale.get(), v);
                    }
                }
                case BROKEN, UNVERIFIED -> {
                    int broken = s.brokenStreak() + (v.outcome() == Outcome.BROKEN ? 1 : 0);
                    s = s.withStreaks(broken, s.troubleStreak() + 1, 0, s.troubleSince() == null ? at : s.troubleSince());
                    if (failing.isEmpty() && (broken >= policy.failureThreshold() || s.troubleStreak() >= policy.unverifiedThreshold())) {
                        Incident opened = tx.openIncident(IncidentSlot.FAILING, broken > 0 ? Outcome.BROKEN.name() : Outcome.UNVERIFIED.name(),
                                s.troubleSince(), now);
                        enqueue(opened, AlertKind.OPENED, messages.opened(opened, v, s));
                        failing = Optional.of(opened);
                    } else if (failing.isPresent()) {
                        remindIfDue(failing.get(), v, s);
                    }
                }
                default -> { } // SKIPPED says nothing about the contract; only freshness below counts it
            }
            // A release is told when it is first seen, whatever else the run found.
            announce(v, s);
            tx.save(s, now);
            checkFreshness(s, failing.isPresent(), v);
            return sent;
        }

        List<AlertKind> sweep(Verdict latest) {
            AlertState s = tx.state();
            Optional<Incident> failing = tx.open(IncidentSlot.FAILING);
            failing.ifPresent(i -> remindIfDue(i, latest, s));
            tx.open(IncidentSlot.STALE).ifPresent(i -> remindIfDue(i, latest, s));
            checkFreshness(s, failing.isPresent(), latest);
            return sent;
        }

        /** Opens a stale incident once per stale period; an open failing incident already says enough. */
        private void checkFreshness(AlertState s, boolean failingOpen, Verdict latest) {
            Instant since = s.lastOkAt() != null ? s.lastOkAt() : s.firstVerdictAt();
            if (failingOpen || since == null || !since.plus(policy.maxUnverified()).isBefore(now)) {
                return;
            }
            if (tx.open(IncidentSlot.STALE).isPresent()) {
                return;
            }
            Incident stale = tx.openIncident(IncidentSlot.STALE, AlertKind.STALE.name(), since, now);
            enqueue(stale, AlertKind.STALE, messages.stale(stale, s, latest, policy.maxUnverified()));
        }

        private void remindIfDue(Incident incident, Verdict latest, AlertState s) {
            if (incident.acknowledged()) {
                return; // someone said they are on it (driftwatch ack): reminding them is noise
            }
            Optional<Duration> every = policy.remindEvery();
            if (every.isPresent() && !incident.lastAlertAt().plus(every.get()).isAfter(now)) {
                tx.reminded(incident, now);
                enqueue(incident, AlertKind.REMINDER, messages.reminder(incident, latest, s, now));
            }
        }

        private void resolve(Incident incident, Verdict v) {
            tx.resolve(incident, now);
            Verdict failing = tx.lastFailingVerdict().orElse(null);
            enqueue(incident, AlertKind.RESOLVED, messages.resolved(incident, v, failing, now));
        }

        /** One CHANGED alert listing the release news not announced before; none when every one was. */
        private void announce(Verdict v, AlertState s) {
            List<Finding> news = new ArrayList<>();
            for (Finding f : v.news()) {
                if (tx.announce(Fingerprint.of(f), f.rule(), now)) {
                    news.add(f);
                }
            }
            if (!news.isEmpty()) {
                enqueue(null, AlertKind.CHANGED, messages.changed(v, news, s));
            }
        }

        private void enqueue(Incident incident, AlertKind kind, RenderedAlert alert) {
            tx.enqueue(new AlertDraft(incident == null ? null : incident.id(), kind, key, route, alert.payload(), alert.plainText(), now,
                    AlertDraft.groupKey(key, policy.spansEnvironments()), now.plus(groupWait)));
            sent.add(kind);
        }
    }
}
