package dev.driftwatch.alert;

import static dev.driftwatch.alert.SlackMessage.escape;

import dev.driftwatch.audit.AlertState;
import dev.driftwatch.audit.Incident;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Finding;
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
 * do, and the command that shows the audit history.
 */
public final class AlertMessages {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);
    private static final String DIFF_RULE = "docs-changed";
    /** What to do first, for the rules people meet most; the rest get the general advice. */
    private static final Map<String, String> ADVICE = Map.ofEntries(
            Map.entry("model-not-listed", "The pinned model ID is gone from the models list: find its successor in the provider's release notes, then update `model` in checks.yaml and in your code."),
            Map.entry("model-not-found", "The provider no longer knows the model: find its successor, then update `model` in checks.yaml and in your code."),
            Map.entry("endpoint-gone", "The endpoint no longer exists at this path: check the provider's changelog for its new path."),
            Map.entry("auth-rejected", "The key is refused: check that the key in the environment is valid and not revoked or out of credit."),
            Map.entry("request-rejected", "The provider now refuses the request your code sends: read its message above and adapt the request (and `request:` in checks.yaml)."),
            Map.entry("response-property-removed", "A field your code reads is gone from the response: adapt the code that reads it, then the response schema."),
            Map.entry("response-property-type-changed", "A field your code reads changed its type: adapt the code that reads it, then the response schema."),
            Map.entry("docs-fact-missing", "The docs page no longer states a fact your contract relies on: read the diff, then confirm with the provider."),
            Map.entry("docs-page-gone", "The docs page is gone: find where it moved and update its `url` in checks.yaml."),
            Map.entry("verification-stale", "The check has not passed for too long: look at why it is UNVERIFIED or SKIPPED (network, key, budget) and fix the probe."));
    private final Redactor redactor;

    public AlertMessages(Redactor redactor) {
        this.redactor = redactor;
    }

    /** The command that shows a check's verdicts, incidents and alerts. */
    public static String historyCommand(CheckKey key) {
        return "driftwatch audit history --contract " + key.contract() + " --env " + key.environment() + " --check " + key.check();
    }

    RenderedAlert opened(Incident incident, Verdict v, AlertState s) {
        String what = v.outcome().name();
        String why = incident.trigger().equals("UNVERIFIED")
                ? "Could not verify for " + s.troubleStreak() + " consecutive run(s)"
                : "The contract no longer holds";
        SlackMessage m = message(what, v.key(), what + ": " + v.summary());
        m.section("*" + why + ":* " + escape(v.summary()));
        findings(m, v.findings());
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

    RenderedAlert resolved(Incident incident, Verdict v, Instant now) {
        SlackMessage m = message("RESOLVED", incident.key(), "RESOLVED: " + v.summary());
        m.section("*Holds again:* " + escape(v.summary()) + "\nWas " + incident.trigger() + " since " + when(incident.firstSeenAt())
                + " (" + age(Duration.between(incident.firstSeenAt(), v.startedAt() == null ? now : v.startedAt())) + ").");
        evidence(m, v);
        m.context("Opened " + when(incident.openedAt()) + " · resolved " + when(now));
        return history(m, incident.key()).render();
    }

    RenderedAlert changed(Verdict v, List<Finding> news, AlertState s) {
        SlackMessage m = message("CHANGED", v.key(), "CHANGED: " + news.get(0).describe() + (news.size() > 1 ? " (+" + (news.size() - 1) + " more)" : ""));
        m.section("*" + (news.size() == 1 ? "A release change" : news.size() + " release changes") + " that do" + (news.size() == 1 ? "es" : "")
                + " not break the contract*, first seen in this run:");
        findings(m, news);
        evidence(m, v);
        m.context("Last verified OK " + when(s.lastOkAt()) + " · announced once; later runs that see the same change stay silent");
        return history(m, v.key()).render();
    }

    RenderedAlert stale(Incident incident, AlertState s, Verdict latest, Duration maxUnverified) {
        SlackMessage m = message("STALE", incident.key(), "STALE: not verified since " + when(s.lastOkAt()));
        String since = s.lastOkAt() == null ? "never passed (first run " + when(s.firstVerdictAt()) + ")" : "last passed " + when(s.lastOkAt());
        m.section("*`verification-stale`:* this check " + since + ", longer than maxUnverified (" + age(maxUnverified) + ")."
                + (latest == null ? "" : "\n*Latest verdict:* " + latest.outcome() + " — " + escape(latest.summary())));
        if (latest != null) {
            evidence(m, latest);
        }
        m.section("*What to do:* " + ADVICE.get("verification-stale"));
        return history(m, incident.key()).render();
    }

    /** A problem of the daemon itself: the headline, then the lines that explain it (config errors, the store's message). */
    RenderedAlert daemon(CheckKey key, String what, String headline, List<String> lines, String advice) {
        SlackMessage m = message(what, key, headline);
        m.section("*" + escape(headline) + "*");
        if (!lines.isEmpty()) {
            m.section("```" + escape(String.join("\n", lines)) + "```");
        }
        m.section("*What to do:* " + escape(advice));
        return m.render();
    }

    private SlackMessage message(String what, CheckKey key, String summary) {
        String head = what + " · " + key.contract() + " · " + key.environment() + " · " + key.check();
        return new SlackMessage(redactor, head, head + " — " + summary, historyCommand(key));
    }

    private static SlackMessage history(SlackMessage m, CheckKey key) {
        return m.context("History: `" + historyCommand(key) + "`");
    }

    /** Errors first; each with its rule, where, expected vs actual; a docs diff as a code block. */
    private static void findings(SlackMessage m, List<Finding> findings) {
        List<Finding> ordered = new ArrayList<>(findings);
        ordered.sort(Comparator.comparing(f -> f.severity() == null ? Severity.INFO : f.severity()));
        for (Finding f : ordered) {
            StringBuilder s = new StringBuilder("`" + escape(f.rule()) + "`");
            if (f.pointer() != null && !f.pointer().isEmpty()) {
                s.append(" at `").append(escape(f.pointer())).append('`');
            }
            if (DIFF_RULE.equals(f.rule()) && f.actual() != null) {
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
        Object url = e.details().get("url");
        if (url != null) {
            seen.add(escape(String.valueOf(url)));
        }
        if (v.startedAt() != null) {
            seen.add("checked " + when(v.startedAt()));
        }
        String text = "*How we know:* " + (seen.isEmpty() ? "no HTTP answer" : String.join(" · ", seen));
        Object said = e.details().get("providerMessage");
        if (said != null) {
            text += "\n*Provider said:* " + escape(String.valueOf(said));
        }
        m.section(text);
    }

    private static void advice(SlackMessage m, List<Finding> findings) {
        String advice = findings.stream().filter(f -> f.severity() == Severity.ERROR).map(f -> ADVICE.get(f.rule()))
                .filter(a -> a != null).findFirst()
                .orElse("Compare the findings with the provider's changelog; if the change is intended, update checks.yaml and the schemas, and your code.");
        m.section("*What to do:* " + advice);
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
