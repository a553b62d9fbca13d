package dev.driftwatch.daemon;

import static dev.driftwatch.daemon.StatusScenario.CONTRACT;
import static dev.driftwatch.daemon.StatusScenario.DOCS_MODELS;
import static dev.driftwatch.daemon.StatusScenario.MODELS;
import static dev.driftwatch.daemon.StatusScenario.SCRIPT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.alert.AlertMessages;
import dev.driftwatch.alert.CheckPageLinks;
import dev.driftwatch.alert.IncidentDecisions;
import dev.driftwatch.check.Redactor;
import java.util.Map;
import dev.driftwatch.audit.SnapshotVersion;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Snapshot;
import dev.driftwatch.check.Verdict;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A check's own page, served by the status server from a real trail: its 90 days, its run times, its incidents, its page's versions. */
class CheckPageTest {
    static final String MODELS_PAGE = "/checks/wisgate-gpt-image-2/production/models";
    static final String DOCS_PAGE = "/checks/wisgate-gpt-image-2/public/docs:models";
    /** A line a provider's docs page could carry: text on the page, never markup. */
    static final String IMG = "<img src=x onerror=alert(2)>";

    /** Older runs of models, as the trail holds them: two days in the window, one just before it. */
    static void olderRuns(StatusScenario s) {
        s.trail().record(run(MODELS, "2026-08-23T12:00:00Z", Outcome.BROKEN, 9_000)); // the day before the first of the 90
        s.trail().record(run(MODELS, "2026-08-24T00:00:00Z", Outcome.PASS, 120));
        s.trail().record(run(MODELS, "2026-11-01T06:00:00Z", Outcome.PASS, 100));
        s.trail().record(run(MODELS, "2026-11-01T12:00:00Z", Outcome.UNVERIFIED, 30_000));
        s.trail().record(run(MODELS, "2026-11-01T18:00:00Z", Outcome.SKIPPED, 0));
    }

    /** Three versions of the models docs page (one reading repeated), the last with a line of markup. */
    static List<SnapshotVersion> threeVersions(StatusScenario s) {
        String v1 = "# Models\ngpt-image-2: sizes 1024x1024, 1536x1024\nPrice: $0.04 per image\nContact us";
        String v2 = "# Models\ngpt-image-2: sizes 1024x1024, 1536x1024, 2048x2048\nPrice: $0.04 per image\nContact us";
        String v3 = "# Models\ngpt-image-2: sizes 1024x1024, 1536x1024, 2048x2048\nPrice: $0.05 per image\n" + IMG + "\nContact us";
        s.trail().saveSnapshot(DOCS_MODELS, new Snapshot(Instant.parse("2026-11-19T06:25:00Z"), null, v1, null, null));
        s.trail().saveSnapshot(DOCS_MODELS, new Snapshot(Instant.parse("2026-11-19T12:25:00Z"), null, v1, null, null));
        s.trail().saveSnapshot(DOCS_MODELS, new Snapshot(Instant.parse("2026-11-20T06:25:00Z"), null, v2, null, null));
        s.trail().saveSnapshot(DOCS_MODELS, new Snapshot(Instant.parse("2026-11-21T06:25:00Z"), null, v3, null, null));
        return s.trail().snapshots().versions(DOCS_MODELS, 10);
    }

    @TempDir
    Path dir;
    StatusScenario s;

    /** The older runs first, as the trail receives them in time, then the bad morning. */
    @BeforeEach
    void startScenario() {
        s = new StatusScenario(dir);
        olderRuns(s);
        s.badMorning();
    }

    @AfterEach
    void closeScenario() {
        s.close();
    }

    @Test
    void aChecksPageShowsNinetyDaysWithUptimePerDayItsRunTimesItsVerdictsAndItsIncidentWithTheProvidersTextEscaped() {
        HttpResponse<String> r = s.get(MODELS_PAGE);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        String html = r.body();
        assertThat(html).doesNotContain(SCRIPT).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html).doesNotContain("<script").doesNotContain("http://").doesNotContain("https://").doesNotContain("<link")
                .doesNotContain("@import").doesNotContain("url(").as("no external asset: the page works offline");
        assertThat(html).contains("<title>BROKEN · wisgate-gpt-image-2/production/models · driftwatch</title>")
                .contains("data-check=\"wisgate-gpt-image-2/production/models\" data-verdict=\"BROKEN\"")
                .contains("<a href=\"../../../\">driftwatch status</a>");

        List<String> days = all(html, "<span class=\"day v-(\\w+)\" role=\"listitem\" data-day=\"([0-9-]+)\"");
        assertThat(days).as("one cell per UTC day, oldest first").hasSize(90);
        assertThat(days.get(0)).isEqualTo("PASS 2026-08-24");
        assertThat(days.get(89)).isEqualTo("BROKEN 2026-11-21");
        assertThat(days).filteredOn(d -> !d.startsWith("NEVER")).containsExactly("PASS 2026-08-24", "UNVERIFIED 2026-11-01", "BROKEN 2026-11-21");
        assertThat(html).contains("data-day=\"2026-11-21\" data-runs=\"3\" data-held=\"2\" data-uptime=\"66.6\""
                + " title=\"2026-11-21: 3 runs, 2 held (66.6% uptime), 1 BROKEN\"");
        assertThat(html).contains("data-day=\"2026-11-01\" data-runs=\"3\" data-held=\"1\" data-uptime=\"50.0\""
                + " title=\"2026-11-01: 3 runs, 1 held (50.0% uptime), 1 UNVERIFIED, 1 SKIPPED\"");
        assertThat(html).contains("data-day=\"2026-10-31\" data-runs=\"0\" data-held=\"0\" data-uptime=\"\" title=\"2026-10-31: no runs\"");
        assertThat(html).as("over the 90 days: 4 of 6 decided runs held, the SKIPPED one aside")
                .contains("<span class=\"uptime\" data-uptime=\"66.6\">66.6% uptime</span> — 4 of 6 runs held (1 SKIPPED not counted)");

        assertThat(html).contains("<svg id=\"latency-days\"").contains("<svg id=\"latency-runs\"");
        assertThat(html).contains("<circle class=\"avg-point\"").contains("data-day=\"2026-11-01\"><title>2026-11-01: average 10.0 s,"
                + " slowest 30.0 s, fastest 0 ms (3 runs)</title>");
        assertThat(all(html, "<rect class=\"bar r-(\\w+)\"")).as("the latest runs, oldest first")
                .containsExactly("BROKEN", "PASS", "PASS", "UNVERIFIED", "SKIPPED", "PASS", "PASS", "BROKEN");

        assertThat(all(html, "<tr class=\"verdict\" data-verdict=\"(\\w+)\"")).as("newest first")
                .containsExactly("BROKEN", "PASS", "PASS", "SKIPPED", "UNVERIFIED", "PASS", "PASS", "BROKEN");
        long incident = s.trail().incidents().incidentsOf(MODELS).get(0).id();
        assertThat(html).contains("<tr class=\"incident\" id=\"incident-" + incident + "\" data-open=\"true\"><td>" + incident
                + "</td><td><span class=\"badge v-BROKEN\">BROKEN</span>");
        assertThat(html).contains("<section id=\"decisions\"><h2>Acceptances and acknowledgements</h2>");
        assertThat(html).doesNotContain("<section id=\"snapshots\"").as("models reads no page");
    }

    @Test
    void whoAcknowledgedItsIncidentAndWhoAcceptedAChangeAreListedNewestFirstWithTheirWordsEscaped() {
        IncidentDecisions decisions = new IncidentDecisions(s.trail(), new AlertMessages(Redactor.none(), Map.of()), s.alerts.clock);
        decisions.acknowledge(MODELS, "bob", "talking to <b>the provider</b>");
        s.alerts.clock.advance(java.time.Duration.ofMinutes(5));
        decisions.accept(MODELS, "carol", "gpt-image-2.1 is the new name");

        String html = s.get(MODELS_PAGE).body();
        Matcher rows = Pattern.compile("<tr class=\"decision\" data-kind=\"(\\w+)\">.*?<td>([a-z]+)</td><td class=\"summary\">(.*?)</td></tr>")
                .matcher(html);
        List<String> found = new java.util.ArrayList<>();
        while (rows.find()) {
            found.add(rows.group(1) + " by " + rows.group(2) + ": " + rows.group(3));
        }
        assertThat(found).containsExactly("accepted by carol: gpt-image-2.1 is the new name",
                "acknowledged by bob: talking to &lt;b&gt;the provider&lt;/b&gt;");
        assertThat(s.get("/checks/wisgate-gpt-image-2/staging/models").body()).contains("Nobody accepted a change of this check");
    }

    @Test
    void theStatusPageLinksEachCheckToItsPage() {
        String html = s.get("/").body();
        assertThat(html).contains("<td class=\"name\"><a href=\"checks/wisgate-gpt-image-2/production/models\">models</a></td>")
                .contains("<a href=\"checks/wisgate-gpt-image-2/public/docs:home\">docs:home</a>");
        assertThat(s.get("/checks/wisgate-gpt-image-2/public/docs:home").body()).as("a scheduled check that never ran has a page")
                .contains("data-verdict=\"NEVER\"").contains("Never run.");
    }

    @Test
    void anUnknownCheckOrAPathThatNamesNoneIsA404PageThatEchoesNothing() {
        for (String path : List.of("/checks/wisgate-gpt-image-2/production/imagine", "/checks/nobody/production/models",
                "/checks/wisgate-gpt-image-2/production", "/checks/a/b/c/d", "/checks/a/b/%3Cscript%3E")) {
            HttpResponse<String> r = s.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
            assertThat(r.body()).as(path).startsWith("not found: ").doesNotContain("<script").doesNotContain("imagine").doesNotContain("nobody");
        }
    }

    @Test
    void aNameWithMarkupIsReachedByItsEncodedPathAndShownAsText() {
        // checks.yaml allows no such name ([a-z0-9._-]); the page escapes it all the same.
        CheckKey odd = new CheckKey(CONTRACT, "production", "docs:<i>\"x'&");
        s.trail().record(new Verdict(odd, Outcome.PASS, "said " + SCRIPT, List.of(), Evidence.NONE, s.alerts.clock.instant(), 12));
        s.state.scheduled.add(new ScheduledCheck(odd, "0 0 * * * ?", null));

        assertThat(s.get("/").body()).contains("<a href=\"checks/wisgate-gpt-image-2/production/docs:%3Ci%3E%22x%27%26\">"
                + "docs:&lt;i&gt;&quot;x&#39;&amp;</a>");
        HttpResponse<String> r = s.get("/" + CheckPageLinks.path(odd));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("<i>").doesNotContain(SCRIPT).contains("docs:&lt;i&gt;&quot;x&#39;&amp;</h1>")
                .contains("said &lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void aDocsChecksPageComparesTheLastTwoVersionsSideBySideAndAnyTwoAskedFor() {
        List<SnapshotVersion> versions = threeVersions(s);
        assertThat(versions).hasSize(3);
        long v3 = versions.get(0).id();
        long v2 = versions.get(1).id();
        long v1 = versions.get(2).id();

        String latest = s.get(DOCS_PAGE).body();
        assertThat(latest).contains("<section id=\"snapshots\">").doesNotContain(IMG).doesNotContain("<img");
        assertThat(latest).contains("(reading " + v2 + ") against 2026-11-21 06:25 UTC (reading " + v3 + "): 1 line(s) changed, 0 removed, 1 added");
        assertThat(latest).contains("<tr class=\"changed\"><td class=\"ln\">3</td><td class=\"old\">Price: $0.<del>04</del> per image</td>"
                + "<td class=\"ln\">3</td><td class=\"new\">Price: $0.<ins>05</ins> per image</td></tr>");
        assertThat(latest).contains("<td class=\"new\"><ins>&lt;img src=x onerror=alert(2)&gt;</ins></td>");
        assertThat(all(latest, "<tr class=\"version\" data-id=\"(\\d+)\"")).containsExactly("" + v3, "" + v2, "" + v1);
        assertThat(latest).contains("<option value=\"" + v2 + "\" selected>").contains("<option value=\"" + v3 + "\" selected>");

        HttpResponse<String> asked = s.get(DOCS_PAGE + "?from=" + v1 + "&to=" + v3);
        assertThat(asked.statusCode()).isEqualTo(200);
        assertThat(asked.body()).contains("(reading " + v1 + ") against 2026-11-21 06:25 UTC (reading " + v3 + "): 2 line(s) changed, 0 removed, 1 added")
                .contains("<td class=\"ln\">2</td><td class=\"new\">gpt-image-2: sizes 1024x1024, 1536x1024<ins>, 2048x2048</ins></td>");

        assertThat(s.get(DOCS_PAGE + "?from=" + v3 + "&to=" + v3).body()).contains("): the same text</p>").doesNotContain("<table class=\"diff\"");
        assertThat(s.get(DOCS_PAGE + "?from=abc&to=" + v3).statusCode()).as("not a number").isEqualTo(400);
        assertThat(s.get(DOCS_PAGE + "?from=" + v1).statusCode()).as("one of the two").isEqualTo(400);
        assertThat(s.get(DOCS_PAGE + "?from=" + v1 + "&to=999999").statusCode()).as("no such reading").isEqualTo(404);
        assertThat(s.get("/checks/wisgate-gpt-image-2/staging/docs:models?from=" + v1 + "&to=" + v3).statusCode())
                .as("a reading of another check").isEqualTo(404);
    }

    private static Verdict run(CheckKey key, String at, Outcome outcome, long ms) {
        return new Verdict(key, outcome, outcome + " at " + at, List.of(), Evidence.NONE, Instant.parse(at), ms);
    }

    /** Every match of {@code regex} in {@code html}, its groups joined by a space. */
    private static List<String> all(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            StringBuilder b = new StringBuilder();
            for (int g = 1; g <= m.groupCount(); g++) {
                b.append(g > 1 ? " " : "").append(m.group(g));
            }
            out.add(b.toString());
        }
        return out;
    }
}
