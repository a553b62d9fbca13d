package dev.driftwatch.daemon;

import dev.driftwatch.alert.CheckPageLinks;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.daemon.StatusSnapshot.CheckStatus;
import dev.driftwatch.daemon.StatusSnapshot.OpenIncident;
import dev.driftwatch.daemon.StatusSnapshot.RecentVerdict;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status page for people: one self-contained HTML document (inline CSS, no script, no external
 * asset, so it works offline), per contract and environment. Every text that comes from a provider or
 * from checks.yaml is escaped: a provider's error message may well contain HTML.
 */
public final class StatusPage {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final List<Outcome> HEADLINE = List.of(Outcome.BROKEN, Outcome.CHANGED, Outcome.UNVERIFIED, Outcome.PASS, Outcome.SKIPPED);
    private static final String NEVER = "NEVER";
    /** The same widths in every environment's table, so the columns line up down the page; the timeline fits 20 cells. */
    private static final String COLUMNS = "<colgroup><col style=\"width:11%\"><col style=\"width:9%\"><col style=\"width:26%\">"
            + "<col style=\"width:11%\"><col style=\"width:11%\"><col style=\"width:13%\"><col style=\"width:19%\"></colgroup>";
    /** The look both pages share; the check page adds its own rules after it. */
    static final String CSS = """
            body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
            header,main{max-width:1180px;margin:0 auto;padding:12px 20px}
            header{border-bottom:1px solid #d0d7de;background:#fff;max-width:none}
            h1{font-size:22px;margin:4px 0}h2{font-size:18px;margin:22px 0 8px}h3{font-size:15px;margin:14px 0 6px;color:#57606a}
            .counts{display:flex;gap:8px;flex-wrap:wrap;margin:6px 0}
            .count{padding:4px 10px;border-radius:14px;font-weight:600;color:#fff}
            .count.zero{opacity:.35}
            .meta{color:#57606a;font-size:13px;margin:4px 0}#audit-head{word-break:break-all}
            .ready{color:#1a7f37;font-weight:600}.not-ready{color:#cf222e;font-weight:600}
            table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #d0d7de;border-radius:6px}
            th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eaeef2;vertical-align:top}
            th{font-size:12px;text-transform:uppercase;color:#57606a;background:#f6f8fa}
            td.name{font-weight:600;white-space:nowrap}td.name a{color:#0969da;text-decoration:none}
            td.summary,td.actual,td.expected{word-break:break-word}
            .badge{display:inline-block;min-width:86px;text-align:center;padding:2px 6px;border-radius:4px;color:#fff;font-weight:700;font-size:12px}
            .ago{display:block;color:#57606a;font-size:12px}
            .meta .ago{display:inline;font-size:inherit}.meta .ago::before{content:" ("}.meta .ago::after{content:")"}
            table.checks{table-layout:fixed}
            .timeline{white-space:nowrap}
            .cell{display:inline-block;width:8px;height:18px;margin-right:2px;border-radius:2px}
            .v-PASS{background:#1a7f37}.v-CHANGED{background:#0969da}.v-UNVERIFIED{background:#bf8700}
            .v-BROKEN{background:#cf222e}.v-SKIPPED{background:#6e7781}.v-NEVER{background:#afb8c1}
            .incident{background:#fff;border:1px solid #cf222e;border-left:6px solid #cf222e;border-radius:6px;padding:8px 12px;margin:10px 0}
            .incident h3{color:#1f2328;margin:4px 0}
            .none{color:#57606a}
            ul.notes{margin:4px 0 0;padding-left:16px;font-size:12px;color:#57606a}
            li.note.warning{color:#9a6700}
            p.accepted{margin:4px 0 0;font-size:12px;color:#57606a}
            p.accepted .ago{display:inline}p.accepted .ago::before{content:" ("}p.accepted .ago::after{content:")"}
            .acked{font-weight:600}
            .suspended{color:#cf222e;font-size:12px;display:block;line-height:1.3}.suspended b{font-size:14px}
            code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
            """;

    private StatusPage() {
    }

    /** The whole page for {@code s}. */
    public static String render(StatusSnapshot s) {
        Map<Outcome, Integer> counts = s.counts();
        StringBuilder h = new StringBuilder(16_384);
        int broken = counts.getOrDefault(Outcome.BROKEN, 0);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta http-equiv=\"refresh\" content=\"30\">")
                .append("<title>").append(broken > 0 ? broken + " BROKEN · " : "").append("driftwatch status</title>")
                .append("<style>").append(CSS).append("</style></head><body>\n");
        header(h, s, counts);
        h.append("<main>\n");
        incidents(h, s);
        checks(h, s);
        h.append("</main></body></html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, StatusSnapshot s, Map<Outcome, Integer> counts) {
        h.append("<header id=\"summary\"><h1>driftwatch status</h1><div class=\"counts\">");
        for (Outcome o : HEADLINE) {
            int n = counts.getOrDefault(o, 0);
            h.append("<span class=\"count v-").append(o.name()).append(n == 0 ? " zero" : "")
                    .append("\" data-count=\"").append(o.name()).append("\" data-value=\"").append(n).append("\">")
                    .append(n).append(' ').append(o.name()).append("</span>");
        }
        long never = s.checks().stream().filter(c -> c.verdict() == null).count();
        if (never > 0) {
            h.append("<span class=\"count v-NEVER\" data-count=\"NEVER\" data-value=\"").append(never).append("\">")
                    .append(never).append(" never run</span>");
        }
        h.append("</div>");
        if (s.ready()) {
            h.append("<p id=\"readiness\" class=\"ready\">Ready</p>");
        } else {
            h.append("<div id=\"readiness\" class=\"not-ready\">Not ready:<ul>");
            s.notReady().forEach(r -> h.append("<li>").append(esc(r)).append("</li>"));
            h.append("</ul></div>");
        }
        h.append("<p class=\"meta\">Configuration <code>").append(esc(s.configFile())).append("</code>");
        if (s.configLoadedAt() != null) {
            h.append(", loaded ").append(time(s.configLoadedAt(), s.generatedAt()));
        }
        h.append(" · page made ").append(esc(UTC.format(s.generatedAt())));
        if (s.auditHead() != null) {
            // Anyone who saved this page can later run 'audit verify --expect-head' against it.
            h.append(" · audit head <code id=\"audit-head\">").append(esc(s.auditHead().toString())).append("</code>");
        }
        h.append("</p></header>\n");
    }

    private static void incidents(StringBuilder h, StatusSnapshot s) {
        List<CheckStatus> open = s.checks().stream().filter(c -> c.openIncident() != null).toList();
        h.append("<section id=\"incidents\"><h2>Open incidents (").append(open.size()).append(")</h2>\n");
        if (open.isEmpty()) {
            h.append("<p class=\"none\">No open incidents.</p>");
        }
        for (CheckStatus c : open) {
            OpenIncident i = c.openIncident();
            h.append("<article class=\"incident\" id=\"incident-").append(i.id()).append("\" data-check=\"").append(esc(id(c.key())))
                    .append("\" data-trigger=\"").append(esc(i.trigger())).append("\"><h3><span class=\"badge v-")
                    .append(badgeClass(i.trigger())).append("\">").append(esc(i.trigger())).append("</span> ")
                    .append(esc(c.key().contract())).append(" · ").append(esc(c.key().environment())).append(" · ")
                    .append(esc(c.key().check())).append("</h3><p class=\"meta\">Incident #").append(i.id());
            if (i.since() != null) {
                h.append(", trouble since ").append(time(i.since(), s.generatedAt()));
            }
            if (i.openedAt() != null) {
                h.append(", alerted ").append(time(i.openedAt(), s.generatedAt()));
            }
            if (i.acknowledgedBy() != null) {
                h.append(", <span class=\"acked\" data-acked-by=\"").append(esc(i.acknowledgedBy())).append("\">acked by ")
                        .append(esc(i.acknowledgedBy())).append("</span> ").append(time(i.acknowledgedAt(), s.generatedAt()));
            }
            h.append("</p>");
            if (c.summary() != null) {
                h.append("<p class=\"summary\">Latest: ").append(esc(c.summary())).append("</p>");
            }
            if (!i.findings().isEmpty()) {
                h.append("<table class=\"findings\"><thead><tr><th>Rule</th><th>Where</th><th>Expected</th><th>Actual</th></tr></thead><tbody>");
                for (Finding f : i.findings()) {
                    h.append("<tr class=\"finding\" data-rule=\"").append(esc(f.rule())).append("\"><td><code>").append(esc(f.rule()))
                            .append("</code></td><td><code>").append(esc(f.pointer())).append("</code></td><td class=\"expected\">")
                            .append(esc(f.expected())).append("</td><td class=\"actual\">").append(esc(f.actual())).append("</td></tr>");
                }
                h.append("</tbody></table>");
            }
            h.append("</article>\n");
        }
        h.append("</section>\n");
    }

    private static void checks(StringBuilder h, StatusSnapshot s) {
        h.append("<section id=\"checks\">");
        if (s.checks().isEmpty()) {
            h.append("<h2>Checks</h2><p class=\"none\">No check is scheduled.</p>");
        }
        Map<String, Map<String, List<CheckStatus>>> grouped = new LinkedHashMap<>();
        for (CheckStatus c : s.checks()) {
            grouped.computeIfAbsent(c.key().contract(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(c.key().environment(), k -> new ArrayList<>()).add(c);
        }
        grouped.forEach((contract, environments) -> {
            h.append("<section class=\"contract\" data-contract=\"").append(esc(contract)).append("\"><h2>")
                    .append(esc(contract)).append("</h2>\n");
            environments.forEach((environment, checks) -> {
                h.append("<h3>").append(esc(environment)).append("</h3><table class=\"checks\" data-environment=\"")
                        .append(esc(environment)).append("\">").append(COLUMNS).append("<thead><tr><th>Check</th><th>State</th><th>Summary</th>")
                        .append("<th>Last verified</th><th>Last run</th><th>Next run</th><th>Recent verdicts</th></tr></thead><tbody>\n");
                checks.forEach(c -> row(h, c, s.generatedAt()));
                h.append("</tbody></table>\n");
            });
            h.append("</section>\n");
        });
        h.append("</section>\n");
    }

    private static void row(StringBuilder h, CheckStatus c, Instant now) {
        String verdict = c.verdict() == null ? NEVER : c.verdict().name();
        h.append("<tr class=\"check\" data-check=\"").append(esc(id(c.key()))).append("\" data-verdict=\"").append(verdict)
                .append(c.suspended() == null ? "" : "\" data-suspended=\"true").append("\">")
                .append("<td class=\"name\"><a href=\"").append(esc(CheckPageLinks.path(c.key()))).append("\">").append(esc(c.key().check()))
                .append("</a></td>")
                .append("<td class=\"state\"><span class=\"badge v-").append(verdict).append("\">")
                .append(c.verdict() == null ? "never run" : verdict).append("</span></td>")
                .append("<td class=\"summary\">").append(esc(c.summary()));
        notes(h, c);
        accepted(h, c, now);
        h.append("</td>")
                .append("<td class=\"verified\">").append(c.lastVerifiedAt() == null ? "never" : time(c.lastVerifiedAt(), now)).append("</td>")
                .append("<td class=\"last-run\">").append(c.lastRunAt() == null ? "—" : time(c.lastRunAt(), now)).append("</td>")
                .append("<td class=\"next-run\">").append(nextRun(c, now))
                .append("<span class=\"ago\"><code>").append(esc(c.schedule())).append("</code></span></td>")
                .append("<td class=\"timeline\">");
        List<RecentVerdict> recent = new ArrayList<>(c.recent());
        // Oldest on the left, so the timeline reads like time does.
        for (int i = recent.size() - 1; i >= 0; i--) {
            RecentVerdict r = recent.get(i);
            h.append("<span class=\"cell v-").append(r.verdict().name()).append("\" data-verdict=\"").append(r.verdict().name())
                    .append("\" title=\"").append(esc(UTC.format(r.at()) + " " + r.verdict().name()
                            + (r.summary() == null ? "" : ": " + r.summary()))).append("\"></span>");
        }
        h.append("</td></tr>\n");
    }

    /** What a check that holds still carries: standing conditions (warnings) and, on its first runs, its baseline (info). */
    private static void notes(StringBuilder h, CheckStatus c) {
        if (c.notes().isEmpty()) {
            return;
        }
        h.append("<ul class=\"notes\">");
        for (Finding f : c.notes()) {
            h.append("<li class=\"note ").append(f.severity().label()).append("\" data-rule=\"").append(esc(f.rule()))
                    .append("\" data-severity=\"").append(f.severity().label()).append("\"><code>").append(esc(f.rule())).append("</code> ");
            if (f.pointer() != null && !f.pointer().isEmpty()) {
                h.append("at <code>").append(esc(f.pointer())).append("</code>: ");
            }
            h.append(esc(f.actual() == null ? "" : firstLine(f.actual()))).append("</li>");
        }
        h.append("</ul>");
    }

    /** Who last made what the check saw its known state, when and why: the answer to "who accepted that change?". */
    private static void accepted(StringBuilder h, CheckStatus c, Instant now) {
        StatusSnapshot.LastAcceptance a = c.lastAcceptance();
        if (a == null) {
            return;
        }
        h.append("<p class=\"accepted\" data-accepted-by=\"").append(esc(a.by())).append("\">accepted by ").append(esc(a.by()))
                .append(' ').append(time(a.at(), now)).append(": ").append(esc(a.reason())).append("</p>");
    }

    /** When it runs next; a suspended check says why it does not. */
    private static String nextRun(CheckStatus c, Instant now) {
        if (c.suspended() != null) {
            return "<span class=\"suspended\" data-suspended=\"true\"><b>suspended</b>: " + esc(c.suspended()) + "</span>";
        }
        return c.nextRunAt() == null ? "not planned" : time(c.nextRunAt(), now);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " …";
    }

    /** An instant as the pages write it: {@code 2026-11-21 06:15 UTC}. */
    static String utc(Instant at) {
        return UTC.format(at);
    }

    /** An absolute UTC time with how long ago (or how soon) it is. */
    static String time(Instant at, Instant now) {
        return "<time datetime=\"" + at + "\">" + UTC.format(at) + "</time><span class=\"ago\">" + relative(at, now) + "</span>";
    }

    static String relative(Instant at, Instant now) {
        Duration d = Duration.between(at, now);
        boolean future = d.isNegative();
        d = d.abs();
        String span;
        if (d.toMinutes() < 1) {
            return future ? "in under a minute" : "just now";
        } else if (d.toMinutes() < 60) {
            span = d.toMinutes() + " min";
        } else if (d.toHours() < 48) {
            span = d.toHours() + " h";
        } else {
            span = d.toDays() + " d";
        }
        return future ? "in " + span : span + " ago";
    }

    private static String badgeClass(String trigger) {
        for (Outcome o : Outcome.values()) {
            if (o.name().equals(trigger)) {
                return o.name();
            }
        }
        return Outcome.UNVERIFIED.name(); // a stale incident: nothing verified for too long
    }

    private static String id(CheckKey key) {
        return key.contract() + "/" + key.environment() + "/" + key.check();
    }

    /** Text and attribute values alike: the five characters HTML gives a meaning. */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
