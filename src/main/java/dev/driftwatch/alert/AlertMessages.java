package dev.driftwatch.alert;

import static dev.driftwatch.alert.SlackMessage.escape;

import dev.driftwatch.audit.Acceptance;
import dev.driftwatch.audit.AlertState;
import dev.driftwatch.audit.Incident;
import dev.driftwatch.check.Change;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Severity;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.check.Redactor;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Renders alerts as Block Kit: what broke (rule, where, expected vs actual), how we know (status,
 * latency, request ID, the provider's message), since when (first seen, last verified OK), what to
 * do, and the command that shows the audit history; with {@code status.externalUrl}, a link to the check's page
 * right under the header, where no cut for Slack's limits can reach it.
 */
public final class AlertMessages {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);
    /** Alerting's own rule, and what to do when no kind's advice applies. */
    private static final String STALE_ADVICE = "The check has not passed for too long: look at why it is UNVERIFIED or SKIPPED (network, key, budget) and fix the probe.";
    private static final String GENERAL_ADVICE = "Compare the findings with the provider's changelog; if the change is intended, update checks.yaml and the schemas, and your code.";
    private final Redactor redactor;
    private final Map<String, String> advice;
    private final CheckPageLinks links;

    /** @param advice what to do first per rule ID, as each kind of check words it ({@code CheckFactory#advice}) */
    public AlertMessages(Redactor redactor, Map<String, String> advice) {
        this(redactor, advice, CheckPageLinks.NONE);
    }

    /** @param links where each check's page is, for the link in every message */
    public AlertMessages(Redactor redactor, Map<String, String> advice, CheckPageLinks links) {
        this.redactor = redactor;
        this.advice = Map.copyOf(advice);
        this.links = links;
    }

    /** The command that shows a check's verdicts, incidents and alerts. */
    public static String historyCommand(CheckKey key) {
        return "driftwatch audit history --contract " + key.contract() + " --env " + key.environment() + " --check " + key.check();
    }

    /** The opening alert: what broke (the findings that are not release news; those go in a CHANGED alert beside it). */
    RenderedAlert opened(Incident incident, Verdict v, AlertState s) {
        String what = v.outcome().name();
        String why = incident.trigger().equals("UNVERIFIED")
                ? "Could not verify for " + s.troubleStreak() + " consecutive run(s)"
                : "The contract no longer holds";
        SlackMessage m = message(what, v.key(), what + ": " + v.summary());
        m.section("*" + why + ":* " + escape(v.summary()));
        findings(m, v.findings().stream().filter(f -> !f.isNews()).toList());
        evidence(m, v);
        m.context("First seen " + when(incident.firstSeenAt()) + " · last verified OK " + when(s.lastOkAt())
                + " · opened " + when(incident.openedAt()));
        advice(m, v.findings());
        return history(m, v.key()).render();
    }

    RenderedAlert reminder(Incident incident, Verdict latest, AlertState s, Instant now) {
        String what = incident.trigger();
        SlackMessage m = message(what + " (reminder)", incident.key(), "Still " + what + " since " + when(incident.firstSeenAt()));
        m.section("*Still " + what + "* — open for " + age(Duration.between(incident.openedAt(), now)) + ", first seen "
                + when(incident.firstSeenAt()) + "." + (latest == null ? "" : "\n*Latest verdict:* " + latest.outcome() + " — " + escape(latest.summary())));
        if (latest != null) {
            findings(m, latest.findings());
            evidence(m, latest);
        }
        m.context("Last verified OK " + when(s.lastOkAt()));
        return history(m, incident.key()).render();
    }

    /**
     * The incident is over. Names what recovered — the findings of its last failing verdict — never the release
     * news of the verdict that recovered it (that is announced on its own, once).
     */
    RenderedAlert resolved(Incident incident, Verdict v, Verdict failing, Instant now) {
        List<Finding> broke = failing == null ? List.of()
                : failing.findings().stream().filter(f -> f.change() == Change.NONE).toList();
        String recovered = broke.isEmpty() ? incident.trigger() : broke.stream().map(Finding::rule).distinct().reduce((a, b) -> a + ", " + b).orElseThrow();
        SlackMessage m = message("RESOLVED", incident.key(), "RESOLVED: " + recovered + " recovered");
        StringBuilder text = new StringBuilder("*Recovered:* ");
        if (broke.isEmpty()) {
            text.append(escape(incident.trigger()));
        } else {
            for (Finding f : broke) {
                text.append("\n• `").append(escape(f.rule())).append('`');
                if (f.pointer() != null && !f.pointer().isEmpty()) {
                    text.append(" at `").append(escape(f.pointer())).append('`');
                }
                if (f.expected() != null) {
                    text.append(" — ").append(escape(f.expected())).append(" again");
                }
            }
        }
        text.append("\nWas ").append(incident.trigger()).append(" since ").append(when(incident.firstSeenAt()))
                .append(" (").append(age(Duration.between(incident.firstSeenAt(), v.startedAt() == null ? now : v.startedAt()))).append(").")
                .append("\n*Now:* ").append(v.outcome()).append(v.outcome() == Outcome.PASS ? " — " + escape(v.summary()) : "");
        m.section(text.toString());
        evidence(m, v);
        m.context("Opened " + when(incident.openedAt()) + " · resolved " + when(now));
        return history(m, incident.key()).render();
    }

    /**
     * The incident is over because a person accepted what the check sees as its known state ({@code driftwatch accept}):
     * who, why, and the findings that are known state from now on.
     */
    RenderedAlert accepted(Incident incident, Acceptance a, Instant now) {
        SlackMessage m = message("RESOLVED", incident.key(), "RESOLVED: accepted by " + a.by() + " — " + a.reason());
        StringBuilder text = new StringBuilder("*Accepted by " + escape(a.by()) + ":* " + escape(a.reason()));
        text.append("\nWas ").append(incident.trigger()).append(" since ").append(when(incident.firstSeenAt()))
                .append(" (").append(age(Duration.between(incident.firstSeenAt(), now))).append(").");
        if (!a.findings().isEmpty()) {
            text.append("\n*Known state from now on* (the same observation is no longer a break or news):");
            for (Finding f : a.findings()) {
                text.append("\n• `").append(escape(f.rule())).append('`');
                if (f.pointer() != null && !f.pointer().isEmpty()) {
                    text.append(" at `").append(escape(f.pointer())).append('`');
                }
                if (f.actual() != null && f.actual().indexOf('\n') < 0) {
                    text.append(" — ").append(escape(f.actual()));
                }
            }
        }
        m.section(text.toString());
        m.context("Opened " + when(incident.openedAt()) + " · accepted " + when(a.at()));
        return history(m, incident.key()).render();
    }

    /** Someone is on it ({@code driftwatch ack}): said in the incident's thread; no more reminders. */
    RenderedAlert acknowledged(Incident incident, Instant now) {
        String by = incident.acknowledgedBy();
        SlackMessage m = message("ACKNOWLEDGED", incident.key(), "Incident #" + incident.id() + " acknowledged by " + by);
        m.section("*Acknowledged by " + escape(by) + "*" + (incident.acknowledgedNote() == null ? "" : ": " + escape(incident.acknowledgedNote()))
                + "\nStill " + incident.trigger() + " since " + when(incident.firstSeenAt()) + " (" + age(Duration.between(incident.firstSeenAt(), now))
                + "); no more reminders. The resolution will follow in this thread.");
        m.context("Opened " + when(incident.openedAt()) + " · acknowledged " + when(incident.acknowledgedAt()));
        return history(m, incident.key()).render();
    }

    /** Release news, once per finding: in a verdict that holds, or one seen during an incident (announced all the same). */
    RenderedAlert changed(Verdict v, List<Finding> news, AlertState s) {
        SlackMessage m = message("CHANGED", v.key(), "CHANGED: " + news.get(0).describe() + (news.size() > 1 ? " (+" + (news.size() - 1) + " more)" : ""));
        String count = news.size() == 1 ? "A release change" : news.size() + " release changes";
        m.section(v.holds()
                ? "*" + count + " that do" + (news.size() == 1 ? "es" : "") + " not break the contract*, first seen in this run:"
                : "*" + count + "*, first seen in this run, while the check is " + v.outcome() + " (see its own alert):");
        findings(m, news);
        evidence(m, v);
        m.context("Last verified OK " + when(s.lastOkAt()) + " · announced once; later runs that see the same change stay silent");
        return history(m, v.key()).render();
    }

    RenderedAlert stale(Incident incident, AlertState s, Verdict latest, Duration maxUnverified) {
        SlackMessage m = message("STALE", incident.key(), "STALE: not verified since " + when(s.lastOkAt()));
        String since = s.lastOkAt() == null ? "was never verified (first run " + when(s.firstVerdictAt()) + ")" : "was last verified " + when(s.lastOkAt());
        m.section("*`verification-stale`:* this check " + since + ", longer than maxUnverified (" + age(maxUnverified) + ")."
                + (latest == null ? "" : "\n*Latest verdict:* " + latest.outcome() + " — " + escape(latest.summary())));
        if (latest != null) {
            evidence(m, latest);
        }
        m.section("*What to do:* " + STALE_ADVICE);
        return history(m, incident.key()).render();
    }

    /** A problem of the daemon itself: the headline, then the lines that explain it (config errors, the store's message). */
    RenderedAlert daemon(CheckKey key, String what, String headline, List<String> lines, String advice) {
        SlackMessage m = bare(what, key, headline);
        links.statusPage().ifPresent(url -> m.context("<" + url + "|View the status page>"));
        m.section("*" + escape(headline) + "*");
        if (!lines.isEmpty()) {
            m.section("```" + escape(String.join("\n", lines)) + "```");
        }
        m.section("*What to do:* " + escape(advice));
        return m.render();
    }

    private SlackMessage message(String what, CheckKey key, String summary) {
        SlackMessage m = bare(what, key, summary);
        // The URL is ours (configured, its parts percent-encoded): nothing in it can close the link or start another.
        links.of(key).ifPresent(url -> m.context("<" + url + "|View the check>"));
        return m;
    }

    private SlackMessage bare(String what, CheckKey key, String summary) {
        String head = what + " · " + key.contract() + " · " + key.environment() + " · " + key.check();
        // The notification text is mrkdwn too: provider text in it could mention a channel or hide a link.
        return new SlackMessage(redactor, head, escape(head + " — " + summary), historyCommand(key));
    }

    private static SlackMessage history(SlackMessage m, CheckKey key) {
        return m.context("History: `" + historyCommand(key) + "`");
    }

    /** Errors first; each with its rule, where, expected vs actual; a value of several lines (a diff) as a code block. */
    private static void findings(SlackMessage m, List<Finding> findings) {
        List<Finding> ordered = new ArrayList<>(findings);
        ordered.sort(Comparator.comparing(f -> f.severity() == null ? Severity.INFO : f.severity()));
        for (Finding f : ordered) {
            StringBuilder s = new StringBuilder("`" + escape(f.rule()) + "`");
            if (f.pointer() != null && !f.pointer().isEmpty()) {
                s.append(" at `").append(escape(f.pointer())).append('`');
            }
            if (f.actual() != null && f.actual().indexOf('\n') >= 0) {
                s.append("\n*Compared with:* ").append(escape(f.expected())).append("\n```").append(escape(f.actual())).append("```");
            } else {
                if (f.expected() != null) {
                    s.append("\n*Expected:* ").append(escape(f.expected()));
                }
                if (f.actual() != null) {
                    s.append("\n*Actual:* ").append(escape(f.actual()));
                }
            }
            m.section(s.toString());
        }
    }

    private static void evidence(SlackMessage m, Verdict v) {
        Evidence e = v.evidence();
        List<String> seen = new ArrayList<>();
        if (e.status() != null) {
            seen.add("HTTP " + e.status());
        }
        if (e.latencyMs() != null) {
            seen.add(e.latencyMs() + " ms");
        }
        if (e.requestId() != null) {
            seen.add("request ID `" + escape(e.requestId()) + "`");
        }
        if (e.url() != null) {
            seen.add(escape(e.url()));
        }
        if (v.startedAt() != null) {
            seen.add("checked " + when(v.startedAt()));
        }
        String text = "*How we know:* " + (seen.isEmpty() ? "no HTTP answer" : String.join(" · ", seen));
        if (e.providerMessage() != null) {
            text += "\n*Provider said:* " + escape(e.providerMessage());
        }
        m.section(text);
    }

    private void advice(SlackMessage m, List<Finding> findings) {
        String what = findings.stream().filter(f -> f.severity() == Severity.ERROR).map(f -> advice.get(f.rule()))
                .filter(a -> a != null).findFirst().orElse(GENERAL_ADVICE);
        m.section("*What to do:* " + what);
    }

    static String when(Instant at) {
        return at == null ? "never" : WHEN.format(at);
    }

    static String age(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        if (minutes < 60) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        return hours < 48 ? hours + "h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + "m") : hours / 24 + "d" + (hours % 24 == 0 ? "" : " " + hours % 24 + "h");
    }
}
