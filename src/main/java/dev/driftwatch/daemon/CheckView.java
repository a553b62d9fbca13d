package dev.driftwatch.daemon;

import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.Incident;
import dev.driftwatch.audit.SnapshotVersion;
import dev.driftwatch.audit.VerdictDay;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Snapshot;
import dev.driftwatch.check.Verdict;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one check's page shows, read from the audit trail in one go: its latest verdicts, its runs per UTC day over
 * {@link #DAYS} days (aggregated by the store), its incidents, the decisions people took about it, and, for a check
 * that keeps readings of a page, the versions of that page and the two being compared. Every list is bounded, so the
 * page costs the same after two years as after two days.
 *
 * @param scheduled the check as the scheduler holds it now; null when the configuration no longer has it
 * @param recent newest first, at most {@link #RECENT}
 * @param days oldest first, from {@code firstDay} to {@code lastDay}; days without runs are absent
 * @param incidents newest first, at most {@link #INCIDENTS}; {@code moreIncidents} when older ones exist
 * @param decisions newest first (acceptances and acknowledgements)
 * @param snapshots null when the check keeps no readings of a page
 */
record CheckView(CheckKey key, Instant generatedAt, ScheduledCheck scheduled, Instant lastVerifiedAt, List<Verdict> recent,
                 LocalDate firstDay, LocalDate lastDay, List<VerdictDay> days, List<IncidentLine> incidents, boolean moreIncidents,
                 List<Decision> decisions, Snapshots snapshots) {
    /** The days the timeline covers, today (UTC) included. */
    static final int DAYS = 90;
    /** The verdicts listed, and drawn in the chart of the latest runs. */
    static final int RECENT = 50;
    static final int INCIDENTS = 50;
    /** The versions of a page offered for comparison. */
    static final int VERSIONS = 100;

    CheckView {
        recent = List.copyOf(recent);
        days = List.copyOf(days);
        incidents = List.copyOf(incidents);
        decisions = List.copyOf(decisions);
    }

    /** One incident and how many reminders it sent. */
    record IncidentLine(Incident incident, int reminders) {}

    /**
     * A person's decision about the check: an acceptance of what it saw, or an acknowledgement of one of its incidents.
     *
     * @param kind {@code accepted} or {@code acknowledged}
     * @param incidentId the incident acknowledged; null for an acceptance
     */
    record Decision(String kind, Instant at, String by, String text, Long incidentId) {}

    /**
     * The versions of the page the check reads, newest first, and the two compared: {@code from} (older) and {@code to};
     * both null when there is nothing to compare (a single version).
     */
    record Snapshots(List<SnapshotVersion> versions, Long fromId, Snapshot from, Long toId, Snapshot to) {
        Snapshots {
            versions = List.copyOf(versions);
        }
    }

    /** The two readings asked for by the page's {@code from} and {@code to} parameters; null for the default pair. */
    record Pair(long from, long to) {}

    /** Why a page cannot be made: the trail does not hold the check, or not the readings asked for. */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads the page of {@code key} from {@code trail}.
     *
     * @param asked the readings to compare, or null for the newest version against the one before it
     * @throws NotFound the trail holds no verdict of {@code key} and the scheduler does not know it either, or it has no such readings
     */
    static CheckView read(CheckKey key, ScheduledCheck scheduled, AuditTrail trail, Instant now, Pair asked) {
        List<Verdict> recent = trail.verdicts().latest(key, RECENT);
        if (recent.isEmpty() && scheduled == null) {
            throw new NotFound("not found: the audit trail holds no check of that name");
        }
        LocalDate lastDay = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate firstDay = lastDay.minusDays(DAYS - 1L);
        List<VerdictDay> days = trail.verdicts().days(key, firstDay, lastDay);
        Instant lastVerified = trail.verdicts().lastHeld(key).orElse(null);
        List<Incident> incidents = trail.incidents().incidentsOf(key, INCIDENTS + 1);
        boolean more = incidents.size() > INCIDENTS;
        incidents = incidents.subList(0, Math.min(INCIDENTS, incidents.size()));
        Map<Long, Integer> reminders = trail.outbox().reminders(incidents.stream().map(Incident::id).toList());
        List<IncidentLine> lines = incidents.stream().map(i -> new IncidentLine(i, reminders.getOrDefault(i.id(), 0))).toList();
        return new CheckView(key, now, scheduled, lastVerified, recent, firstDay, lastDay, days, lines, more,
                decisions(trail, key, incidents), snapshots(key, trail, asked));
    }

    /**
     * The check's acceptances (who, when, why) and the acknowledgements of {@code incidents} (who, when, note), newest
     * first, at most {@link #INCIDENTS}: what people decided about it (driftwatch accept, driftwatch ack).
     */
    private static List<Decision> decisions(AuditTrail trail, CheckKey key, List<Incident> incidents) {
        List<Decision> out = new java.util.ArrayList<>();
        trail.acceptances().of(key).forEach(a -> out.add(new Decision("accepted", a.at(), a.by(), a.reason(), null)));
        incidents.stream().filter(Incident::acknowledged).forEach(i -> out.add(new Decision("acknowledged", i.acknowledgedAt(),
                i.acknowledgedBy(), i.acknowledgedNote(), i.id())));
        out.sort(java.util.Comparator.comparing(Decision::at).reversed());
        return out.size() > INCIDENTS ? List.copyOf(out.subList(0, INCIDENTS)) : out;
    }

    /** The versions of the page, if the check keeps readings of one, and the two readings to compare. */
    private static Snapshots snapshots(CheckKey key, AuditTrail trail, Pair asked) {
        List<SnapshotVersion> versions = trail.snapshots().versions(key, VERSIONS);
        if (versions.isEmpty()) {
            if (asked != null) {
                throw new NotFound("not found: this check keeps no readings of a page");
            }
            return null;
        }
        if (asked != null) {
            Optional<Snapshot> from = trail.snapshots().reading(key, asked.from());
            Optional<Snapshot> to = trail.snapshots().reading(key, asked.to());
            if (from.isEmpty() || to.isEmpty()) {
                throw new NotFound("not found: this check has no reading with that id; pick one from the list of versions");
            }
            return new Snapshots(versions, asked.from(), from.get(), asked.to(), to.get());
        }
        if (versions.size() < 2) {
            return new Snapshots(versions, null, null, null, null);
        }
        // The newest reading has the newest version's text: comparing the two newest versions is the latest change.
        SnapshotVersion to = versions.get(0);
        SnapshotVersion from = versions.get(1);
        return new Snapshots(versions, from.id(), trail.snapshots().reading(key, from.id()).orElseThrow(),
                to.id(), trail.snapshots().reading(key, to.id()).orElseThrow());
    }
}
