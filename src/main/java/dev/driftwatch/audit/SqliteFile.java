package dev.driftwatch.audit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
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
    static final String SCHEMA_VERSION = "12";

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

    /**
     * Write-ahead log: a commit appends to the {@code -wal} file, so a process killed mid-write leaves the database as
     * of its last commit (the torn tail is ignored when it is next opened), and readers never wait for the writer.
     */
    static final String JOURNAL_MODE = "WAL";

    /**
     * Durability on: with FULL, every COMMIT returns only after the WAL is fsynced, so a verdict reported as recorded
     * survives a power cut or a host crash, not only a killed process. NORMAL, SQLite's usual choice with WAL, would
     * survive {@code kill -9} too but may lose the last commits on power loss; an audit trail must not.
     */
    static final String SYNCHRONOUS = "FULL";

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
            // SQLite has one writer; a second pooled connection would only wait for the first.
            HikariConfig cfg = config(file, "driftwatch-audit", 1, maxPages, busyWait);
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

    /**
     * Connections for reads alone, beside the one that writes: in WAL mode a read sees the last commit and waits for no
     * writer, so the status pages and the CLI's questions answer while a long write (a retention sweep, a batch of
     * verdicts) holds the writing connection. Opened after {@link #open}, which migrates.
     */
    static HikariDataSource openReaders(Path file, Duration busyWait) {
        HikariConfig cfg = config(file, "driftwatch-audit-read", READERS, 0, busyWait);
        cfg.setMinimumIdle(1);
        try {
            return new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw AuditException.cannotOpen(file, e);
        }
    }

    /** Connections that read at once: the status server's reader and a CLI or metrics read beside it. */
    static final int READERS = 2;

    private static HikariConfig config(Path file, String name, int size, int maxPages, Duration busyWait) {
        // sqlite-jdbc applies these pragmas on every new connection. WAL lets readers (the `audit` CLI)
        // run beside the daemon's writes; busy_timeout makes another process's writer wait, not fail.
        Properties pragmas = new Properties();
        pragmas.setProperty("journal_mode", JOURNAL_MODE);
        pragmas.setProperty("synchronous", SYNCHRONOUS);
        pragmas.setProperty("busy_timeout", String.valueOf(busyWait.toMillis()));
        if (maxPages > 0) {
            pragmas.setProperty("max_page_count", String.valueOf(maxPages));
        }
        HikariConfig cfg = new HikariConfig();
        cfg.setDataSource(new KeptStatements("jdbc:sqlite:" + file, pragmas));
        cfg.setPoolName(name);
        cfg.setMaximumPoolSize(size);
        return cfg;
    }
}
