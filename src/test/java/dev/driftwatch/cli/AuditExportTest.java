package dev.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.ChainKey;
import dev.driftwatch.audit.JournalTest;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An auditor gets the trail as a file: {@code audit export} writes it, {@code audit verify --file} checks it on a
 * machine with no database, and every edit of the file (a line's content, its hash, a line deleted, inserted, the head
 * cut) is named at its record. The trail is JournalTest's: verdicts, snapshots, a paid call, an incident and its alerts.
 */
class AuditExportTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final CheckKey MODELS = new CheckKey("wisgate-gpt-image-2", "production", "models");
    private static final CheckKey GENERATION = new CheckKey("wisgate-gpt-image-2", "production", "generation");
    private static final Instant LATER = Instant.parse("2099-01-01T00:00:00Z");
    private static final String KEY = "k".repeat(40);

    @TempDir
    Path dir;
    Map<String, String> env;
    /** Where the auditor's machine looks for a trail: nowhere. */
    Map<String, String> noTrail;

    @BeforeEach
    void writeATrail() {
        env = CliRun.dataOnlyEnv(dir);
        noTrail = new HashMap<>(Map.of("DRIFTWATCH_DATA", dir.resolve("nowhere").toString()));
        fill(dir.resolve("data"), ChainKey.none());
    }

    @Test
    void anExportOfTheWholeTrailVerifiesWithoutTheDatabase() throws IOException {
        CliRun export = CliRun.of(env, "audit", "export");
        assertThat(export.exitCode()).as(export.err()).isZero();
        List<String> lines = export.out().lines().toList();
        long records = lines.size() - 1;
        assertThat(export.err()).contains("exported " + records + " record(s), 1 to " + records + "; head " + records + ":");

        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("seq").asLong()).isEqualTo(1);
        assertThat(first.get("prev").asString()).isEqualTo("0".repeat(64));
        assertThat(lines.stream().limit(records).map(l -> JSON.readTree(l).get("kind").asString()).distinct())
                .contains("verdict", "snapshot", "paid-call", "incident-opened", "incident-threaded", "incident-resolved", "alert-queued",
                        "alert-delivered", "alert-failed");
        JsonNode broken = line(lines, "verdict", 2);
        assertThat(broken.get("content").get("outcome").asString()).isEqualTo("BROKEN");
        assertThat(broken.get("content").get("findings").isArray()).as("a verdict's findings as JSON, for jq").isTrue();
        assertThat(broken.get("row").asString()).as("the canonical text the hash covers").contains("\"outcome\":\"BROKEN\"");
        JsonNode head = JSON.readTree(lines.get(lines.size() - 1));
        assertThat(head.get("head").get("seq").asLong()).isEqualTo(records);
        assertThat(head.get("head").get("hash").asString()).isEqualTo(JSON.readTree(lines.get((int) records - 1)).get("hash").asString());
        assertThat(CliRun.of(env, "audit", "head").out().strip()).isEqualTo(records + ":" + head.get("head").get("hash").asString());

        CliRun check = verifyFile(save(export.out()));
        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        assertThat(check.out().strip()).isEqualTo("export intact: " + records + " record(s), 1 to " + records + ", head " + records + ":"
                + head.get("head").get("hash").asString());
        assertThat(dir.resolve("nowhere")).as("no database was created or needed").doesNotExist();
    }

    @Test
    void anExportSinceADateStartsAtTheFirstRecordAtOrAfterItAndVerifiesOnItsOwnFromThere() throws IOException {
        List<String> whole = CliRun.of(env, "audit", "export").out().lines().toList();
        int from = IntStream.range(0, whole.size() - 1).filter(i -> JSON.readTree(whole.get(i)).get("at").asString().startsWith("2099")).findFirst()
                .orElseThrow();
        assertThat(from).isPositive();

        CliRun since = CliRun.of(env, "audit", "export", "--since", "2099-01-01");
        assertThat(since.exitCode()).as(since.err()).isZero();
        assertThat(since.out().lines().toList()).as("the whole export's lines from that record on, the verdicts recorded after it too")
                .isEqualTo(whole.subList(from, whole.size()));
        assertThat(CliRun.of(env, "audit", "export", "--since", LATER.toString()).out()).isEqualTo(since.out());
        assertThat(CliRun.of(env, "audit", "export", "--since", "2099-01-01T01:00:00+01:00").out()).as("an offset").isEqualTo(since.out());

        JsonNode before = JSON.readTree(whole.get(from - 1));
        String beforeHead = before.get("seq").asLong() + ":" + before.get("hash").asString();
        assertThat(JSON.readTree(since.out().lines().findFirst().orElseThrow()).get("prev").asString()).isEqualTo(before.get("hash").asString());
        Path file = save(since.out());
        CliRun check = verifyFile(file);
        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("record(s), " + (from + 1) + " to ").contains("following record " + beforeHead);
        assertThat(verifyFile(file, "--expect-head", beforeHead).exitCode()).as("tied to a head published before it").isZero();
        CliRun tooEarly = verifyFile(file, "--expect-head", "1:" + JSON.readTree(whole.get(0)).get("hash").asString());
        assertThat(tooEarly.exitCode()).isEqualTo(2);
        assertThat(tooEarly.err()).contains("comes before this export").contains("starts after record " + from);

        CliRun nothing = CliRun.of(env, "audit", "export", "--since", "2100-01-01");
        assertThat(nothing.exitCode()).isZero();
        assertThat(nothing.out().lines().toList()).singleElement().asString().startsWith("{\"head\":");
        assertThat(verifyFile(save(nothing.out())).out()).startsWith("export intact: 0 record(s)");

        CliRun bad = CliRun.of(env, "audit", "export", "--since", "yesterday");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err().lines()).singleElement().asString().contains("--since 'yesterday'").contains("yyyy-MM-dd");
    }

    static Stream<Arguments> edits() {
        return Stream.of(
                edit("a verdict's outcome edited where jq reads it", lines -> set(lines, index(lines, "verdict", 2), "content", c -> ((ObjectNode) c)
                        .put("outcome", "PASS")), lines -> seqOf(lines, index(lines, "verdict", 2)), "altered", "its content is not what its row"),
                edit("a verdict's summary edited in its row and its content", lines -> {
                    int i = index(lines, "verdict", 2);
                    List<String> out = set(lines, i, "row", r -> JSON.getNodeFactory().stringNode(r.asString().replace("model-not-listed", "listed")));
                    return set(out, i, "content", c -> ((ObjectNode) c).put("summary", "listed"));
                }, lines -> seqOf(lines, index(lines, "verdict", 2)), "altered", "does not match its hash"),
                edit("an incident's opening edited in its body and content", lines -> {
                    int i = index(lines, "incident-opened", 1);
                    List<String> out = set(lines, i, "body", b -> JSON.getNodeFactory().stringNode(b.asString().replace("BROKEN", "UNVERIFIED")));
                    return set(out, i, "content", c -> JSON.readTree(JSON.readTree(out.get(i)).get("body").asString()));
                }, lines -> seqOf(lines, index(lines, "incident-opened", 1)), "altered", "does not match its hash"),
                edit("a snapshot line's hash replaced", lines -> set(lines, index(lines, "snapshot", 1), "hash", h -> JSON.getNodeFactory()
                        .stringNode(other(h.asString()))), lines -> seqOf(lines, index(lines, "snapshot", 1)), "altered", "does not match its hash"),
                edit("a line's previous hash edited", lines -> set(lines, 4, "prev", h -> JSON.getNodeFactory().stringNode(other(h.asString()))),
                        lines -> seqOf(lines, 4), "altered", "the previous hash it names"),
                edit("a line in the middle deleted", lines -> without(lines, 5), lines -> seqOf(lines, 6), "removed",
                        "record " + 6 + " is missing"),
                edit("the last record's line deleted", lines -> without(lines, lines.size() - 2), lines -> seqOf(lines, lines.size() - 2), "removed",
                        "is missing: this head line"),
                edit("a line inserted: a copy of the next with another outcome", lines -> {
                    int i = index(lines, "verdict", 2);
                    List<String> out = new ArrayList<>(lines);
                    out.add(i, set(lines, i, "content", c -> ((ObjectNode) c).put("outcome", "PASS")).get(i));
                    return set(out, i, "row", r -> JSON.getNodeFactory().stringNode(r.asString().replace("BROKEN", "PASS")));
                }, lines -> seqOf(lines, index(lines, "verdict", 2)), "altered", "does not match its hash"),
                edit("a line inserted: a copy of one", lines -> {
                    List<String> out = new ArrayList<>(lines);
                    out.add(3, lines.get(2));
                    return out;
                }, lines -> seqOf(lines, 2), "inserted", "comes again"),
                edit("the head line deleted", lines -> without(lines, lines.size() - 1), lines -> seqOf(lines, lines.size() - 2) + 1, "truncated",
                        "without its head line"),
                edit("the head line cut short", lines -> {
                    List<String> out = new ArrayList<>(lines);
                    String head = out.remove(out.size() - 1);
                    out.add(head.substring(0, head.length() / 2));
                    return out;
                }, lines -> seqOf(lines, lines.size() - 2) + 1, "truncated", "cut short"),
                edit("the file cut in the middle of a line", lines -> {
                    List<String> out = new ArrayList<>(lines.subList(0, 7));
                    out.add(lines.get(7).substring(0, 40));
                    return out;
                }, lines -> seqOf(lines, 7), "truncated", "cut short"),
                edit("the head line's hash edited", lines -> set(lines, lines.size() - 1, "head", h -> ((ObjectNode) h).put("hash", "0".repeat(64))),
                        lines -> seqOf(lines, lines.size() - 2), "altered", "this head line's hash"),
                edit("a line appended after the head", lines -> {
                    List<String> out = new ArrayList<>(lines);
                    out.add(lines.get(1));
                    return out;
                }, lines -> seqOf(lines, 1), "inserted", "after the head line"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edits")
    void everyEditOfTheFileIsNamedAtItsRecord(String what, UnaryOperator<List<String>> edit, Function<List<String>, Long> record, String type,
            String named) throws IOException {
        List<String> lines = CliRun.of(env, "audit", "export").out().lines().toList();
        CliRun check = verifyFile(save(String.join("\n", edit.apply(lines)) + "\n"));
        assertThat(check.exitCode()).as(what + "\n" + check.out() + check.err()).isEqualTo(1);
        String first = check.out().lines().findFirst().orElseThrow();
        assertThat(first).as(what).startsWith("export BROKEN: " + type + " at record " + record.apply(lines) + ": line ").contains(named);
    }

    @Test
    void aKeyedExportVerifiesOnlyWithItsKey() throws IOException {
        env.put("DRIFTWATCH_DATA", dir.resolve("keyed").toString());
        fill(dir.resolve("keyed"), ChainKey.fromEnvironment(Map.of(ChainKey.VARIABLE, KEY)));
        env.put(ChainKey.VARIABLE, KEY);
        CliRun export = CliRun.of(env, "audit", "export");
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out()).doesNotContain(KEY);
        Path file = save(export.out());

        CliRun withoutKey = verifyFile(file);
        assertThat(withoutKey.exitCode()).isEqualTo(2);
        assertThat(withoutKey.err()).contains("are keyed and " + ChainKey.VARIABLE + " is not set");
        noTrail.put(ChainKey.VARIABLE, KEY);
        CliRun withKey = verifyFile(file);
        assertThat(withKey.exitCode()).as(withKey.out() + withKey.err()).isZero();
        assertThat(withKey.out()).contains("keyed");
        noTrail.put(ChainKey.VARIABLE, "x".repeat(40));
        assertThat(verifyFile(file).out()).as("the wrong key").startsWith("export BROKEN: altered at record 1: line 1:");
    }

    @Test
    void anExportReachesAHeadPublishedEarlierAndARewrittenOneDoesNot() throws IOException {
        String published = CliRun.of(env, "audit", "head").out().strip();
        try (AuditTrail trail = AuditTrail.openSqlite(dir.resolve("data/driftwatch.db"))) {
            trail.record(new Verdict(MODELS, Outcome.PASS, "listed", List.of(), Evidence.NONE, LATER.plusSeconds(60), 40));
        }
        Path file = save(CliRun.of(env, "audit", "export").out());
        CliRun reaches = verifyFile(file, "--expect-head", published);
        assertThat(reaches.exitCode()).as(reaches.out() + reaches.err()).isZero();
        assertThat(reaches.out()).endsWith("reaches the published head " + published + System.lineSeparator());
        String shortened = published.substring(0, published.indexOf(':') + 13);
        assertThat(verifyFile(file, "--expect-head", shortened).exitCode()).as("cut to 12 characters, as Slack shows it").isZero();

        long seq = Long.parseLong(published.substring(0, published.indexOf(':')));
        CliRun rewritten = verifyFile(file, "--expect-head", seq + ":" + "ab".repeat(32));
        assertThat(rewritten.exitCode()).isEqualTo(1);
        assertThat(rewritten.out()).startsWith("export BROKEN: truncated at record " + seq + ": line " + seq + ": ").contains("not the published");
        CliRun beyond = verifyFile(file, "--expect-head", (seq + 100) + ":" + "ab".repeat(32));
        assertThat(beyond.exitCode()).isEqualTo(1);
        assertThat(beyond.out()).startsWith("export BROKEN: truncated at record ").contains("the export ends at record ")
                .contains("but head " + (seq + 100));
    }

    @Test
    void aFileThatIsNotAnExportIsAUsageErrorWithItsLine() throws IOException {
        List<String> lines = CliRun.of(env, "audit", "export").out().lines().toList();
        assertNotAnExport(save("contracts:\n  - id: x\n"), "line 1: it is not JSON");
        List<String> noHash = new ArrayList<>(lines);
        ObjectNode third = (ObjectNode) JSON.readTree(lines.get(2));
        third.remove("hash");
        noHash.set(2, JSON.writeValueAsString(third));
        assertNotAnExport(save(String.join("\n", noHash)), "line 3: no 'hash'");
        assertNotAnExport(save(String.join("\n", set(lines, 1, "seq", s -> JSON.getNodeFactory().stringNode("2")))), "line 2: 'seq' is not a whole number");
        assertNotAnExport(save(String.join("\n", set(lines, 0, "v", s -> JSON.getNodeFactory().numberNode(2L)))), "line 1: its record is in canonical form version 2");
        assertNotAnExport(save("[1,2]\n" + String.join("\n", lines)), "line 1: it is not a JSON object");
        assertNotAnExport(save(""), "the file is empty");
        CliRun missing = verifyFile(dir.resolve("nope.jsonl"));
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.jsonl: no such file");
        CliRun directory = verifyFile(dir);
        assertThat(directory.exitCode()).isEqualTo(2);
        assertThat(directory.err().lines()).singleElement().asString().contains(dir + ": a directory");
        Path latin1 = dir.resolve("latin1.jsonl");
        List<String> accented = set(lines, 2, "content", c -> ((ObjectNode) c).put("summary", "caf\u00e9"));
        Files.write(latin1, (String.join("\n", accented) + "\n").getBytes(StandardCharsets.ISO_8859_1));
        assertNotAnExport(latin1, "line 3: it is not UTF-8 text");
    }

    @Test
    void aTrailWithARowGoneExportsWhatItHasAndSaysTheFileWillNotVerify() throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/driftwatch.db"));
             var s = c.createStatement()) {
            s.executeUpdate("DELETE FROM paid_calls");
        }
        CliRun export = CliRun.of(env, "audit", "export");
        assertThat(export.exitCode()).isEqualTo(1);
        long paidCall = seqOf(export.out().lines().toList(), index(export.out().lines().toList(), "paid-call", 1));
        assertThat(export.err()).contains("the first record " + paidCall + ", were exported without their row");
        CliRun check = verifyFile(save(export.out()));
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.out()).startsWith("export BROKEN: altered at record " + paidCall + ":");
    }

    /** A real process each way: the export redirected to a file by the shell's {@code >}, the check reading it on standard input. */
    @Test
    void exportToAFileAndVerifyFromStandardInputInRealProcesses() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        Process export = process(env, file, null, "audit", "export");
        assertThat(export.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(export.exitValue()).as(new String(export.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        assertThat(Files.readAllLines(file)).last().asString().startsWith("{\"head\":");

        Process check = process(noTrail, null, file, "audit", "verify", "--file", "-");
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(out).isZero();
        assertThat(out).startsWith("export intact: ");
    }

    private Process process(Map<String, String> environment, Path stdout, Path stdin, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.driftwatch.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove(ChainKey.VARIABLE);
        pb.environment().remove("DRIFTWATCH_DATA");
        pb.environment().putAll(environment);
        if (stdout != null) {
            pb.redirectOutput(stdout.toFile());
        }
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        return pb.start();
    }

    private void assertNotAnExport(Path file, String says) {
        CliRun run = verifyFile(file);
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).singleElement().asString().startsWith("driftwatch: " + file + ": ").contains(says);
    }

    /** JournalTest's trail, then a paid call dated far ahead and a verdict after it: records in commit order, not in time order. */
    private static void fill(Path data, ChainKey key) {
        try (AuditTrail trail = AuditTrail.openSqlite(data.resolve("driftwatch.db"), key)) {
            JournalTest.fill(trail);
            trail.reservePaidCall(GENERATION, 100, LATER);
            trail.record(new Verdict(MODELS, Outcome.PASS, "listed", List.of(), Evidence.NONE, LATER.plusSeconds(1), 40));
        }
    }

    private CliRun verifyFile(Path file, String... more) {
        return CliRun.of(noTrail, Stream.concat(Stream.of("audit", "verify", "--file", file.toString()), Stream.of(more)).toArray(String[]::new));
    }

    private Path save(String text) throws IOException {
        Path file = Files.createTempFile(dir, "audit", ".jsonl");
        Files.writeString(file, text);
        return file;
    }

    private static Arguments edit(String what, UnaryOperator<List<String>> edit, Function<List<String>, Long> record, String type, String named) {
        return Arguments.of(what, edit, record, type.toLowerCase(Locale.ROOT), named);
    }

    /** The line of the {@code nth} record of a kind (from 1). */
    private static JsonNode line(List<String> lines, String kind, int nth) {
        return JSON.readTree(lines.get(index(lines, kind, nth)));
    }

    private static int index(List<String> lines, String kind, int nth) {
        int seen = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (kind.equals(JSON.readTree(lines.get(i)).path("kind").asString(null)) && ++seen == nth) {
                return i;
            }
        }
        throw new AssertionError("no " + kind + " number " + nth + " in the export");
    }

    private static long seqOf(List<String> lines, int index) {
        return JSON.readTree(lines.get(index)).get("seq").asLong();
    }

    private static List<String> set(List<String> lines, int index, String member, UnaryOperator<JsonNode> change) {
        List<String> out = new ArrayList<>(lines);
        ObjectNode line = (ObjectNode) JSON.readTree(lines.get(index));
        line.set(member, change.apply(line.get(member)));
        out.set(index, JSON.writeValueAsString(line));
        return out;
    }

    /** The hash with its first character changed. */
    private static String other(String hash) {
        return (hash.charAt(0) == 'f' ? "e" : "f") + hash.substring(1);
    }

    private static List<String> without(List<String> lines, int index) {
        List<String> out = new ArrayList<>(lines);
        out.remove(index);
        return out;
    }
}
