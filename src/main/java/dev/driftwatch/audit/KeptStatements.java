package dev.driftwatch.audit;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * SQLite connections that keep their prepared statements. SQLite compiles a statement's SQL on every prepare, and that
 * was a third of the audit writer's CPU: every check appends its verdict, chains it and steps its incident in a dozen
 * short statements, each prepared anew. This sits under the pool: when the pool closes a statement (at the end of a
 * try-with-resources, or when it takes the connection back), the statement comes back here reset, its parameters
 * cleared, and the next prepare of the same SQL on that connection takes it again.
 *
 * <p>Only a use known to have ended is kept: a statement that threw, whose result was never asked for, or that was
 * given a setting (a fetch size, a time-out) is really closed. A statement kept is reset — its result sets closed — so
 * it holds no read snapshot open in the WAL.
 */
final class KeptStatements implements DataSource {
    /** Distinct SQL texts kept per connection, the least recently used closed past it (the trail runs about 150). */
    static final int PER_CONNECTION = 256;

    /** Copies of one SQL text kept: a second one serves a query run while the first one's rows are still read. */
    private static final int COPIES = 2;

    /** What a kept statement may be asked without losing track of its state: parameters, runs, results. */
    private static final Set<String> TRACKED = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch", "addBatch", "clearBatch", "clearParameters", "getResultSet",
            "getUpdateCount", "getLargeUpdateCount", "getConnection", "getWarnings", "clearWarnings", "isClosed",
            "close", "unwrap", "isWrapperFor", "getMetaData", "getParameterMetaData", "getGeneratedKeys");

    private final String url;
    private final Properties properties;
    private volatile int loginTimeoutSeconds;

    /**
     * @param url the {@code jdbc:sqlite:} URL
     * @param properties what sqlite-jdbc applies on each new connection (its pragmas)
     */
    KeptStatements(String url, Properties properties) {
        this.url = url;
        this.properties = properties;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection real = DriverManager.getConnection(url, properties);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Keeping(real));
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection(); // a file has no users
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    /**
     * Kept for the pool: it sets its connection timeout here, and waits this long at close for a connection it is still
     * opening (0 would make every close during such an open log a warning).
     */
    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }

    private static Object call(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** One connection and the statements it keeps, by SQL text, least recently used first. */
    private static final class Keeping implements InvocationHandler {
        private final Connection real;
        private final LinkedHashMap<String, ArrayDeque<PreparedStatement>> kept = new LinkedHashMap<>(64, 0.75f, true);

        Keeping(Connection real) {
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            if (m.getName().equals("prepareStatement") && args != null
                    && (args.length == 1 || args.length == 2 && args[1] instanceof Integer)) {
                // The SQL, and whether generated keys were asked for: the same text prepared either way is kept apart.
                String key = args.length == 1 ? (String) args[0] : args[0] + "\0" + args[1];
                PreparedStatement statement = take(key);
                if (statement == null) {
                    statement = (PreparedStatement) call(real, m, args);
                }
                return Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(), new Class<?>[] {PreparedStatement.class},
                        new Lent(this, key, statement));
            }
            if (m.getName().equals("close") && (args == null || args.length == 0)) {
                closeKept();
            }
            return call(real, m, args);
        }

        private synchronized PreparedStatement take(String sql) {
            ArrayDeque<PreparedStatement> copies = kept.get(sql);
            if (copies == null || copies.isEmpty()) {
                return null;
            }
            return copies.poll();
        }

        /** Keeps a statement whose use ended cleanly; closes what does not fit. */
        void giveBack(String sql, PreparedStatement statement) {
            List<PreparedStatement> closing = new ArrayList<>(1);
            synchronized (this) {
                ArrayDeque<PreparedStatement> copies = kept.computeIfAbsent(sql, s -> new ArrayDeque<>(COPIES));
                if (copies.size() >= COPIES) {
                    closing.add(statement);
                } else {
                    copies.add(statement);
                }
                Iterator<Map.Entry<String, ArrayDeque<PreparedStatement>>> eldest = kept.entrySet().iterator();
                while (kept.size() > PER_CONNECTION && eldest.hasNext()) {
                    closing.addAll(eldest.next().getValue());
                    eldest.remove();
                }
            }
            closeQuietly(closing);
        }

        private void closeKept() {
            List<PreparedStatement> closing = new ArrayList<>();
            synchronized (this) {
                kept.values().forEach(closing::addAll);
                kept.clear();
            }
            closeQuietly(closing);
        }

        private static void closeQuietly(List<PreparedStatement> statements) {
            for (PreparedStatement s : statements) {
                try {
                    s.close();
                } catch (SQLException e) {
                    // closing a statement we no longer keep: nothing waits on it
                }
            }
        }
    }

    /** A kept statement lent to one user until it closes it. */
    private static final class Lent implements InvocationHandler {
        private final Keeping owner;
        private final String sql;
        private final PreparedStatement real;
        private final List<ResultSet> results = new ArrayList<>(1);
        private boolean closed;
        private boolean reusable = true;
        private boolean resultPending;

        Lent(Keeping owner, String sql, PreparedStatement real) {
            this.owner = owner;
            this.sql = sql;
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            String name = m.getName();
            if (name.equals("close")) {
                giveBack();
                return null;
            }
            if (name.equals("isClosed")) {
                return closed;
            }
            if (closed) {
                throw new SQLException("statement is closed");
            }
            boolean tracked = TRACKED.contains(name) || name.startsWith("set") && args != null && args.length >= 2
                    && args[0] instanceof Integer;
            if (!tracked || args != null && args.length > 0 && args[0] instanceof String) {
                reusable = false; // a setting that would outlive this use, or SQL other than the statement's own
            }
            Object result;
            try {
                result = call(real, m, args);
            } catch (Throwable e) {
                reusable = false;
                throw e;
            }
            if (result instanceof ResultSet rs) {
                results.add(rs);
                resultPending = false;
            } else if (name.equals("execute")) {
                resultPending = Boolean.TRUE.equals(result);
            }
            return result;
        }

        private void giveBack() throws SQLException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                for (ResultSet rs : results) {
                    rs.close(); // resets the statement: no read snapshot stays open
                }
                if (reusable && !resultPending) {
                    real.clearParameters();
                    owner.giveBack(sql, real);
                    return;
                }
            } catch (SQLException | RuntimeException e) {
                // fall through: a statement in doubt is not kept
            }
            real.close();
        }
    }
}
