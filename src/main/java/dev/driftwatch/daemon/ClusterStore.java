package dev.driftwatch.daemon;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz's clustered JDBC job store on the audit trail's PostgreSQL database: every replica runs a scheduler of the same
 * name on the same tables (created by the project's migrations), with an instance id of its own; each trigger fires on
 * one of them, and the jobs of a replica that stops checking in are recovered by another within the check-in interval
 * ({@link ClusteredJobStore}).
 */
public final class ClusterStore implements AutoCloseable {
    /** The scheduler's name on every replica: Quartz's clustering is by name, on the shared tables. */
    static final String INSTANCE_NAME = "driftwatch";
    private static final AtomicInteger PROVIDERS = new AtomicInteger();
    private final HikariDataSource pool;
    private final String instanceId;
    private final Duration checkinInterval;
    private final String provider;

    private ClusterStore(HikariDataSource pool, String instanceId, Duration checkinInterval) {
        this.pool = pool;
        this.instanceId = instanceId;
        this.checkinInterval = checkinInterval;
        this.provider = "driftwatch-" + PROVIDERS.incrementAndGet();
        DBConnectionManager.getInstance().addConnectionProvider(provider, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return pool.getConnection();
            }

            @Override
            public void shutdown() {
                // the pool is closed with the store
            }

            @Override
            public void initialize() {
                // built already
            }
        });
    }

    /**
     * A pool of its own on {@code url} (Quartz's SQL is PostgreSQL's; it takes a connection per firing thread and a few
     * for its own housekeeping).
     */
    public static ClusterStore open(String url, String user, String password, int threads, String instanceId, Duration checkinInterval) {
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("driftwatch-scheduler");
        cfg.setJdbcUrl(url);
        if (user != null) {
            cfg.setUsername(user);
        }
        if (password != null) {
            cfg.setPassword(password);
        }
        cfg.setMaximumPoolSize(threads + 3);
        return new ClusterStore(new HikariDataSource(cfg), instanceId, checkinInterval);
    }

    String instanceId() {
        return instanceId;
    }

    /** The variable that sets the take-over interval, in milliseconds. */
    public static final String CHECKIN_VARIABLE = "DRIFTWATCH_CLUSTER_CHECKIN_MS";
    private static final Duration DEFAULT_CHECKIN = Duration.ofMillis(7_500);
    private static final Duration LEAST_CHECKIN = Duration.ofMillis(1_000);

    /**
     * The take-over interval: {@value #CHECKIN_VARIABLE}, else 7.5 s (Quartz's default check-in interval). Fails with a
     * one-line message when it is not a whole number of milliseconds of at least a second.
     */
    public static Duration checkinFromEnv(java.util.Map<String, String> env) {
        String value = env.get(CHECKIN_VARIABLE);
        if (value == null || value.isBlank()) {
            return DEFAULT_CHECKIN;
        }
        try {
            Duration d = Duration.ofMillis(Long.parseLong(value.strip()));
            if (d.compareTo(LEAST_CHECKIN) >= 0) {
                return d;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(CHECKIN_VARIABLE + "='" + value + "' is not a check-in interval — give milliseconds, at least "
                + LEAST_CHECKIN.toMillis() + ", e.g. 7500 (the default)");
    }

    /**
     * How often Quartz checks this replica in: a quarter of the take-over interval, so that missing
     * {@link ClusteredJobStore#MISSED_CHECKINS} in a row and being noticed at the next check-in of another fits in it.
     */
    static long quartzCheckin(Duration takeOver) {
        return Math.max(100, takeOver.toMillis() / (ClusteredJobStore.MISSED_CHECKINS + 1));
    }

    /**
     * The replicas checked in within the check-in interval, by instance id, from Quartz's own table: who shares the work
     * now (a replica silent longer is dead, or about to be found so). Empty when the database does not answer.
     */
    List<String> members() {
        List<String> out = new ArrayList<>();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT instance_name FROM qrtz_scheduler_state WHERE sched_name = ? AND last_checkin_time >= ? ORDER BY instance_name")) {
            ps.setString(1, INSTANCE_NAME);
            ps.setLong(2, System.currentTimeMillis() - checkinInterval.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            return List.of();
        }
        return out;
    }

    /** What makes a Quartz scheduler one member of the cluster. */
    Properties properties() {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", INSTANCE_NAME);
        p.setProperty("org.quartz.scheduler.instanceId", instanceId);
        p.setProperty("org.quartz.jobStore.class", ClusteredJobStore.class.getName());
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", provider);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(quartzCheckin(checkinInterval)));
        // Job data as strings (check key and schedule), not serialized Java objects: replicas of another build read them.
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        return p;
    }

    @Override
    public void close() {
        pool.close();
    }
}
