package dev.driftwatch.daemon;

import static dev.driftwatch.daemon.StatusScenario.CONTRACT;
import static dev.driftwatch.daemon.StatusScenario.DOCS_HOME;
import static dev.driftwatch.daemon.StatusScenario.DOCS_MODELS;
import static dev.driftwatch.daemon.StatusScenario.ENDPOINT;
import static dev.driftwatch.daemon.StatusScenario.GENERATION;
import static dev.driftwatch.daemon.StatusScenario.MODELS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.audit.OutboxRow;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.http.Version;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What Prometheus scrapes from /metrics after a bad morning, and what a restart keeps. */
class DaemonMetricsTest extends StatusScenarioTest {
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    @Test
    void checkRunsAreCountedByVerdictAndTimedInBucketsFromMillisecondsToMinutes() {
        String text = scrape();
        assertThat(sample(text, "driftwatch_check_runs_total", labels(MODELS, "verdict", "PASS"))).isEqualTo(2.0);
        assertThat(sample(text, "driftwatch_check_runs_total", labels(MODELS, "verdict", "BROKEN"))).isEqualTo(1.0);
        assertThat(sample(text, "driftwatch_check_runs_total", labels(GENERATION, "verdict", "UNVERIFIED"))).isEqualTo(1.0);
        assertThat(sample(text, "driftwatch_check_duration_seconds_count", labels(MODELS))).isEqualTo(3.0);
        assertThat(sample(text, "driftwatch_check_duration_seconds_bucket", labels(MODELS, "le", "0.05"))).isEqualTo(0.0);
        assertThat(sample(text, "driftwatch_check_duration_seconds_bucket", labels(MODELS, "le", "0.1"))).isEqualTo(3.0);
        assertThat(sample(text, "driftwatch_check_duration_seconds_bucket", labels(GENERATION, "le", "30.0"))).isEqualTo(0.0);
        assertThat(sample(text, "driftwatch_check_duration_seconds_bucket", labels(GENERATION, "le", "60.0"))).isEqualTo(1.0);
        assertThat(sample(text, "driftwatch_check_duration_seconds_bucket", labels(GENERATION, "le", "180.0"))).isEqualTo(1.0);
    }

    @Test
    void whenEachCheckWasLastVerifiedOpenIncidentsAndPaidProbesAgainstTheirBudgetAreGauges() {
        String text = scrape();
        assertThat(sample(text, "driftwatch_check_last_verified_timestamp_seconds", labels(MODELS)))
                .isEqualTo(Instant.parse("2026-11-21T06:15:00Z").getEpochSecond());
        assertThat(sample(text, "driftwatch_check_last_verified_timestamp_seconds", labels(GENERATION)))
                .as("generation never held: no series rather than a 1970 timestamp").isNull();
        assertThat(sample(text, "driftwatch_incidents_open", Map.of())).isEqualTo(1.0);
        assertThat(sample(text, "driftwatch_paid_probes_used", Map.of("contract", CONTRACT))).isEqualTo(1.0);
        assertThat(sample(text, "driftwatch_paid_probes_budget", Map.of("contract", CONTRACT))).isEqualTo(1.0);
    }

    @Test
    void eachCheckSaysWhetherItHoldsNowAndASkippedRunKeepsTheStateBeforeIt() {
        String text = scrape();
        assertThat(sample(text, "driftwatch_check_up", labels(MODELS))).as("BROKEN").isEqualTo(0.0);
        assertThat(sample(text, "driftwatch_check_up", labels(GENERATION))).as("UNVERIFIED").isEqualTo(0.0);
        assertThat(sample(text, "driftwatch_check_up", labels(ENDPOINT))).as("PASS").isEqualTo(1.0);
        assertThat(sample(text, "driftwatch_check_up", labels(DOCS_MODELS))).as("CHANGED: a release change that does not break").isEqualTo(1.0);
        assertThat(sample(text, "driftwatch_check_up", labels(DOCS_HOME))).as("never run: no series").isNull();

        // The daily budget spent, the key gone: SKIPPED says nothing about the contract.
        s.run(s.verdict(GENERATION, Outcome.SKIPPED, "daily budget of 1 paid probe for " + CONTRACT + " is spent"));
        s.run(s.verdict(ENDPOINT, Outcome.SKIPPED, "no key: set WISGATE_API_KEY"));
        s.run(s.verdict(DOCS_HOME, Outcome.SKIPPED, "not configured"));
        text = scrape();
        assertThat(sample(text, "driftwatch_check_up", labels(GENERATION))).isEqualTo(0.0);
        assertThat(sample(text, "driftwatch_check_up", labels(ENDPOINT))).isEqualTo(1.0);
        assertThat(sample(text, "driftwatch_check_up", labels(DOCS_HOME))).as("only ever SKIPPED: still no series").isNull();

        s.run(s.verdict(MODELS, Outcome.PASS, "gpt-image-2 is listed again"));
        assertThat(sample(scrape(), "driftwatch_check_up", labels(MODELS))).isEqualTo(1.0);
    }

    @Test
    void eachOpenIncidentIsASeriesOfItsCheckAndTriggerBesideTheTotalAndGoesWhenItIsResolved() {
        String text = scrape();
        assertThat(sample(text, "driftwatch_incident_open", labels(MODELS, "trigger", "BROKEN"))).isEqualTo(1.0);
        assertThat(text.lines().filter(l -> l.startsWith("driftwatch_incident_open{"))).as("the only open incident").hasSize(1);
        assertThat(sample(text, "driftwatch_incidents_open", Map.of())).isEqualTo(1.0);

        s.run(s.verdict(MODELS, Outcome.PASS, "gpt-image-2 is listed again"));
        text = scrape();
        assertThat(text.lines().filter(l -> l.startsWith("driftwatch_incident_open{"))).as("resolved: the series is gone").isEmpty();
        assertThat(sample(text, "driftwatch_incidents_open", Map.of())).isEqualTo(0.0);
    }

    @Test
    void theBuildsVersionIsALabelOfAConstantOne() {
        assertThat(Version.current()).as("filtered in by the build").matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(sample(scrape(), "driftwatch_build_info", Map.of("version", Version.current()))).isEqualTo(1.0);
    }

    @Test
    void alertDeliveriesAreCountedByKindAndResultThroughTheOutboxWorkersHook() {
        OutboxRow opened = s.alerts.outbox().stream().filter(r -> r.kind().name().equals("OPENED")).findFirst().orElseThrow();
        s.metrics.attempted(opened, false); // as a Slack 5xx would be counted
        String text = scrape();
        assertThat(sample(text, "driftwatch_alert_deliveries_total", Map.of("kind", "OPENED", "result", "delivered"))).isEqualTo(1.0);
        assertThat(sample(text, "driftwatch_alert_deliveries_total", Map.of("kind", "CHANGED", "result", "delivered"))).isEqualTo(1.0);
        assertThat(sample(text, "driftwatch_alert_deliveries_total", Map.of("kind", "OPENED", "result", "failed"))).isEqualTo(1.0);
    }

    @Test
    void requestsInFlightAndWaitingForTheirTurnAreGauges() {
        DaemonMetrics metrics = new DaemonMetrics(s.trail(), Map.of(CONTRACT, 1), s.alerts.clock);
        dev.driftwatch.http.InFlight limits = new dev.driftwatch.http.InFlight(64, 1);
        limits.acquire("https://api.example:443");
        limits.acquire("https://api.example:443");
        limits.acquire("https://api.example:443");
        metrics.httpRequests(() -> limits);
        String text = metrics.scrape();
        assertThat(sample(text, "driftwatch_http_requests_in_flight", Map.of())).isEqualTo(1.0);
        assertThat(sample(text, "driftwatch_http_requests_waiting", Map.of())).isEqualTo(2.0);
    }

    @Test
    void theJvmAndTheProcessAreThereForTheSoakBenchmark() {
        String text = scrape();
        assertThat(text).contains("jvm_memory_used_bytes{").contains("jvm_threads_live_threads ")
                .contains("process_uptime_seconds ").contains("system_cpu_count ");
    }

    @Test
    void aRestartKeepsWhenEachCheckWasLastVerifiedAndTheOpenIncidentsBecauseTheyComeFromTheTrail() {
        DaemonMetrics restarted = new DaemonMetrics(s.trail(), Map.of(CONTRACT, 1), s.alerts.clock);
        String text = restarted.scrape();
        assertThat(sample(text, "driftwatch_check_last_verified_timestamp_seconds", labels(MODELS)))
                .isEqualTo(Instant.parse("2026-11-21T06:15:00Z").getEpochSecond());
        assertThat(sample(text, "driftwatch_incidents_open", Map.of())).isEqualTo(1.0);
        assertThat(sample(text, "driftwatch_paid_probes_used", Map.of("contract", CONTRACT))).isEqualTo(1.0);
        assertThat(sample(text, "driftwatch_check_runs_total", labels(MODELS, "verdict", "PASS"))).as("counters start again").isNull();
        assertThat(sample(text, "driftwatch_check_up", labels(MODELS))).isEqualTo(0.0);
        assertThat(sample(text, "driftwatch_check_up", labels(DOCS_MODELS))).isEqualTo(1.0);
        assertThat(sample(text, "driftwatch_incident_open", labels(MODELS, "trigger", "BROKEN"))).isEqualTo(1.0);
    }

    @Test
    void aRestartTakesEachChecksStateFromItsLatestVerdictThatWasNotSkipped() {
        s.run(s.verdict(ENDPOINT, Outcome.SKIPPED, "no key: set WISGATE_API_KEY"));
        s.run(s.verdict(DOCS_HOME, Outcome.SKIPPED, "not configured"));
        String text = new DaemonMetrics(s.trail(), Map.of(CONTRACT, 1), s.alerts.clock).scrape();
        assertThat(sample(text, "driftwatch_check_up", labels(ENDPOINT))).as("its PASS before the SKIPPED").isEqualTo(1.0);
        assertThat(sample(text, "driftwatch_check_up", labels(GENERATION))).isEqualTo(0.0);
        assertThat(sample(text, "driftwatch_check_up", labels(DOCS_HOME))).as("only ever SKIPPED").isNull();
    }

    @Test
    void theBudgetOfAContractComesFromItsGenerationCheck() throws Exception {
        var loaded = new dev.driftwatch.config.ConfigLoader(s.alerts.env).load(s.alerts.workspace.config);
        var contracts = new dev.driftwatch.contract.ContractLoader().load(loaded);
        assertThat(DaemonMetrics.budgetsOf(contracts)).containsExactly(Map.entry(CONTRACT, 1));
    }

    private String scrape() {
        HttpResponse<String> r = s.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        return r.body();
    }

    private static Map<String, String> labels(CheckKey key, String... more) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("contract", key.contract());
        out.put("environment", key.environment());
        out.put("check", key.check());
        for (int i = 0; i < more.length; i += 2) {
            out.put(more[i], more[i + 1]);
        }
        return out;
    }

    /** The value of the one sample of {@code name} whose labels are exactly {@code labels}; null when there is none. */
    static Double sample(String exposition, String name, Map<String, String> labels) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            int brace = line.indexOf('{');
            int end = line.lastIndexOf('}');
            Map<String, String> found = new LinkedHashMap<>();
            if (brace >= 0 && brace < end) {
                Matcher m = LABEL.matcher(line.substring(brace + 1, end));
                while (m.find()) {
                    found.put(m.group(1), m.group(2));
                }
            }
            if (found.equals(labels)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return null;
    }
}
