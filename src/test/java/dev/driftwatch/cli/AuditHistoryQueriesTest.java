package dev.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.audit.AlertDraft;
import dev.driftwatch.audit.AlertKind;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.Incident;
import dev.driftwatch.audit.IncidentSlot;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * {@code audit history}, {@code audit incidents} and {@code audit show} over a real SQLite trail written through the
 * audit trail's own API at known times (days ago, hours ago), read back by the CLI in every format.
 */
class AuditHistoryQueriesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ACME = "acme-images";
    private static final CheckKey MODELS = new CheckKey("wisgate-gpt-image-2", "production", "models");
    private static final CheckKey STAGING = new CheckKey("wisgate-gpt-image-2", "staging", "models");
    private static final CheckKey DOCS = new CheckKey("wisgate-gpt-image-2", "public", "docs:models");
    private static final CheckKey OTHER = new CheckKey(ACME, "production", "endpoint");
    /** Whole seconds, 40 days back: the newest verdicts are minutes old, so "--since 24h" and "--since 30d" cut where the test says. */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    @TempDir
    Path dir;
    Map<String, String> env;

    @BeforeEach
    void aTrailOfFortyDays() {
        env = CliRun.dataOnlyEnv(dir);
        try (AuditTrail trail = AuditTrail.openSqlite(dir.resolve("data/driftwatch.db"))) {
            for (int day = 40; day >= 1; day--) {
                Instant at = at(day);
                trail.record(verdict(MODELS, Outcome.PASS, at, "gpt-image-2 is listed (4 models)"));
                trail.record(verdict(STAGING, Outcome.PASS, at.plusSeconds(5), "gpt-image-2 is listed (4 models)"));
                trail.record(verdict(OTHER, day % 10 == 0 ? Outcome.UNVERIFIED : Outcome.PASS, at.plusSeconds(10), "validates requests"));
            }
            trail.record(verdict(DOCS, Outcome.CHANGED, NOW.minus(Duration.ofDays(35)), "docs-text-changed at page:models",
                    Finding.info("docs-text-changed", "page:models", "the text as read before", "a \"new\" table, with commas\nand a second line")));
            Instant broke = NOW.minus(Duration.ofHours(3));
            Finding notListed = Finding.error("model-not-listed", "/data", "gpt-image-2 listed", "not among 4 models; family lists gpt-image-2.5");
            trail.record(verdict(MODELS, Outcome.BROKEN, broke, "model-not-listed at /data", notListed), tx -> {
                Incident i = tx.openIncident(IncidentSlot.FAILING, "BROKEN", broke, broke);
                tx.enqueue(new AlertDraft(i.id(), AlertKind.OPENED, MODELS, "log", "{}", "broken", broke, null, null));
                return null;
            });
            trail.record(verdict(MODELS, Outcome.BROKEN, broke.plusSeconds(600), "model-not-listed at /data", notListed));
            trail.incidents().transact(STAGING, tx -> {
                Incident stale = tx.openIncident(IncidentSlot.STALE, "STALE", NOW.minus(Duration.ofDays(20)), NOW.minus(Duration.ofDays(19)));
                tx.resolve(stale, NOW.minus(Duration.ofDays(18)));
                return null;
            });
            trail.incidents().transact(MODELS, tx -> tx.acknowledge(tx.open(IncidentSlot.FAILING).orElseThrow(), "bob", "on it",
                    broke.plusSeconds(900)));
        }
    }

    /** The time of the day-ago verdicts: an hour earlier than whole days, so a test that runs for minutes cuts "--since 30d" between days. */
    private static Instant at(int daysAgo) {
        return NOW.minus(Duration.ofDays(daysAgo)).minus(Duration.ofHours(1));
    }

    private static Verdict verdict(CheckKey key, Outcome outcome, Instant at, String summary, Finding... findings) {
        return new Verdict(key, outcome, summary, List.of(findings), new Evidence(200, 84L, "req_" + at.getEpochSecond(),
                Map.of("url", "http://provider.test/v1/models", "modelCount", 4)), at, 84);
    }

    private CliRun cli(String... args) {
        return CliRun.of(env, args);
    }

    private JsonNode history(String... filters) {
        CliRun run = cli(Stream.concat(Stream.of("audit", "history", "--format", "json", "--limit", "0"), Stream.of(filters)).toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    private static List<JsonNode> verdicts(JsonNode history) {
        List<JsonNode> out = new ArrayList<>();
        history.get("history").forEach(e -> {
            if (e.get("kind").asString().equals("verdict")) {
                out.add(e);
            }
        });
        return out;
    }

    @Test
    void oneCheckTellsItsStoryNewestFirstWithItsIncidentAndWhoAcknowledgedIt() {
        CliRun run = cli("audit", "history", "--check", "models", "--env", "production", "--limit", "3");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).startsWith("wisgate-gpt-image-2/production/models — latest 3 verdict(s)");
        assertThat(lines.get(1)).startsWith("ID").contains("AT").contains("WHAT").contains("DETAIL");
        assertThat(lines.subList(2, lines.size())).extracting(l -> l.split("\\s{2,}")[2]).containsExactly(
                "incident #1 acknowledged by bob", "BROKEN", "alert #1", "incident #1 BROKEN opened", "BROKEN", "PASS");
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(Listing.WIDTH));
    }

    @Test
    void eachFilterNarrowsTheVerdicts() {
        assertThat(verdicts(history())).hasSize(40 * 3 + 1 + 2);
        assertThat(verdicts(history("--contract", ACME))).hasSize(40).allSatisfy(v -> assertThat(v.get("contract").asString()).isEqualTo(ACME));
        assertThat(verdicts(history("--env", "staging"))).hasSize(40).allSatisfy(v -> assertThat(v.get("environment").asString()).isEqualTo("staging"));
        assertThat(verdicts(history("--check", "models", "--env", "production"))).hasSize(42);
        assertThat(verdicts(history("--verdict", "BROKEN"))).hasSize(2).allSatisfy(v -> assertThat(v.get("verdict").asString()).isEqualTo("BROKEN"));
        assertThat(verdicts(history("--verdict", "unverified,changed"))).extracting(v -> v.get("verdict").asString())
                .containsOnly("UNVERIFIED", "CHANGED").hasSize(4 + 1);
        assertThat(verdicts(history("--rule", "model-not-listed"))).hasSize(2);
        assertThat(verdicts(history("--rule", "docs-text-changed"))).singleElement().satisfies(v -> assertThat(v.get("check").asString()).isEqualTo("docs:models"));
        CliRun limited = cli("audit", "history", "--limit", "5", "--format", "json");
        assertThat(verdicts(JSON.readTree(limited.out()))).hasSize(5);
    }

    @ParameterizedTest(name = "--since {0}")
    @CsvSource({"24h, 2", "12h, 2", "30d, 89", "90m, 0"})
    void sinceADurationCountsBackFromNow(String since, int verdicts) {
        assertThat(verdicts(history("--since", since))).hasSize(verdicts);
    }

    @Test
    void untilADurationCountsBackFromNowToo() {
        String[] models = {"--check", "models", "--env", "production"};
        assertThat(verdicts(history(with(models, "--until", "30d")))).as("days 40 to 30 ago: each an hour before a whole day").hasSize(11);
        assertThat(verdicts(history(with(models, "--until", "12h")))).as("all but the two BROKEN of 3 hours ago").hasSize(40);
        assertThat(verdicts(history(with(models, "--since", "4d", "--until", "36h")))).as("days 3 and 2 ago").hasSize(2);
    }

    @Test
    void instantsMayCarryAnOffset() {
        Instant tenDaysAgo = at(10);
        String plusTwo = tenDaysAgo.atOffset(ZoneOffset.ofHours(2)).toString();
        assertThat(plusTwo).endsWith("+02:00");
        assertThat(verdicts(history("--check", "models", "--env", "production", "--since", plusTwo))).hasSize(10 + 2);
    }

    @Test
    void anEmptyAnswerIsExitZeroAndSaysNoRecordsMatch() {
        CliRun table = cli("audit", "history", "--contract", ACME, "--verdict", "BROKEN");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out().strip()).isEqualTo("no records match the filters");
        CliRun json = cli("audit", "history", "--since", "1m", "--format", "json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(JSON.readTree(json.out()).get("history")).isEmpty();
        assertThat(json.err().strip()).isEqualTo("driftwatch: no records match the filters");
        CliRun csv = cli("audit", "history", "--contract", ACME, "--rule", "model-not-listed", "--format", "csv");
        assertThat(csv.exitCode()).as(csv.err()).isZero();
        assertThat(csv.out().lines()).singleElement().asString().startsWith("id,at,");
    }

    @Test
    void theTableIsCutToTheTerminalWidthTheShellExports() {
        env.put("COLUMNS", "80");
        CliRun run = cli("audit", "history", "--check", "models", "--env", "production", "--limit", "0");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).hasSizeGreaterThan(40).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
        assertThat(run.out()).contains("…");
    }

    @Test
    void sinceAndUntilTakeDatesAndInstants() {
        Instant tenDaysAgo = at(10);
        LocalDate day = tenDaysAgo.atZone(ZoneOffset.UTC).toLocalDate();
        String[] models = {"--check", "models", "--env", "production"};
        assertThat(verdicts(history(with(models, "--since", day.toString())))).as("from the start of the date").hasSize(10 + 2);
        assertThat(verdicts(history(with(models, "--until", day.toString())))).as("to the end of the date").hasSize(31);
        assertThat(verdicts(history(with(models, "--since", day.toString(), "--until", day.toString())))).as("one whole day").hasSize(1);
        assertThat(verdicts(history(with(models, "--since", tenDaysAgo.toString())))).hasSize(10 + 2);
        assertThat(verdicts(history(with(models, "--until", tenDaysAgo.minusMillis(1).toString())))).hasSize(30);
    }

    private static String[] with(String[] first, String... more) {
        return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
    }

    @Test
    void csvHasAHeaderRowAndQuotesWhatNeedsIt() throws Exception {
        CliRun run = cli("audit", "history", "--limit", "0", "--format", "csv");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().findFirst().orElseThrow()).isEqualTo("id,at,contract,environment,check,kind,verdict,incident,alert,by,text,what");
        CsvMapper csv = CsvMapper.builder().build();
        List<Map<String, String>> rows;
        try (MappingIterator<Map<String, String>> it = csv.readerFor(Map.class).with(CsvSchema.emptySchema().withHeader()).readValues(run.out())) {
            rows = it.readAll();
        }
        assertThat(rows).hasSize(JSON.readTree(cli("audit", "history", "--limit", "0", "--format", "json").out()).get("history").size());
        assertThat(rows).filteredOn(r -> r.get("check").equals("docs:models")).singleElement()
                .satisfies(r -> assertThat(r.get("text")).isEqualTo("docs-text-changed at page:models"));
        assertThat(rows).filteredOn(r -> "incident-acknowledged".equals(r.get("kind"))).singleElement()
                .satisfies(r -> assertThat(r.get("by")).isEqualTo("bob"));
    }

    @Test
    void everyIdOpensWithShowAndAVerdictShowsItsFindingsAndEvidence() {
        for (JsonNode entry : history("--check", "models", "--env", "production", "--since", "24h").get("history")) {
            CliRun show = cli("audit", "show", entry.get("id").asString(), "--format", "json");
            assertThat(show.exitCode()).as(show.err()).isZero();
            JsonNode record = JSON.readTree(show.out());
            assertThat(record.get("id").asLong()).isEqualTo(entry.get("id").asLong());
            assertThat(record.get("kind").asString()).isEqualTo(entry.get("kind").asString());
            assertThat(record.get("hash").asString()).hasSize(64);
        }
        JsonNode broken = verdicts(history("--verdict", "BROKEN")).get(0);
        CliRun text = cli("audit", "show", broken.get("id").asString());
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).startsWith("record " + broken.get("id").asString() + " · verdict")
                .contains("model-not-listed").contains("not among 4 models; family lists gpt-image-2.5")
                .contains("\"requestId\"").contains("http://provider.test/v1/models").contains("\"modelCount\" : 4");
    }

    @Test
    void incidentsListsEveryIncidentOrOnlyTheOpenOnes() {
        JsonNode all = JSON.readTree(cli("audit", "incidents", "--format", "json").out()).get("incidents");
        assertThat(all).extracting(i -> i.get("incident").asLong()).containsExactly(2L, 1L);
        JsonNode open = JSON.readTree(cli("audit", "incidents", "--open", "--format", "json").out()).get("incidents");
        assertThat(open).singleElement().satisfies(i -> {
            assertThat(i.get("check").asString()).isEqualTo("models");
            assertThat(i.get("trigger").asString()).isEqualTo("BROKEN");
            assertThat(i.get("acknowledgedBy").asString()).isEqualTo("bob");
            assertThat(cli("audit", "show", i.get("id").asString()).out()).contains("incident-opened");
        });
        CliRun table = cli("audit", "incidents", "--env", "staging");
        assertThat(table.out()).contains("STALE").contains("resolved").doesNotContain("BROKEN");
        assertThat(cli("audit", "incidents", "--open", "--env", "staging").out()).contains("(no open incidents)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "audit history --since yesterday | --since 'yesterday' is not a duration",
            "audit history --since 2026-02-30 | --since '2026-02-30'",
            "audit history --until soon | --until 'soon' is not a duration, a date or an instant",
            "audit history --since 2026-11-02 --until 2026-11-01 | --since 2026-11-02 is after --until 2026-11-01",
            "audit history --verdict PASS,FINE | --verdict 'FINE' is not an outcome",
            "audit history --limit -1 | --limit -1 is negative",
            "audit history --contract nope | no verdicts of contract 'nope'",
            "audit history --check nope | no check 'nope' in the audit trail",
            "audit incidents --env nowhere | no verdicts in environment 'nowhere'",
            "audit show seven | 'seven' is not a record ID",
            "audit show 999999 | no record 999999 in the audit trail — its records are 1 to ",
    })
    void badInputIsOneLineAndExitTwo(String line, String says) {
        CliRun run = cli(line.split(" "));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).singleElement().asString().startsWith("driftwatch: ").contains(says);
    }
}
