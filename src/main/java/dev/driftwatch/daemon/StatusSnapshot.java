package dev.driftwatch.daemon;

import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.ChainHead;
import dev.driftwatch.audit.Incident;
import dev.driftwatch.audit.IncidentSlot;
import dev.driftwatch.audit.LastVerified;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Severity;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.check.VerdictJson;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the daemon shows at one moment: readiness and, for every scheduled check, its current verdict,
 * when it was last verified, its open incident and its recent verdicts; and the audit trail's head, so whoever
 * reads the page or the API holds a copy that exposes a later truncation or rewrite ({@code auditHead}: null when
 * the store cannot answer). {@code /api/status} and the status page both render one of these.
 */
public record StatusSnapshot(Instant generatedAt, String configFile, Instant configLoadedAt, List<String> notReady,
                             List<CheckStatus> checks, ChainHead auditHead) {
    /** How many verdicts each check's timeline shows. */
    public static final int RECENT = 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public StatusSnapshot {
        notReady = List.copyOf(notReady);
        checks = List.copyOf(checks);
    }

    /**
     * One scheduled check.
     *
     * @param verdict null when it never ran
     * @param notes what its latest verdict holds besides: the standing conditions (warnings) and the baseline (info)
     *              of a verdict that held
     * @param lastVerifiedAt its last verdict that held (PASS or CHANGED), null if never
     * @param suspended why it does not run until checks.yaml changes, or null
     * @param recent newest first, at most {@link #RECENT}
     * @param lastAcceptance the newest {@code driftwatch accept} of it, or null
     */
    public record CheckStatus(CheckKey key, String schedule, Instant nextRunAt, Outcome verdict, String summary, List<Finding> notes,
                              Instant lastRunAt, Instant lastVerifiedAt, String suspended, OpenIncident openIncident,
                              List<RecentVerdict> recent, LastAcceptance lastAcceptance) {
        public CheckStatus {
            notes = List.copyOf(notes);
            recent = List.copyOf(recent);
        }
    }

    /**
     * The incident of a check still open; {@code since} is when its trouble began, its findings those of its last failing verdict;
     * who acknowledged it ({@code driftwatch ack}) and when, null until someone does.
     */
    public record OpenIncident(long id, String trigger, Instant since, Instant openedAt, List<Finding> findings, String acknowledgedBy,
                               Instant acknowledgedAt) {
        public OpenIncident {
            findings = List.copyOf(findings);
        }
    }

    public record RecentVerdict(Instant at, Outcome verdict, String summary) {}

    /** Who last accepted what a check saw as its known state, when and why ({@code driftwatch accept}). */
    public record LastAcceptance(String by, Instant at, String reason) {}

    public boolean ready() {
        return notReady.isEmpty();
    }

    /** How many checks stand at each verdict now; checks that never ran are not counted. */
    public Map<Outcome, Integer> counts() {
        Map<Outcome, Integer> out = new EnumMap<>(Outcome.class);
        for (CheckStatus c : checks) {
            if (c.verdict() != null) {
                out.merge(c.verdict(), 1, Integer::sum);
            }
        }
        return out;
    }

    /**
     * Reads the snapshot from the daemon and the audit trail. A store that cannot answer does not fail it:
     * the checks are listed as scheduled, without history, and the reason joins {@link #notReady}.
     */
    public static StatusSnapshot take(DaemonState state, AuditTrail trail, Clock clock) {
        List<ScheduledCheck> scheduled = scheduled(state);
        List<CheckStatus> checks = new ArrayList<>();
        ChainHead head;
        try {
            head = trail.journal().head();
            Map<CheckKey, Instant> lastVerified = new HashMap<>();
            for (LastVerified lv : trail.verdicts().lastVerified()) {
                if (lv.lastVerified() != null) {
                    lastVerified.put(lv.key(), lv.lastVerified());
                }
            }
            Map<CheckKey, Incident> open = new HashMap<>();
            for (Incident i : trail.incidents().open()) {
                // A failing incident says more than a stale one; show it when a check has both.
                open.merge(i.key(), i, (a, b) -> a.slot() == IncidentSlot.FAILING ? a : b);
            }
            for (ScheduledCheck s : scheduled) {
                LastAcceptance accepted = trail.acceptances().latest(s.key()).map(a -> new LastAcceptance(a.by(), a.at(), a.reason())).orElse(null);
                checks.add(status(s, trail.verdicts().latest(s.key(), RECENT), lastVerified.get(s.key()), open.get(s.key()), accepted));
            }
        } catch (RuntimeException e) {
            return withoutHistory(state, clock, unreachable(e));
        }
        return new StatusSnapshot(clock.instant(), state.configFile(), state.configLoadedAt(), state.notReadyReasons(), checks, head);
    }

    /** The checks as scheduled, with no history: what can be shown while the store cannot answer ({@code reason}). */
    public static StatusSnapshot withoutHistory(DaemonState state, Clock clock, String reason) {
        List<String> notReady = new ArrayList<>(state.notReadyReasons());
        notReady.add(reason);
        List<CheckStatus> checks = scheduled(state).stream().map(s -> status(s, List.of(), null, null, null)).toList();
        return new StatusSnapshot(clock.instant(), state.configFile(), state.configLoadedAt(), notReady, checks, null);
    }

    /** The readiness reason for a store that failed to answer. */
    public static String unreachable(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "audit trail unreachable: " + message.replaceAll("\\s+", " ");
    }

    private static List<ScheduledCheck> scheduled(DaemonState state) {
        List<ScheduledCheck> scheduled = new ArrayList<>(state.scheduledChecks());
        // Grouped by contract then environment for people; the scheduler's order of checks stays within a group.
        scheduled.sort(Comparator.comparing((ScheduledCheck s) -> s.key().contract()).thenComparing(s -> s.key().environment()));
        return scheduled;
    }

    private static CheckStatus status(ScheduledCheck s, List<Verdict> history, Instant lastVerified, Incident incident, LastAcceptance accepted) {
        Verdict latest = history.isEmpty() ? null : history.get(0);
        OpenIncident open = null;
        if (incident != null) {
            List<Finding> findings = history.stream()
                    .filter(v -> v.outcome() == Outcome.BROKEN || v.outcome() == Outcome.UNVERIFIED)
                    .findFirst().map(Verdict::findings).orElse(List.of());
            open = new OpenIncident(incident.id(), incident.trigger(), incident.firstSeenAt(), incident.openedAt(), findings,
                    incident.acknowledgedBy(), incident.acknowledgedAt());
        }
        List<Finding> notes = latest == null || !latest.holds() ? List.of()
                : latest.findings().stream().filter(f -> f.severity() != Severity.ERROR && !f.isNews()).toList();
        return new CheckStatus(s.key(), s.schedule(), s.nextRunAt(), latest == null ? null : latest.outcome(),
                latest == null ? null : latest.summary(), notes, latest == null ? null : latest.startedAt(), lastVerified,
                s.suspended(), open, history.stream().map(v -> new RecentVerdict(v.startedAt(), v.outcome(), v.summary())).toList(), accepted);
    }

    /** The {@code /api/status} document. */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("generatedAt", time(generatedAt));
        root.put("configFile", configFile);
        root.put("configLoadedAt", time(configLoadedAt));
        root.put("ready", ready());
        ArrayNode reasons = root.putArray("notReady");
        notReady.forEach(reasons::add);
        if (auditHead == null) {
            root.putNull("auditHead");
        } else {
            root.putObject("auditHead").put("seq", auditHead.seq()).put("hash", auditHead.hash()).put("text", auditHead.toString());
        }
        ArrayNode list = root.putArray("checks");
        for (CheckStatus c : checks) {
            ObjectNode o = list.addObject();
            o.put("contract", c.key().contract());
            o.put("environment", c.key().environment());
            o.put("check", c.key().check());
            o.put("schedule", c.schedule());
            o.put("nextRunAt", time(c.nextRunAt()));
            o.put("verdict", c.verdict() == null ? null : c.verdict().name());
            o.put("summary", c.summary());
            o.put("lastRunAt", time(c.lastRunAt()));
            o.put("lastVerifiedAt", time(c.lastVerifiedAt()));
            o.put("suspended", c.suspended());
            ArrayNode notes = o.putArray("notes");
            for (Finding f : c.notes()) {
                notes.addObject().put("rule", f.rule()).put("severity", f.severity().label()).put("change", f.change().label())
                        .put("pointer", f.pointer()).put("expected", f.expected()).put("actual", f.actual());
            }
            if (c.openIncident() == null) {
                o.putNull("openIncident");
            } else {
                OpenIncident i = c.openIncident();
                ObjectNode inc = o.putObject("openIncident");
                inc.put("id", i.id());
                inc.put("trigger", i.trigger());
                inc.put("since", time(i.since()));
                inc.put("openedAt", time(i.openedAt()));
                inc.put("acknowledgedBy", i.acknowledgedBy());
                inc.put("acknowledgedAt", time(i.acknowledgedAt()));
                ArrayNode findings = inc.putArray("findings");
                for (Finding f : i.findings()) {
                    findings.addObject().put("rule", f.rule()).put("pointer", f.pointer())
                            .put("expected", f.expected()).put("actual", f.actual());
                }
            }
            if (c.lastAcceptance() == null) {
                o.putNull("lastAcceptance");
            } else {
                o.putObject("lastAcceptance").put("by", c.lastAcceptance().by()).put("at", time(c.lastAcceptance().at()))
                        .put("reason", c.lastAcceptance().reason());
            }
            ArrayNode recent = o.putArray("recent");
            for (RecentVerdict r : c.recent()) {
                recent.addObject().put("at", time(r.at())).put("verdict", r.verdict().name()).put("summary", r.summary());
            }
        }
        return root;
    }

    public String toJsonText() {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson());
    }

    private static String time(Instant at) {
        return at == null ? null : VerdictJson.timestamp(at);
    }
}
