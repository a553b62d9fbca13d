package dev.driftwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.driftwatch.check.Outcome;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A live {@code /metrics} scrape through Prometheus's own linter, {@code promtool check metrics}. Only driftwatch's
 * series are checked (the {@code driftwatch_} samples and their HELP and TYPE lines): the JVM binders' are
 * Micrometer's naming, not ours to change.
 */
class PromtoolCheckTest extends StatusScenarioTest {
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @BeforeEach
    void needPromtool() {
        if (!Files.isExecutable(PROMTOOL)) {
            fail("the metrics test needs " + PROMTOOL + ": apt-get install -y prometheus");
        }
    }

    @Test
    void driftwatchsOwnSeriesPassPromtoolAfterABadMorningWithEveryKindOfMetricPresent() throws Exception {
        s.run(s.verdict(StatusScenario.DOCS_HOME, Outcome.SKIPPED, "not configured"));
        String scraped = s.get("/metrics").body();
        String ours = scraped.lines().filter(PromtoolCheckTest::ours).collect(Collectors.joining("\n", "", "\n"));
        for (String series : List.of("driftwatch_check_up{", "driftwatch_incident_open{", "driftwatch_incidents_open ",
                "driftwatch_build_info{", "driftwatch_check_runs_total{", "driftwatch_check_duration_seconds_bucket{",
                "driftwatch_check_last_verified_timestamp_seconds{", "driftwatch_paid_probes_budget{", "driftwatch_alert_deliveries_total{")) {
            assertThat(ours).as("checked: " + series).contains("\n" + series);
        }

        Process promtool = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = promtool.getOutputStream()) {
            in.write(ours.getBytes(StandardCharsets.UTF_8));
        }
        String said = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(said).as("promtool on:\n" + ours).isEmpty();
        assertThat(promtool.exitValue()).isZero();
    }

    private static boolean ours(String line) {
        return line.startsWith("driftwatch_") || line.startsWith("# HELP driftwatch_") || line.startsWith("# TYPE driftwatch_");
    }
}
