package dev.driftwatch.audit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Opens (creating if needed) the SQLite file behind the embedded audit trail and migrates its schema. */
final class SqliteFile {
    /** The newest migration in db/migration; a test keeps the two in step. */
    static final String SCHEMA_VERSION = "10";

    private SqliteFile() {
    }

    private static boolean isCurrent(DataSource pool) {
        try (Connection c = pool.getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM flyway_schema_history WHERE success = 1 ORDER BY installed_rank DESC LIMIT 1")) {
            return rs.next() && SCHEMA_VERSION.equals(rs.getString(1));
        } catch (SQLException e) {
            return false; // a new file: no history table yet
        }
    }

    /**
     * The trail holds provider answers, alert texts and Slack routes: a new file is the owner's only (0600), in a
     * directory only the owner enters (0700) when driftwatch makes it. Created empty before SQLite opens it, because
     * SQLite would create it 0644; its WAL and shared-memory files then take the file's mode. An existing file or
     * directory keeps the mode someone gave it. Where the file system has no POSIX permissions, SQLite creates it.
     */
    private static void createOwnerOnly(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        try {
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!Files.exists(file)) {
                createIfAbsent(file);
            }
        } catch (UnsupportedOperationException e) {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        }
    }

    private static void createIfAbsent(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            // Another process created it between the look and the create: its mode stands, as for any existing file.
        }
    }

    /** How long a write waits for another process's write lock before it fails (SQLite's busy_timeout). */
    static final Duration BUSY_WAIT = Duration.ofSeconds(5);


    /**
     * @param maxPages more than 0: SQLite's {@code max_page_count}, past which a write fails as on a full disk
     * @param busyWait how long a write waits for another writer's lock
     * @param key how migration 6 chains the records of a trail kept before the journal
     */
    static HikariDataSource open(Path file, int maxPages, Duration busyWait, ChainKey key, Clock clock) {
        HikariDataSource pool = null;
        try {
            createOwnerOnly(file);
            HikariConfig cfg = new HikariConfig();
            cfg.setJdbcUrl("jdbc:sqlite:" + file);
            cfg.setPoolName("driftwatch-audit");
            // SQLite has one writer; a second pooled connection would only wait for the first.
            cfg.setMaximumPoolSize(1);
            // sqlite-jdbc applies these pragmas on every new connection. WAL lets readers (the `audit` CLI)
            // run beside the daemon's writes; busy_timeout makes another process's writer wait, not fail.
            cfg.addDataSourceProperty("journal_mode", "WAL");
            cfg.addDataSourceProperty("busy_timeout", String.valueOf(busyWait.toMillis()));
            if (maxPages > 0) {
                cfg.addDataSourceProperty("max_page_count", String.valueOf(maxPages));
            }
            pool = new HikariDataSource(cfg);
            // Flyway scans the whole jar at every start; a one-shot verify should not pay that when nothing is pending.
            if (!isCurrent(pool)) {
                Flyway.configure().dataSource(pool).locations("classpath:db/migration")
                        .javaMigrations(new JournalAdoption(key, clock)).load().migrate();
            }
            return pool;
        } catch (IOException | RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            throw AuditException.cannotOpen(file, e);
        }
    }
}
