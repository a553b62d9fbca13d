package dev.driftwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.testing.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL audit trail's migrations give the same tables, columns and indexes as the SQLite trail's, on a real
 * PostgreSQL server: a migration added to one folder and not the other fails here. (Quartz's tables, for the clustered
 * schedule, are PostgreSQL's alone: the embedded daemon schedules in memory.)
 */
class PostgresSchemaParityTest {
    @TempDir
    Path dir;

    @Test
    void everyTableColumnAndIndexOfTheSqliteTrailIsInThePostgresOne() throws Exception {
        Path file = dir.resolve("driftwatch.db");
        AuditTrail.openSqlite(file).close();
        Map<String, TreeSet<String>> sqlite = new TreeMap<>();
        TreeSet<String> sqliteIndexes = new TreeSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT name, type FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE 'flyway%'")) {
                while (rs.next()) {
                    if (rs.getString(2).equals("table")) {
                        sqlite.put(rs.getString(1), new TreeSet<>());
                    } else if (rs.getString(2).equals("index")) {
                        sqliteIndexes.add(rs.getString(1));
                    }
                }
            }
            for (String table : sqlite.keySet()) {
                try (ResultSet rs = s.executeQuery("SELECT name FROM pragma_table_info('" + table + "')")) {
                    while (rs.next()) {
                        sqlite.get(table).add(rs.getString(1));
                    }
                }
            }
        }
        String database = PostgresServer.newDatabase();
        Flyway.configure().dataSource(PostgresServer.dataSource(database))
                .locations("classpath:db/postgresql").load().migrate();
        Map<String, TreeSet<String>> postgres = new TreeMap<>();
        TreeSet<String> postgresIndexes = new TreeSet<>();
        try (Connection c = PostgresServer.dataSource(database).getConnection();
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT table_name, column_name FROM information_schema.columns"
                    + " WHERE table_schema = 'public' AND table_name NOT LIKE 'flyway%' AND table_name NOT LIKE 'qrtz%'")) {
                while (rs.next()) {
                    postgres.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey'"
                    + " AND tablename NOT LIKE 'flyway%' AND tablename NOT LIKE 'qrtz%'")) {
                while (rs.next()) {
                    postgresIndexes.add(rs.getString(1));
                }
            }
        }
        // PostgreSQL's own bookkeeping of what SQLite keeps in sqlite_sequence.
        assertThat(postgres.remove("journal_high_water")).containsExactly("one", "seq");
        assertThat(postgres).isEqualTo(sqlite);
        assertThat(postgresIndexes).containsAll(sqliteIndexes.stream().filter(i -> !i.startsWith("sqlite_autoindex")).toList());
    }
}
