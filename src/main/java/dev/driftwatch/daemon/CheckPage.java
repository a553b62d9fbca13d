package dev.driftwatch.daemon;

import static dev.driftwatch.daemon.StatusPage.esc;
import static dev.driftwatch.daemon.StatusPage.time;
import static dev.driftwatch.daemon.StatusPage.utc;

import dev.driftwatch.alert.AlertMessages;
import dev.driftwatch.audit.Incident;
import dev.driftwatch.audit.SnapshotVersion;
import dev.driftwatch.audit.VerdictDay;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.daemon.CheckView.Decision;
import dev.driftwatch.daemon.CheckView.IncidentLine;
import dev.driftwatch.daemon.CheckView.Snapshots;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One check's page for people: its state now, a strip of its last 90 UTC days (runs, held runs and uptime per day,
 * with the figures as a table too), how long its runs took, its latest verdicts, every incident, the decisions
 * people took, and for a check that reads a page, two versions of that page side by side. Like the status page it
 * is one document with inline CSS and SVG, no script and no external asset; every text from a provider, a page or
 * checks.yaml is escaped. Links are relative, so the pages work behind a proxy that serves them under a path.
 */
final class CheckPage {
    /** The verdicts listed in the table (the chart of the latest runs shows {@link CheckView#RECENT}). */
    static final int LISTED = 20;
    /** Back from {@code checks/c/e/k} to the status page. */
    private static final String STATUS_PAGE = "../../../";
    private static final List<Outcome> WORST_FIRST = List.of(Outcome.BROKEN, Outcome.UNVERIFIED, Outcome.CHANGED, Outcome.PASS, Outcome.SKIPPED);
    private static final String CSS = """
            nav.crumbs{font-size:13px;margin:2px 0}nav.crumbs a{color:#0969da;text-decoration:none}
            h1 .badge{vertical-align:middle;margin-right:6px}
            p.summary{margin:6px 0;word-break:break-word}
            .uptime{font-size:20px;font-weight:700}
            .strip{display:flex;gap:2px;margin:8px 0 2px;background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:6px}
            .day{flex:1 1 0;min-width:3px;height:36px;border-radius:2px}
            .strip-ends{display:flex;justify-content:space-between;font-size:12px;color:#57606a}
            details{margin:8px 0}summary{cursor:pointer;color:#0969da;font-size:14px}
            table.days td,table.days th{padding:3px 8px;font-size:13px}td.n{text-align:right;font-variant-numeric:tabular-nums}
            svg.chart{display:block;width:100%;height:auto;background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:6px 0}
            svg .grid{stroke:#eaeef2}svg .tick{font-size:11px;fill:#57606a}
            svg .avg{stroke:#0969da;stroke-width:2;fill:none;stroke-linecap:round;stroke-linejoin:round}
            svg .max{stroke:#bf8700;stroke-width:1.5;fill:none;stroke-dasharray:5 4;stroke-linecap:round}
            svg .avg-point{fill:#0969da}
            svg .r-PASS{fill:#1a7f37}svg .r-CHANGED{fill:#0969da}svg .r-UNVERIFIED{fill:#bf8700}svg .r-BROKEN{fill:#cf222e}svg .r-SKIPPED{fill:#6e7781}
            .key{display:inline-block;width:18px;height:0;border-top:2px solid #0969da;vertical-align:middle;margin:0 4px 0 10px}
            .key.max{border-top:2px dashed #bf8700}
            form.compare{margin:8px 0;display:flex;gap:8px;align-items:center;flex-wrap:wrap}
            table.diff{table-layout:fixed;font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace}
            table.diff td{white-space:pre-wrap;word-break:break-word;padding:0 6px;border-bottom:0}
            table.diff td.ln{width:46px;color:#57606a;text-align:right;background:#f6f8fa}
            table.diff col.text{width:calc(50% - 46px)}
            tr.removed td.old,tr.changed td.old{background:#ffebe9}tr.added td.new,tr.changed td.new{background:#e6ffec}
            del{background:#ffcecb;text-decoration:line-through}ins{background:#abf2bc;text-decoration:none}
            tr.gap td{background:#f6f8fa;color:#57606a;text-align:center;font-style:italic}
            """;

    private CheckPage() {
    }

    static String render(CheckView v) {
        StringBuilder h = new StringBuilder(64_000);
        Verdict latest = v.recent().isEmpty() ? null : v.recent().get(0);
        String state = latest == null ? "never run" : latest.outcome().name();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(state + " · " + v.key() + " · driftwatch")).append("</title>")
                .append("<style>").append(StatusPage.CSS).append(CSS).append("</style></head><body>\n");
        header(h, v, latest);
        h.append("<main>\n");
        days(h, v);
        latency(h, v);
        recent(h, v);
        incidents(h, v);
        decisions(h, v);
        if (v.snapshots() != null) {
            snapshots(h, v.snapshots());
        }
        h.append("</main></body></html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, CheckView v, Verdict latest) {
        String verdict = latest == null ? "NEVER" : latest.outcome().name();
        h.append("<header id=\"summary\" data-check=\"").append(esc(v.key().toString())).append("\" data-verdict=\"").append(verdict).append("\">")
                .append("<nav class=\"crumbs\"><a href=\"").append(STATUS_PAGE).append("\">driftwatch status</a> › ")
                .append(esc(v.key().contract())).append(" › ").append(esc(v.key().environment())).append("</nav>")
                .append("<h1><span class=\"badge v-").append(verdict).append("\">").append(latest == null ? "never run" : verdict)
                .append("</span> ").append(esc(v.key().check())).append("</h1>");
        if (latest != null) {
            h.append("<p class=\"summary\">").append(esc(latest.summary())).append("</p>");
        }
        h.append("<p class=\"meta\">Last verified ").append(v.lastVerifiedAt() == null ? "never" : time(v.lastVerifiedAt(), v.generatedAt()))
                .append(" · last run ").append(latest == null ? "never" : time(latest.startedAt(), v.generatedAt()));
        ScheduledCheck s = v.scheduled();
        if (s == null) {
            h.append(" · <b>no longer scheduled</b>: checks.yaml does not name this check");
        } else {
            h.append(" · schedule <code>").append(esc(s.schedule())).append("</code>");
            if (s.suspended() != null) {
                h.append(" · <span class=\"suspended\"><b>suspended</b>: ").append(esc(s.suspended())).append("</span>");
            } else {
                h.append(" · next run ").append(s.nextRunAt() == null ? "not planned" : time(s.nextRunAt(), v.generatedAt()));
            }
        }
        h.append("</p><p class=\"meta\">All of it: <code>").append(esc(AlertMessages.historyCommand(v.key()))).append("</code> · page made ")
                .append(esc(utc(v.generatedAt()))).append("</p></header>\n");
    }

    private static void days(StringBuilder h, CheckView v) {
        Map<LocalDate, VerdictDay> byDay = new HashMap<>();
        int runs = 0;
        int held = 0;
        int decided = 0;
        for (VerdictDay d : v.days()) {
            byDay.put(d.day(), d);
            runs += d.total();
            held += d.held();
            decided += d.decided();
        }
        int span = CheckView.DAYS;
        h.append("<section id=\"days\"><h2>Last ").append(span).append(" days</h2><p>");
        if (decided == 0) {
            h.append("<span class=\"uptime\" data-uptime=\"\">No verdict</span> that said whether the contract holds, in ").append(span).append(" days");
        } else {
            h.append("<span class=\"uptime\" data-uptime=\"").append(percent(held, decided)).append("\">").append(percent(held, decided))
                    .append("% uptime</span> — ").append(held).append(" of ").append(decided).append(" runs held");
        }
        h.append(runs > decided ? " (" + (runs - decided) + " SKIPPED not counted)" : "").append(". Uptime is the share of a day's runs that"
                + " held (PASS or CHANGED) among those that were not SKIPPED; each day is colored by its worst verdict.</p>");
        h.append("<div class=\"strip\" role=\"list\" aria-label=\"Verdicts per UTC day, oldest first\">");
        for (LocalDate day = v.firstDay(); !day.isAfter(v.lastDay()); day = day.plusDays(1)) {
            VerdictDay d = byDay.get(day);
            String text = day + ": " + dayText(d);
            h.append("<span class=\"day v-").append(worst(d)).append("\" role=\"listitem\" data-day=\"").append(day).append("\" data-runs=\"")
                    .append(d == null ? 0 : d.total()).append("\" data-held=\"").append(d == null ? 0 : d.held()).append("\" data-uptime=\"")
                    .append(d == null || d.decided() == 0 ? "" : percent(d.held(), d.decided())).append("\" title=\"").append(esc(text))
                    .append("\" aria-label=\"").append(esc(text)).append("\"></span>");
        }
        h.append("</div><div class=\"strip-ends\"><span>").append(v.firstDay()).append("</span><span>").append(v.lastDay())
                .append(" (today, UTC)</span></div>");
        h.append("<details id=\"days-table\"><summary>Each day in figures</summary><table class=\"days\"><thead><tr><th>Day (UTC)</th>")
                .append("<th>Runs</th><th>Held</th><th>Uptime</th>");
        for (Outcome o : WORST_FIRST) {
            h.append("<th>").append(o.name()).append("</th>");
        }
        h.append("<th>Fastest</th><th>Average</th><th>Slowest</th></tr></thead><tbody>");
        for (LocalDate day = v.lastDay(); !day.isBefore(v.firstDay()); day = day.minusDays(1)) {
            VerdictDay d = byDay.get(day);
            h.append("<tr data-day=\"").append(day).append("\"><td>").append(day).append("</td>");
            if (d == null) {
                h.append("<td class=\"n\">0</td><td colspan=\"").append(WORST_FIRST.size() + 5).append("\" class=\"none\">no runs</td></tr>");
                continue;
            }
            h.append("<td class=\"n\">").append(d.total()).append("</td><td class=\"n\">").append(d.held()).append("</td><td class=\"n\">")
                    .append(d.decided() == 0 ? "—" : percent(d.held(), d.decided()) + "%").append("</td>");
            for (Outcome o : WORST_FIRST) {
                h.append("<td class=\"n\">").append(d.runs(o)).append("</td>");
            }
            h.append("<td class=\"n\">").append(LatencyChart.ms(d.minMs())).append("</td><td class=\"n\">").append(LatencyChart.ms(d.avgMs()))
                    .append("</td><td class=\"n\">").append(LatencyChart.ms(d.maxMs())).append("</td></tr>");
        }
        h.append("</tbody></table></details></section>\n");
    }

    private static String dayText(VerdictDay d) {
        if (d == null || d.total() == 0) {
            return "no runs";
        }
        StringBuilder t = new StringBuilder().append(d.total()).append(d.total() == 1 ? " run, " : " runs, ").append(d.held()).append(" held");
        if (d.decided() > 0) {
            t.append(" (").append(percent(d.held(), d.decided())).append("% uptime)");
        }
        for (Outcome o : List.of(Outcome.BROKEN, Outcome.UNVERIFIED, Outcome.SKIPPED)) {
            if (d.runs(o) > 0) {
                t.append(", ").append(d.runs(o)).append(' ').append(o.name());
            }
        }
        return t.toString();
    }

    /** The day's worst verdict, the color of its cell; NEVER for a day without runs. */
    private static String worst(VerdictDay d) {
        if (d != null) {
            for (Outcome o : WORST_FIRST) {
                if (d.runs(o) > 0) {
                    return o.name();
                }
            }
        }
        return "NEVER";
    }

    /** One decimal, without a trailing ".0" at 100 and 0. */
    static String percent(int part, int whole) {
        if (part == whole) {
            return "100";
        }
        if (part == 0) {
            return "0";
        }
        // Never rounded up to 100: a day with one failure in two thousand runs did not hold all day.
        return String.format(Locale.ROOT, "%.1f", Math.min(99.9, Math.floor(1000.0 * part / whole) / 10));
    }

    private static void latency(StringBuilder h, CheckView v) {
        h.append("<section id=\"latency\"><h2>Run time</h2><p class=\"meta\">How long each run took, from its first request to its"
                + " verdict, retries included.<span class=\"key\"></span>average of the day<span class=\"key max\"></span>slowest of the day</p>");
        h.append(LatencyChart.perDay(v.days(), v.firstDay(), v.lastDay()));
        if (!v.recent().isEmpty()) {
            h.append("<h3>").append(v.recent().size() == 1 ? "The latest run" : "The latest " + v.recent().size() + " runs").append("</h3>").append(LatencyChart.perRun(v.recent()));
        }
        h.append("</section>\n");
    }

    private static void recent(StringBuilder h, CheckView v) {
        h.append("<section id=\"recent\"><h2>Latest verdicts</h2>");
        if (v.recent().isEmpty()) {
            h.append("<p class=\"none\">Never run.</p></section>\n");
            return;
        }
        h.append("<table class=\"verdicts\"><thead><tr><th>Started</th><th>Verdict</th><th>Summary</th><th>Took</th></tr></thead><tbody>");
        for (Verdict r : v.recent().subList(0, Math.min(LISTED, v.recent().size()))) {
            h.append("<tr class=\"verdict\" data-verdict=\"").append(r.outcome().name()).append("\"><td>").append(time(r.startedAt(), v.generatedAt()))
                    .append("</td><td><span class=\"badge v-").append(r.outcome().name()).append("\">").append(r.outcome().name())
                    .append("</span></td><td class=\"summary\">").append(esc(r.summary())).append("</td><td class=\"n\">")
                    .append(LatencyChart.ms(r.durationMs())).append("</td></tr>");
        }
        h.append("</tbody></table></section>\n");
    }

    private static void incidents(StringBuilder h, CheckView v) {
        h.append("<section id=\"incidents\"><h2>Incidents</h2>");
        if (v.incidents().isEmpty()) {
            h.append("<p class=\"none\">No incident, ever.</p></section>\n");
            return;
        }
        h.append("<table class=\"incidents\"><thead><tr><th>#</th><th>Trigger</th><th>Trouble since</th><th>Alerted</th><th>Reminders</th>")
                .append("<th>Resolved</th><th>Slack thread</th></tr></thead><tbody>");
        for (IncidentLine line : v.incidents()) {
            Incident i = line.incident();
            h.append("<tr class=\"incident\" id=\"incident-").append(i.id()).append("\" data-open=\"").append(i.open()).append("\"><td>")
                    .append(i.id()).append("</td><td><span class=\"badge v-").append(badge(i.trigger())).append("\">").append(esc(i.trigger()))
                    .append("</span></td><td>").append(i.firstSeenAt() == null ? "—" : time(i.firstSeenAt(), v.generatedAt())).append("</td><td>")
                    .append(i.openedAt() == null ? "—" : time(i.openedAt(), v.generatedAt())).append("</td><td class=\"reminders\">");
            h.append(line.reminders() == 0 ? "none" : line.reminders() + (i.lastRemindedAt() == null ? "" : ", last " + esc(utc(i.lastRemindedAt()))));
            h.append("</td><td class=\"resolved\">").append(i.open() ? "<b>open</b>" : time(i.resolvedAt(), v.generatedAt())).append("</td><td>")
                    .append(i.slackTs() == null ? "—" : "<code>" + esc(i.slackChannel()) + "</code> ts <code>" + esc(i.slackTs()) + "</code>")
                    .append("</td></tr>");
        }
        h.append("</tbody></table>");
        if (v.moreIncidents()) {
            h.append("<p class=\"meta\">The latest ").append(v.incidents().size()).append("; the older ones: <code>driftwatch audit incidents</code></p>");
        }
        h.append("</section>\n");
    }

    private static void decisions(StringBuilder h, CheckView v) {
        h.append("<section id=\"decisions\"><h2>Acceptances and acknowledgements</h2>");
        if (v.decisions().isEmpty()) {
            h.append("<p class=\"none\">Nobody accepted a change of this check or acknowledged one of its incidents.</p></section>\n");
            return;
        }
        h.append("<table class=\"decisions\"><thead><tr><th>When</th><th>What</th><th>Who</th><th>Why</th></tr></thead><tbody>");
        for (Decision d : v.decisions()) {
            h.append("<tr class=\"decision\" data-kind=\"").append(esc(d.kind())).append("\"><td>").append(time(d.at(), v.generatedAt()))
                    .append("</td><td>").append(esc(d.kind())).append(d.incidentId() == null ? "" : " incident <a href=\"#incident-" + d.incidentId()
                            + "\">#" + d.incidentId() + "</a>").append("</td><td>").append(esc(d.by())).append("</td><td class=\"summary\">")
                    .append(esc(d.text())).append("</td></tr>");
        }
        h.append("</tbody></table></section>\n");
    }

    private static void snapshots(StringBuilder h, Snapshots s) {
        h.append("<section id=\"snapshots\"><h2>Versions of the page</h2>");
        if (s.from() == null) {
            h.append("<p class=\"none\">The page has read the same text since its first reading (").append(esc(utc(s.versions().get(0).fetchedAt())))
                    .append("): nothing to compare yet.</p>");
        } else {
            compareForm(h, s);
            SnapshotDiff.Result diff = SnapshotDiff.between(s.from().text(), s.to().text());
            h.append("<p class=\"meta\" id=\"diff-summary\">").append(esc(utc(s.from().fetchedAt()))).append(" (reading ").append(s.fromId())
                    .append(") against ").append(esc(utc(s.to().fetchedAt()))).append(" (reading ").append(s.toId()).append("): ");
            h.append(diff.identical() ? "the same text" : diff.changed() + " line(s) changed, " + diff.removed() + " removed, " + diff.added() + " added")
                    .append("</p>");
            if (!diff.identical()) {
                diffTable(h, diff);
            }
        }
        h.append("<h3>Versions (the latest ").append(s.versions().size()).append(")</h3><table class=\"versions\"><thead><tr><th>Reading</th>")
                .append("<th>First read</th><th>SHA-256</th><th>Size</th><th></th></tr></thead><tbody>");
        for (int i = 0; i < s.versions().size(); i++) {
            SnapshotVersion sv = s.versions().get(i);
            h.append("<tr class=\"version\" data-id=\"").append(sv.id()).append("\"><td>").append(sv.id()).append("</td><td>").append(esc(utc(sv.fetchedAt())))
                    .append("</td><td><code>").append(esc(sv.hash().substring(0, Math.min(16, sv.hash().length())))).append("…</code></td><td class=\"n\">")
                    .append(sv.size()).append(" B</td><td>");
            if (i + 1 < s.versions().size()) {
                h.append("<a href=\"?from=").append(s.versions().get(i + 1).id()).append("&amp;to=").append(sv.id()).append("#snapshots\">")
                        .append("what changed</a>");
            }
            h.append("</td></tr>");
        }
        h.append("</tbody></table></section>\n");
    }

    /** Two lists of the versions and a button: a plain GET form, so choosing any two needs no script. */
    private static void compareForm(StringBuilder h, Snapshots s) {
        h.append("<form class=\"compare\" method=\"get\" action=\"#snapshots\"><label>From ");
        select(h, "from", s.versions(), s.fromId());
        h.append("</label><label>to ");
        select(h, "to", s.versions(), s.toId());
        h.append("</label><button type=\"submit\">Compare</button></form>");
    }

    private static void select(StringBuilder h, String name, List<SnapshotVersion> versions, Long chosen) {
        h.append("<select name=\"").append(name).append("\">");
        boolean listed = false;
        for (SnapshotVersion sv : versions) {
            boolean selected = chosen != null && chosen == sv.id();
            listed |= selected;
            h.append("<option value=\"").append(sv.id()).append('"').append(selected ? " selected" : "").append('>')
                    .append(esc(utc(sv.fetchedAt()))).append(" (").append(sv.id()).append(")</option>");
        }
        if (chosen != null && !listed) {
            h.append("<option value=\"").append(chosen).append("\" selected>reading ").append(chosen).append("</option>");
        }
        h.append("</select>");
    }

    private static void diffTable(StringBuilder h, SnapshotDiff.Result diff) {
        h.append("<table class=\"diff\" id=\"diff\"><colgroup><col class=\"ln-col\" style=\"width:46px\"><col class=\"text\">")
                .append("<col class=\"ln-col\" style=\"width:46px\"><col class=\"text\"></colgroup><thead><tr><th></th><th>Before</th><th></th>")
                .append("<th>After</th></tr></thead><tbody>");
        for (SnapshotDiff.Row r : diff.rows()) {
            if (r.kind() == SnapshotDiff.Kind.GAP) {
                h.append("<tr class=\"gap\"><td colspan=\"4\">").append(r.folded()).append(" unchanged line(s)</td></tr>");
                continue;
            }
            h.append("<tr class=\"").append(r.kind().name().toLowerCase(Locale.ROOT)).append("\"><td class=\"ln\">")
                    .append(r.oldNumber() == 0 ? "" : r.oldNumber()).append("</td><td class=\"old\">").append(r.oldHtml())
                    .append("</td><td class=\"ln\">").append(r.newNumber() == 0 ? "" : r.newNumber()).append("</td><td class=\"new\">")
                    .append(r.newHtml()).append("</td></tr>");
        }
        h.append("</tbody></table>");
        if (diff.cut() > 0) {
            h.append("<p class=\"meta\">… ").append(diff.cut()).append(" more row(s) not shown; the whole texts: <code>driftwatch audit snapshots</code></p>");
        }
    }

    private static String badge(String trigger) {
        for (Outcome o : Outcome.values()) {
            if (o.name().equals(trigger)) {
                return o.name();
            }
        }
        return Outcome.UNVERIFIED.name(); // STALE: nothing verified for too long
    }
}
