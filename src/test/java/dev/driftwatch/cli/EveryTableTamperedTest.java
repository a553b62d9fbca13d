package dev.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.ChainKey;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import dev.driftwatch.testing.FakeProvider;
import dev.driftwatch.testing.TestWorkspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Someone with write access to the file, but not the key, edits a row, inserts one, or deletes the newest or one in the
 * middle, of every table of the audit trail: {@code audit verify} says the trail is BROKEN every time. The tables come
 * from the schema itself, so a table added later fails here until it is in {@link #TABLES} (or, only if it is by design
 * outside the chain, in {@link #NOT_CHAINED} with why); the scenarios are built from
 * each table's columns and keys, so they need no upkeep. The trail is written by the CLI, as in real use
 * ({@link #writeHistory}), with a chain key.
 *
 * <p>To add a table: list it in {@link #TABLES}, and if nothing in {@link #writeHistory} writes it, add the step that
 * does (e.g. a {@code driftwatch accept ...} run), so that it holds at least three rows.
 */
class EveryTableTamperedTest {
    private static final String KEY = "tamper-test-chain-key-0123456789abcdef";

    /** Every chained table of the trail, with the columns whose edits are NOT evidence of tampering, and why. */
    private static final List<Table> TABLES = List.of(
            new Table("verdicts"),
            new Table("snapshots"),
            new Table("paid_calls"),
            new Table("known_facts"),
            new Table("known_baselines"),
            new Table("alert_checks"),
            new Table("announced_changes"),
            new Table("incidents"),
            new Table("acceptances"),
            new Table("verdict_days"),
            new Table("outbox", Map.of(
                    "attempts", "how many sends were tried: working state of the delivery, not what was sent or when",
                    "claimed_by", "the worker leasing the row for a send: working state",
                    "claimed_until", "when that lease ends: working state")),
            new Table("journal", Map.of(
                    "digest", "read only for a record whose row is gone (kept for compaction): while the row is there the row"
                            + " itself is hashed, so a digest written beside it changes nothing the trail says")));

    /**
     * Tables of the database that are by design outside the chain, and why. Any other table must be in {@link #TABLES}.
     */
    private static final Map<String, String> NOT_CHAINED = Map.of(
            "flyway_schema_history", "Flyway's own record of the migrations applied to the schema: it says nothing about"
                    + " what was observed or sent, and Flyway itself rewrites it (repair); an edit can only make a start"
                    + " re-run or refuse a migration",
            "sqlite_sequence", "SQLite's AUTOINCREMENT counters: resetting one after deleting the newest rows hides the gap,"
                    + " i.e. a truncation, which a head published before catches (JournalTest, audit verify --expect-head)");

    @TempDir
    static Path dir;
    static Path pristine;

    @BeforeAll
    static void writeTheTrail() throws Exception {
        pristine = writeHistory(dir.resolve("pristine"));
    }

    /**
     * A trail as a release and its revert leave it, every row written by {@code driftwatch verify --notify}: baselines,
     * docs readings, paid probes, three checks breaking and recovering (incidents, alerts printed and marked delivered),
     * an incident acknowledged and changes accepted, release news announced once, known facts, and the journal over all of it.
     */
    static Path writeHistory(Path at) throws Exception {
        try (FakeProvider provider = new FakeProvider()) {
            TestWorkspace ws = new TestWorkspace(at);
            ws.edit("dailyBudget: 1 ", "dailyBudget: 10 ");
            Map<String, String> env = new HashMap<>(ws.env(provider));
            env.put(ChainKey.VARIABLE, KEY);
            String[] verify = {"verify", "--config", ws.config.toString(), "--notify"};

            // Years ago: three days of hourly PASS verdicts of the endpoint probe, for retention to fold (verdict_days).
            ManualClock then = new ManualClock(Instant.parse("2020-03-01T00:00:00Z"));
            CheckKey endpoint = new CheckKey("wisgate-gpt-image-2", "production", "endpoint");
            try (AuditTrail old = AuditTrail.openSqlite(at.resolve("data/driftwatch.db"), ChainKey.fromEnvironment(env), then)) {
                for (int hour = 0; hour < 72; hour += 6) {
                    Instant started = Instant.parse("2020-03-01T00:00:00Z").plus(Duration.ofHours(hour));
                    then.advance(Duration.between(then.instant(), started.plusMillis(30)));
                    old.record(new Verdict(endpoint, Outcome.PASS, "refused n: 0", List.of(), Evidence.NONE, started, 30));
                }
            }

            // A healthy provider: every check passes, baselines are set, each docs page is read.
            assertThat(CliRun.of(env, verify).exitCode()).isZero();
            // A release: gpt-image-2 renamed to gpt-image-2.1, the generations endpoint gone, two docs pages edited.
            provider.models = List.of("gpt-image-2.1", "gpt-image-1", "dall-e-3");
            provider.override(FakeProvider.GENERATIONS, r -> FakeProvider.error(404, "The model `gpt-image-2` does not exist",
                    "invalid_request_error", "model", "model_not_found"));
            Map<String, String> pages = Map.copyOf(provider.docsPages);
            provider.docsPages.put("/models", pages.get("/models").replace("gpt-image-2", "gpt-image-2.1"));
            provider.docsPages.put("/", pages.get("/").replace("</main>", "<p>New: gpt-image-2.1 is here.</p></main>"));
            assertThat(CliRun.of(env, verify).exitCode()).isEqualTo(ExitCode.BROKEN);
            // People decide: one incident acknowledged, three changes accepted (acceptances, acknowledgement columns).
            String c = "wisgate-gpt-image-2";
            assertThat(CliRun.of(env, "ack", "--contract", c, "--env", "production", "--check", "generation", "--by", "alice",
                    "--note", "on it").exitCode()).isZero();
            for (String[] accepted : new String[][] {{"production", "models"}, {"public", "docs:models"}, {"public", "docs:home"}}) {
                assertThat(CliRun.of(env, "accept", "--contract", c, "--env", accepted[0], "--check", accepted[1], "--by", "bob",
                        "--reason", "the provider announced it").exitCode()).as("accept " + accepted[1]).isZero();
            }
            // The provider reverts: the incidents resolve.
            provider.models = List.of("gpt-image-2", "gpt-image-1", "gpt-image-1-mini", "dall-e-3");
            provider.override(FakeProvider.GENERATIONS, null);
            provider.docsPages.putAll(pages);
            assertThat(CliRun.of(env, verify).exitCode()).isZero();
            // Retention folds the old days (a compaction record and its daily rows).
            CliRun compact = CliRun.of(env, "audit", "compact", "--config", ws.config.toString());
            assertThat(compact.exitCode()).as(compact.err()).isZero();
            assertThat(compact.out()).contains("into 3 daily row(s)");
        }
        return at.resolve("data/driftwatch.db");
    }

    @Test
    void everyTableOfTheTrailHasTamperScenariosAndRowsToTamperWith() throws SQLException {
        Set<String> listed = TABLES.stream().map(Table::name).collect(Collectors.toCollection(TreeSet::new));
        try (Connection c = open(pristine)) {
            Set<String> tables = tablesOf(c);
            assertThat(tables).as("every table outside the chain by design is there (or the list is stale)").containsAll(NOT_CHAINED.keySet());
            tables.removeAll(NOT_CHAINED.keySet());
            assertThat(tables).as("tables of the trail; one missing from TABLES has no tamper evidence yet").isEqualTo(listed);
            for (Table t : TABLES) {
                assertThat(rowids(c, t.name())).as("rows of " + t.name() + " written by the history (a middle and a newest one)").hasSizeGreaterThanOrEqualTo(3);
                assertThat(columnsOf(c, t.name()).stream().map(Column::name).toList()).as("columns of " + t.name())
                        .containsAll(t.notEvidence().keySet());
            }
        }
        assertThat(audit(pristine).exitCode()).as("the trail nobody touched").isZero();
    }

    @TestFactory
    Stream<DynamicTest> everyEditInsertAndDeleteOfEveryTableIsReported() throws SQLException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Connection c = open(pristine)) {
            for (Table t : TABLES) {
                List<Long> rows = rowids(c, t.name());
                long middle = rows.get(rows.size() / 2);
                long newest = rows.get(rows.size() - 1);
                List<Column> columns = columnsOf(c, t.name());
                tests.add(scenario(t.name() + ": the newest row deleted", "DELETE FROM " + t.name() + " WHERE rowid = " + newest));
                tests.add(scenario(t.name() + ": a row in the middle deleted", "DELETE FROM " + t.name() + " WHERE rowid = " + middle));
                tests.add(scenario(t.name() + ": a row inserted", insertCopy(c, t.name(), columns, middle)));
                for (Column col : columns) {
                    if (!t.notEvidence().containsKey(col.name())) {
                        tests.add(scenario(t.name() + "." + col.name() + " edited", "UPDATE " + t.name() + " SET " + col.name() + " = "
                                + col.changed() + " WHERE rowid = " + middle));
                    }
                }
            }
        }
        return tests.stream();
    }

    private static DynamicTest scenario(String what, String sql) {
        return DynamicTest.dynamicTest(what, () -> {
            Path copy = Files.createTempDirectory(dir, "tampered");
            Path file = copy.resolve("data/driftwatch.db");
            Files.createDirectories(file.getParent());
            Files.copy(pristine, file);
            try (Connection c = open(file); Statement s = c.createStatement()) {
                assertThat(s.executeUpdate(sql)).as(sql).isEqualTo(1);
            }
            CliRun run = audit(file);
            assertThat(run.exitCode()).as(what + "\n" + sql + "\n" + run.out() + run.err()).isEqualTo(ExitCode.BROKEN);
            assertThat(run.out()).startsWith("audit trail BROKEN: ");
        });
    }

    private static CliRun audit(Path file) {
        Map<String, String> env = new HashMap<>();
        env.put("DRIFTWATCH_DATA", file.getParent().toString());
        env.put(ChainKey.VARIABLE, KEY);
        return CliRun.of(env, "audit", "verify");
    }

    /**
     * A copy of row {@code rowid}, made new where the schema wants it unique: a fresh integer key, and a changed text
     * column in each unique index (a primary key over text columns, or the one open incident per check and slot).
     */
    private static String insertCopy(Connection c, String table, List<Column> columns, long rowid) throws SQLException {
        Set<String> changed = new LinkedHashSet<>();
        try (Statement s = c.createStatement(); ResultSet indexes = s.executeQuery("PRAGMA index_list(" + table + ")")) {
            List<String> unique = new ArrayList<>();
            while (indexes.next()) {
                if (indexes.getInt("unique") == 1) {
                    unique.add(indexes.getString("name"));
                }
            }
            for (String index : unique) {
                try (Statement s2 = c.createStatement(); ResultSet cols = s2.executeQuery("PRAGMA index_info(" + index + ")")) {
                    List<String> in = new ArrayList<>();
                    while (cols.next()) {
                        in.add(cols.getString("name"));
                    }
                    columns.stream().filter(col -> in.contains(col.name()) && col.text()).findFirst().ifPresent(col -> changed.add(col.name()));
                }
            }
        }
        String values = columns.stream().map(col -> col.rowid() ? "NULL" : changed.contains(col.name()) ? col.changed() : col.name())
                .collect(Collectors.joining(", "));
        String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        return "INSERT INTO " + table + " (" + names + ") SELECT " + values + " FROM " + table + " WHERE rowid = " + rowid;
    }

    private static Set<String> tablesOf(Connection c) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static List<Long> rowids(Connection c, String table) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT rowid FROM " + table + " ORDER BY rowid")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    private static List<Column> columnsOf(Connection c, String table) throws SQLException {
        List<Column> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                out.add(new Column(rs.getString("name"), rs.getString("type").toUpperCase(java.util.Locale.ROOT), rs.getInt("pk")));
            }
        }
        // A single INTEGER PRIMARY KEY is the rowid itself.
        long keys = out.stream().filter(col -> col.pk() > 0).count();
        return out.stream().map(col -> keys == 1 && col.pk() == 1 && col.type().equals("INTEGER") ? col.asRowid() : col).toList();
    }

    private static Connection open(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    /** A table of the trail, and its columns whose edits are not evidence of tampering (with why). */
    private record Table(String name, Map<String, String> notEvidence) {
        Table(String name) {
            this(name, Map.of());
        }
    }

    /** A column, its declared type, its place in the primary key (0: none), and whether it is the rowid. */
    private record Column(String name, String type, int pk, boolean rowid) {
        Column(String name, String type, int pk) {
            this(name, type, pk, false);
        }

        Column asRowid() {
            return new Column(name, type, pk, true);
        }

        boolean text() {
            return !type.equals("INTEGER") && !type.equals("BLOB");
        }

        /** An SQL expression for a different value of the same type; a new rowid beyond every row's. */
        String changed() {
            if (rowid) {
                return name + " + 1000000";
            }
            return switch (type) {
                case "INTEGER" -> "coalesce(" + name + " + 1, 1)";
                case "BLOB" -> "CASE WHEN " + name + " IS NULL THEN X'00' ELSE zeroblob(length(" + name + ") + 1) END";
                default -> "coalesce(" + name + " || '~', 'tampered')";
            };
        }
    }
}
