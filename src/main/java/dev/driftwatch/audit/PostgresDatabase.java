package dev.driftwatch.audit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Opens the PostgreSQL database behind a scaled audit trail: a HikariCP pool, the schema migrated by Flyway from
 * {@code db/postgresql}. The stores write one SQL for both databases; the few forms only SQLite reads are turned into
 * PostgreSQL's here, in one place ({@link #translate}).
 */
final class PostgresDatabase {
    /** Connections per replica: the writers take turns on the journal's lock, reads run beside them. */
    static final int POOL_SIZE = 4;
    /** SQLite's index hints: PostgreSQL has none, its planner chooses. */
    private static final Pattern INDEX_HINT = Pattern.compile(" INDEXED BY [A-Za-z0-9_]+");
    /**
     * SQLite's forms and PostgreSQL's: the findings of a verdict that name a rule (json_each against jsonb), and the
     * journal's high-water mark (sqlite_sequence against the journal_high_water row its trigger keeps), the outbox's
     * next due time (SQLite's scalar max of several values against GREATEST).
     */
    private static final List<String[]> FORMS = List.<String[]>of(
            new String[] {"json_each(findings) f WHERE json_extract(f.value, '$.rule') = ?", "jsonb_array_elements(findings::jsonb) f WHERE f.value->>'rule' = ?"},
            new String[] {"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'journal'), 0), coalesce((SELECT max(seq) FROM journal), 0))",
                    "SELECT GREATEST((SELECT seq FROM journal_high_water), coalesce((SELECT max(seq) FROM journal), 0))"},
            new String[] {"SELECT min(max(o.next_attempt_at,", "SELECT min(GREATEST(o.next_attempt_at,"});

    private PostgresDatabase() {
    }

    static HikariDataSource open(String url, String user, String password) {
        HikariDataSource pool = null;
        try {
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(url);
            if (user != null) {
                pg.setUser(user);
            }
            if (password != null) {
                pg.setPassword(password);
            }
            HikariConfig cfg = new HikariConfig();
            cfg.setPoolName("driftwatch-audit-postgres");
            cfg.setMaximumPoolSize(POOL_SIZE);
            cfg.setDataSource(translating(pg));
            pool = new HikariDataSource(cfg);
            Flyway.configure().dataSource(pool).locations("classpath:db/postgresql").load().migrate();
            return pool;
        } catch (RuntimeException | SQLException e) {
            if (pool != null) {
                pool.close();
            }
            throw new AuditException("cannot open the audit trail at " + AuditLocation.shown(url) + ": " + AuditException.reason(e)
                    + " — check the database URL and that the server is up and takes this user", e);
        }
    }

    /** {@code sql} as PostgreSQL reads it. */
    static String translate(String sql) {
        String out = INDEX_HINT.matcher(sql).replaceAll("");
        for (String[] form : FORMS) {
            out = out.replace(form[0], form[1]);
        }
        return out;
    }

    private static PGSimpleDataSource translating(PGSimpleDataSource pg) throws SQLException {
        return new PGSimpleDataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                return wrap(pg.getConnection());
            }

            @Override
            public Connection getConnection(String user, String password) throws SQLException {
                return wrap(pg.getConnection(user, password));
            }
        };
    }

    /** A connection whose statements are translated as they are prepared or run. */
    private static Connection wrap(Connection c) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Translating(c));
    }

    private record Translating(Object target) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            if (args != null && args.length > 0 && args[0] instanceof String sql
                    && (m.getName().startsWith("prepare") || m.getName().startsWith("execute") || m.getName().equals("addBatch"))) {
                args[0] = translate(sql);
            }
            Object result;
            try {
                result = m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof Statement s && m.getName().equals("createStatement")) {
                return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {Statement.class}, new Translating(s));
            }
            return result;
        }
    }
}
