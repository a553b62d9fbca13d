package dev.driftwatch.alert;

import dev.driftwatch.audit.Acceptance;
import dev.driftwatch.audit.AlertDraft;
import dev.driftwatch.audit.AlertKind;
import dev.driftwatch.audit.AlertState;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.Incident;
import dev.driftwatch.audit.IncidentSlot;
import dev.driftwatch.audit.IncidentStore;
import dev.driftwatch.audit.OutboxRow;
import dev.driftwatch.check.CheckKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What people decide about a check's incidents, outside any run: accepting what the check sees as its known state
 * ({@code driftwatch accept}, which closes the incident), and acknowledging an open incident ({@code driftwatch ack},
 * which stops its reminders). Each is one transaction on the trail, with its alert queued in the outbox, in the
 * incident's Slack thread, on the route the incident's opening alert took: the daemon's worker or the next
 * {@code verify --notify} delivers it, so neither needs checks.yaml or Slack credentials.
 */
public final class IncidentDecisions {
    private final AuditTrail trail;
    private final AlertMessages messages;
    private final Clock clock;

    public IncidentDecisions(AuditTrail trail, AlertMessages messages, Clock clock) {
        this.trail = trail;
        this.messages = messages;
        this.clock = clock;
    }

    /** An acceptance as recorded, and the incidents it resolved (each with a RESOLVED alert queued). */
    public record Accepted(Acceptance acceptance, List<Incident> resolved) {
    }

    /** The incidents acknowledged now (each with an ACKNOWLEDGED alert queued), and those someone had acknowledged already. */
    public record Acknowledged(List<Incident> acknowledged, List<Incident> already) {
    }

    /**
     * Records that {@code by} accepts what {@code key} last saw, because {@code reason}: its breaks and release news
     * become its known state, and every open incident of the check is resolved with an alert that says who and why.
     * The check's trouble streaks start over, so only a new break, seen as often as its alert threshold asks, opens
     * an incident again.
     */
    public Accepted accept(CheckKey key, String by, String reason) {
        Instant now = clock.instant();
        Map<Long, String> routes = routesByIncident(key);
        return trail.accept(key, by, reason, now, (acceptance, tx) -> {
            List<Incident> resolved = new ArrayList<>();
            for (IncidentSlot slot : IncidentSlot.values()) {
                Optional<Incident> open = tx.open(slot);
                if (open.isPresent()) {
                    tx.resolve(open.get(), now);
                    enqueue(tx, open.get(), AlertKind.RESOLVED, messages.accepted(open.get(), acceptance, now), routes, now);
                    resolved.add(open.get());
                }
            }
            AlertState s = tx.state();
            if (s.brokenStreak() > 0 || s.troubleStreak() > 0) {
                tx.save(s.withStreaks(0, 0, s.holdStreak(), null), now);
            }
            return new Accepted(acceptance, resolved);
        });
    }

    /** Records that {@code by} acknowledged the open incidents of {@code key} ({@code note} may be null). */
    public Acknowledged acknowledge(CheckKey key, String by, String note) {
        Instant now = clock.instant();
        Map<Long, String> routes = routesByIncident(key);
        return trail.incidents().transact(key, tx -> {
            List<Incident> done = new ArrayList<>();
            List<Incident> already = new ArrayList<>();
            for (IncidentSlot slot : IncidentSlot.values()) {
                Optional<Incident> open = tx.open(slot);
                if (open.isEmpty()) {
                    continue;
                }
                if (open.get().acknowledged()) {
                    already.add(open.get());
                    continue;
                }
                Incident acked = tx.acknowledge(open.get(), by, note, now);
                enqueue(tx, acked, AlertKind.ACKNOWLEDGED, messages.acknowledged(acked, now), routes, now);
                done.add(acked);
            }
            return new Acknowledged(done, already);
        });
    }

    /** The route each incident's first alert took: where the people who saw it opened will look. */
    private Map<Long, String> routesByIncident(CheckKey key) {
        Map<Long, String> out = new HashMap<>();
        for (OutboxRow row : trail.outbox().rowsOf(key)) {
            if (row.incidentId() != null) {
                out.putIfAbsent(row.incidentId(), row.route());
            }
        }
        return out;
    }

    /** Sent at once, on its own (not grouped with a release's alerts): it answers one incident. */
    private static void enqueue(IncidentStore.Tx tx, Incident incident, AlertKind kind, RenderedAlert alert, Map<Long, String> routes, Instant now) {
        tx.enqueue(new AlertDraft(incident.id(), kind, incident.key(), routes.getOrDefault(incident.id(), AlertRoutes.LOG), alert.payload(),
                alert.plainText(), now, null, null));
    }
}
