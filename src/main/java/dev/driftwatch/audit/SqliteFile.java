package dev.driftwatch.audit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Opens (creating if needed) the SQLite file behind the embedded audit trail and migrates its schema. */
final class SqliteFile {
    /** The newest migration in db/migration; a test keeps the two in step. */
    static final String SCHEMA_VERSION = "4";

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

    static HikariDataSource open(Path file) {
        return open(file, 0);
    }

    /** @param maxPages more than 0: SQLite's {@code max_page_count}, past which a write fails as on a full disk */
    static HikariDataSource open(Path file, int maxPages) {
        HikariDataSource pool = null;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            HikariConfig cfg = new HikariConfig();
            cfg.setJdbcUrl("jdbc:sqlite:" + file);
            cfg.setPoolName("driftwatch-audit");
            // SQLite has one writer; a second pooled connection would only wait for the first.
            cfg.setMaximumPoolSize(1);
            // sqlite-jdbc applies these pragmas on every new connection. WAL lets readers (the `audit` CLI)
            // run beside the daemon's writes; busy_timeout makes another process's writer wait, not fail.
            cfg.addDataSourceProperty("journal_mode", "WAL");
            cfg.addDataSourceProperty("busy_timeout", "5000");
            if (maxPages > 0) {
                cfg.addDataSourceProperty("max_page_count", String.valueOf(maxPages));
            }
            pool = new HikariDataSource(cfg);
            // Flyway scans the whole jar at every start; a one-shot verify should not pay that when nothing is pending.
            if (!isCurrent(pool)) {
                Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
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
