package dev.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The trail that {@code driftwatch verify} writes against a provider (a loopback MockWebServer): a healthy run, then a
 * run with the model gone that opens an incident and alerts. Exported, copied to a machine with no database, and edited
 * there the way someone with a text editor would: each edit is found, at the record and at the line of the file where
 * it is.
 */
class AuditExportOfARealTrailTest extends CliScenarioTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The export's lines, the head line last. */
    List<String> lines;
    /** How many records the healthy run wrote: the records after them are the broken run's. */
    int firstRun;
    /** Where the auditor's machine looks for a trail: nowhere. */
    Map<String, String> auditor;

    @BeforeEach
    void twoRunsRecordedAndExported() throws IOException {
        // Timeouts a loaded 2-core machine keeps within: this is about the trail, and an UNVERIFIED run would change it.
        ws.edit("readTimeout: 1s", "readTimeout: 20s").edit("callTimeout: 5s", "callTimeout: 40s").edit("timeout: 2s", "timeout: 40s");
        CliRun healthy = verify();
        assertThat(healthy.exitCode()).as(healthy.out() + healthy.err()).isZero();
        firstRun = (int) records(CliRun.of(env, "audit", "export").out().lines().toList());
        provider.models = List.of("gpt-image-1", "dall-e-3");
        CliRun broken = verify("--notify");
        assertThat(broken.exitCode()).as(broken.out() + broken.err()).isEqualTo(1);

        CliRun export = CliRun.of(env, "audit", "export");
        assertThat(export.exitCode()).as(export.err()).isZero();
        lines = export.out().lines().toList();
        assertThat(kinds(lines)).contains("verdict", "snapshot", "paid-call", "incident-opened", "alert-queued");
        assertThat(records(lines)).isGreaterThan(firstRun);
        auditor = new HashMap<>(Map.of("DRIFTWATCH_DATA", dir.resolve("auditor").toString()));

        CliRun intact = verifyFile(save(lines));
        assertThat(intact.exitCode()).as(intact.out() + intact.err()).isZero();
        assertThat(intact.out()).startsWith("export intact: " + records(lines) + " record(s), 1 to " + records(lines) + ", head ");
        assertThat(dir.resolve("auditor")).as("checked without a database").doesNotExist();
    }

    @Test
    void aBrokenVerdictEditedToPassIsFoundAtItsLine() throws IOException {
        int i = indexOf(lines, l -> "verdict".equals(l.get("kind").asString()) && "BROKEN".equals(l.get("content").get("outcome").asString()));
        List<String> edited = new ArrayList<>(lines);
        edited.set(i, lines.get(i).replace("BROKEN", "PASS")); // in its row and its content alike, as sed -i s/BROKEN/PASS/ would

        assertFirstProblem(verifyFile(save(edited)), "altered", seq(lines, i), i + 1, "the verdict #");
    }

    @Test
    void aLineDeletedInTheMiddleIsFoundAtTheLineThatNowFollowsTheOneBefore() throws IOException {
        int i = firstRun + 2;
        List<String> edited = new ArrayList<>(lines);
        edited.remove(i);

        // The record after the deleted one now sits on line i + 1, where the deleted one was.
        assertFirstProblem(verifyFile(save(edited)), "removed", seq(lines, i + 1), i + 1, "record " + seq(lines, i) + " is missing");
    }

    @Test
    void theNewestRecordsDeletedAreFoundByTheHeadLineOrElseByAPublishedHead() throws IOException {
        String published = CliRun.of(env, "audit", "head").out().strip();
        int kept = lines.size() - 1 - 3; // record lines kept: the three newest deleted
        List<String> cut = new ArrayList<>(lines.subList(0, kept));
        cut.add(lines.get(lines.size() - 1));
        // Found at the first record missing, on the head line (line kept + 1), which names the newest record.
        assertFirstProblem(verifyFile(save(cut)), "removed", seq(lines, kept), kept + 1,
                "records " + seq(lines, kept) + " to " + seq(lines, lines.size() - 2) + " are missing");

        // Done thoroughly, with a head line naming the new last record, the file is consistent on its own ...
        List<String> rewritten = new ArrayList<>(lines.subList(0, kept));
        JsonNode last = JSON.readTree(lines.get(kept - 1));
        rewritten.add("{\"head\":{\"seq\":" + last.get("seq").asLong() + ",\"hash\":\"" + last.get("hash").asString() + "\"}}");
        Path file = save(rewritten);
        assertThat(verifyFile(file).exitCode()).as("nothing in the file itself says what followed").isZero();
        // ... and a head published before it (a Slack footer, the daemon's log) is what exposes it.
        CliRun against = verifyFile(file, "--expect-head", published);
        assertFirstProblem(against, "truncated", seq(lines, kept - 1) + 1, kept + 1,
                "the export ends at record " + seq(lines, kept - 1) + " but head " + published.substring(0, published.indexOf(':')));
        CliRun whole = verifyFile(save(lines), "--expect-head", published);
        assertThat(whole.exitCode()).as(whole.out() + whole.err()).isZero();
    }

    @Test
    void anOldPassingVerdictInsertedAmongTheBrokenRunsRecordsIsFoundAtItsLine() throws IOException {
        int old = indexOf(lines, l -> "verdict".equals(l.get("kind").asString()) && "PASS".equals(l.get("content").get("outcome").asString()));
        int at = firstRun + 1;
        List<String> edited = new ArrayList<>(lines);
        edited.add(at, lines.get(old));

        assertFirstProblem(verifyFile(save(edited)), "inserted", seq(lines, old), at + 1,
                "record " + seq(lines, old) + " comes again, or out of order, after record " + seq(lines, at - 1));
    }

    @Test
    void anExportSinceTheBrokenRunVerifiesOnItsOwnAndTiesToTheRecordBefore() throws IOException {
        Instant since = Instant.parse(JSON.readTree(lines.get(firstRun)).get("at").asString());
        int from = indexOf(lines, l -> !Instant.parse(l.get("at").asString()).isBefore(since));
        assertThat(from).as("a record before the cut").isPositive();

        CliRun export = CliRun.of(env, "audit", "export", "--since", since.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        List<String> part = export.out().lines().toList();
        assertThat(part).as("the whole export's lines from the first record at or after it").isEqualTo(lines.subList(from, lines.size()));

        String before = seq(lines, from - 1) + ":" + JSON.readTree(lines.get(from - 1)).get("hash").asString();
        Path file = save(part);
        CliRun check = verifyFile(file);
        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).startsWith("export intact: " + records(part) + " record(s), " + seq(lines, from) + " to ")
                .contains("following record " + before);
        assertThat(verifyFile(file, "--expect-head", before).exitCode()).as("tied to the head before it").isZero();

        List<String> edited = new ArrayList<>(part);
        edited.remove(1);
        assertFirstProblem(verifyFile(save(edited)), "removed", seq(part, 2), 2, "record " + seq(part, 1) + " is missing");
    }

    /** The first line of the report names the problem, its record and its line in the file. */
    private static void assertFirstProblem(CliRun run, String type, long record, int line, String says) {
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out().lines().findFirst().orElseThrow())
                .startsWith("export BROKEN: " + type + " at record " + record + ": line " + line + ": ").contains(says);
    }

    private CliRun verifyFile(Path file, String... more) {
        return CliRun.of(auditor, Stream.concat(Stream.of("audit", "verify", "--file", file.toString()), Stream.of(more)).toArray(String[]::new));
    }

    private Path save(List<String> text) throws IOException {
        Path file = Files.createTempFile(dir, "audit", ".jsonl");
        Files.writeString(file, String.join("\n", text) + "\n");
        return file;
    }

    private static long records(List<String> lines) {
        return lines.size() - 1;
    }

    private static List<String> kinds(List<String> lines) {
        return lines.subList(0, lines.size() - 1).stream().map(l -> JSON.readTree(l).get("kind").asString()).distinct().toList();
    }

    private static long seq(List<String> lines, int index) {
        return JSON.readTree(lines.get(index)).get("seq").asLong();
    }

    private static int indexOf(List<String> lines, Predicate<JsonNode> which) {
        return IntStream.range(0, lines.size() - 1).filter(i -> which.test(JSON.readTree(lines.get(i)))).findFirst()
                .orElseThrow(() -> new AssertionError("no such line in the export"));
    }
}
