package dev.driftwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Snapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Docs-page readings in the embedded audit trail: every fetch kept with its date, identical texts stored once. */
class SnapshotStoreTest extends AuditTrailFileTest {
    private static final String CONTRACT = "wisgate-gpt-image-2";
    private static final CheckKey MODELS_DOCS_STAGING = new CheckKey(CONTRACT, "staging", "docs:models");
    private static final CheckKey MODELS_DOCS_PRODUCTION = new CheckKey(CONTRACT, "production", "docs:models");
    private static final Instant MAY_1 = Instant.parse("2026-05-01T09:30:00.123Z");
    private static final Instant MAY_3 = Instant.parse("2026-05-03T09:30:00.456Z");
    private static final Instant MAY_5 = Instant.parse("2026-05-05T09:30:00.789Z");
    private static final String SIZES_1024 = "gpt-image-2 supports sizes 1024x1024, 1536x1024.";
    private static final String SIZES_2048 = "gpt-image-2 supports sizes 1024x1024, 1536x1024, 2048x2048.";

    @Test
    void a200KbPageIsReadBackWholeStoredCompressedAndAnUnchangedRefetchCostsOnlyItsRow() throws Exception {
        String page = docsPage(200_000);
        long empty = sizeAfterClose();

        trail.saveSnapshot(MODELS_DOCS_STAGING, new Snapshot(MAY_1, null, page, "\"v1\"", "Fri, 01 May 2026 09:00:00 GMT"));
        long afterFirst = sizeAfterClose();
        trail.saveSnapshot(MODELS_DOCS_STAGING, new Snapshot(MAY_3, sha256(page), page, "\"v1\"", null));
        long afterSecond = sizeAfterClose();

        Snapshot last = trail.lastSnapshot(MODELS_DOCS_STAGING).orElseThrow();
        assertThat(last.text()).isEqualTo(page);
        assertThat(last.hash()).isEqualTo(sha256(page));
        assertThat(last.fetchedAt()).isEqualTo(MAY_3);
        assertThat(last.etag()).isEqualTo("\"v1\"");
        assertThat(last.lastModified()).isNull();
        // gzip, not the raw 200 KB; and the second, identical reading is a row without text.
        assertThat(afterFirst - empty).isLessThan(100_000);
        assertThat(afterSecond - afterFirst).isLessThan(10_000);
        assertThat(trail.snapshots().list(CONTRACT, "docs:models")).extracting(SnapshotEntry::size)
                .containsExactly((long) page.getBytes(StandardCharsets.UTF_8).length, (long) page.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void lastSnapshotIsTheNewestReadingOfThatCheckInThatEnvironment() {
        assertThat(trail.lastSnapshot(MODELS_DOCS_STAGING)).isEmpty();

        trail.saveSnapshot(MODELS_DOCS_STAGING, reading(MAY_1, SIZES_1024));
        trail.saveSnapshot(MODELS_DOCS_STAGING, reading(MAY_3, SIZES_2048));
        trail.saveSnapshot(MODELS_DOCS_PRODUCTION, reading(MAY_5, SIZES_1024));

        assertThat(trail.lastSnapshot(MODELS_DOCS_STAGING).orElseThrow().text()).isEqualTo(SIZES_2048);
        assertThat(trail.lastSnapshot(MODELS_DOCS_PRODUCTION).orElseThrow().text()).isEqualTo(SIZES_1024);
        assertThat(trail.lastSnapshot(new CheckKey(CONTRACT, "staging", "docs:pricing"))).isEmpty();
    }

    @Test
    void unchangedRefetchesAreAllListedNewestFirstAndOnlyAnEditCountsAsChanged() {
        trail.saveSnapshot(MODELS_DOCS_STAGING, reading(MAY_1, SIZES_1024));
        trail.saveSnapshot(MODELS_DOCS_PRODUCTION, reading(MAY_1.plusSeconds(1), SIZES_1024));
        trail.saveSnapshot(MODELS_DOCS_STAGING, reading(MAY_3, SIZES_1024));
        trail.saveSnapshot(MODELS_DOCS_STAGING, reading(MAY_5, SIZES_2048));

        List<SnapshotEntry> listed = trail.snapshots().list(CONTRACT, "docs:models");

        assertThat(listed).extracting(SnapshotEntry::key, SnapshotEntry::fetchedAt, SnapshotEntry::changed).containsExactly(
                tuple(MODELS_DOCS_STAGING, MAY_5, true),
                tuple(MODELS_DOCS_STAGING, MAY_3, false),
                // Production's first reading is new to production, whatever staging saw.
                tuple(MODELS_DOCS_PRODUCTION, MAY_1.plusSeconds(1), true),
                tuple(MODELS_DOCS_STAGING, MAY_1, true));
        assertThat(listed.get(0).hash()).isEqualTo(sha256(SIZES_2048));
        assertThat(listed.get(1).hash()).isEqualTo(sha256(SIZES_1024));
        assertThat(trail.snapshots().list(CONTRACT, "docs:pricing")).isEmpty();
        // The unchanged re-fetch still reads back with its text.
        assertThat(trail.snapshots().at(CONTRACT, "staging", "docs:models", MAY_3).orElseThrow().text()).isEqualTo(SIZES_1024);
    }

    @Test
    void snapshotAtAnswersWhatThePageSaidOnADate() {
        trail.saveSnapshot(MODELS_DOCS_STAGING, reading(MAY_1, SIZES_1024));
        trail.saveSnapshot(MODELS_DOCS_STAGING, reading(MAY_3, SIZES_1024));
        trail.saveSnapshot(MODELS_DOCS_PRODUCTION, reading(MAY_3.plusSeconds(60), SIZES_2048));
        trail.saveSnapshot(MODELS_DOCS_STAGING, reading(MAY_5, SIZES_2048));
        Instant endOfMay4 = Instant.parse("2026-05-04T23:59:59.999Z");

        Snapshot may4Staging = trail.snapshots().at(CONTRACT, "staging", "docs:models", endOfMay4).orElseThrow();
        assertThat(may4Staging.fetchedAt()).isEqualTo(MAY_3);
        assertThat(may4Staging.text()).isEqualTo(SIZES_1024);
        // Any environment: the newest reading of all, here production's.
        assertThat(trail.snapshots().at(CONTRACT, null, "docs:models", endOfMay4).orElseThrow().text()).isEqualTo(SIZES_2048);
        // At the very instant of a fetch, that fetch counts.
        assertThat(trail.snapshots().at(CONTRACT, "staging", "docs:models", MAY_5).orElseThrow().fetchedAt()).isEqualTo(MAY_5);
        assertThat(trail.snapshots().at(CONTRACT, null, "docs:models", MAY_1.minusMillis(1))).isEmpty();
    }

    @Test
    void readingsSurviveCloseAndReopen() {
        trail.saveSnapshot(MODELS_DOCS_STAGING, reading(MAY_1, SIZES_1024));
        trail.saveSnapshot(MODELS_DOCS_STAGING, reading(MAY_3, SIZES_1024));
        trail.close();

        trail = AuditTrail.openSqlite(file);
        trail.saveSnapshot(MODELS_DOCS_STAGING, reading(MAY_5, SIZES_1024));

        assertThat(trail.lastSnapshot(MODELS_DOCS_STAGING).orElseThrow().text()).isEqualTo(SIZES_1024);
        assertThat(trail.snapshots().list(CONTRACT, "docs:models")).extracting(SnapshotEntry::changed).containsExactly(false, false, true);
    }

    @Test
    void aHashThatIsNotTheTextsSha256IsRefused() {
        assertThatThrownBy(() -> trail.saveSnapshot(MODELS_DOCS_STAGING, new Snapshot(MAY_1, sha256(SIZES_2048), SIZES_1024, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(MODELS_DOCS_STAGING.toString());
        assertThat(trail.snapshots().list(CONTRACT, "docs:models")).isEmpty();
    }

    @Test
    void aFileWrittenByTheFirstReleaseMigratesAndKeepsItsRows() throws Exception {
        trail.close();
        Path v1 = dir.resolve("v1/driftwatch.db");
        Files.createDirectories(v1.getParent());
        String url = "jdbc:sqlite:" + v1;
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("1").load().migrate();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO paid_calls (contract, environment, check_name, day, reserved_at)"
                    + " VALUES ('" + CONTRACT + "', 'staging', 'generation', '2026-05-01', '2026-05-01T09:30:00.123Z')");
            assertThat(tableExists(s, "snapshots")).isFalse();
        }

        trail = AuditTrail.openSqlite(v1);
        trail.saveSnapshot(MODELS_DOCS_STAGING, reading(MAY_1, SIZES_1024));

        assertThat(trail.lastSnapshot(MODELS_DOCS_STAGING).orElseThrow().text()).isEqualTo(SIZES_1024);
        // The paid call reserved before the upgrade still spends that day's budget of one.
        assertThat(trail.reservePaidCall(new CheckKey(CONTRACT, "staging", "generation"), 1, MAY_1)).isFalse();
        // flyway_schema_history.version is TEXT: compared as text, "10" would sort before "7".
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success = 1 ORDER BY installed_rank DESC LIMIT 1")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(SqliteFile.SCHEMA_VERSION);
        }
    }

    private static Snapshot reading(Instant at, String text) {
        return new Snapshot(at, sha256(text), text, null, null);
    }

    /** Closing the last connection checkpoints the WAL into the file, so its size is all that is stored. */
    private long sizeAfterClose() throws Exception {
        trail.close();
        long size = Files.size(file);
        trail = AuditTrail.openSqlite(file);
        return size;
    }

    private static boolean tableExists(Statement s, String table) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }

    /** Realistic prose, not a repeated line, so the compression asserted is what a real docs page gets. */
    private static String docsPage(int bytes) {
        String[] words = {"the", "model", "gpt-image-2", "returns", "an", "image", "size", "1024x1024", "request",
                "response", "field", "b64_json", "url", "quality", "deprecated", "parameter", "optional", "default",
                "must", "rate", "limit", "tokens", "per", "minute", "organization", "endpoint", "generations", "é"};
        Random random = new Random(42);
        StringBuilder text = new StringBuilder(bytes + 100);
        while (text.length() < bytes) {
            for (int i = 0; i < 12; i++) {
                text.append(words[random.nextInt(words.length)]).append(' ');
            }
            text.append(random.nextInt(100_000)).append(".\n");
        }
        return text.toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
