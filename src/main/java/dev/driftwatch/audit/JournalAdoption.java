package dev.driftwatch.audit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 6: a trail kept before the journal is taken over, in the migration's transaction. The first record says
 * what was there and whether the old verdict chain held (checked with the code that wrote it); then every verdict,
 * snapshot and paid call is chained as it stands, every incident and alert as it stands, and every check's state
 * sealed. From then on the journal covers everything; the old chain columns go in migration 7.
 */
final class JournalAdoption implements JavaMigration {
    /** Records chained per batch: the pending canonical texts of 10 million verdicts would not fit in memory at once. */
    private static final int BATCH = 5_000;
    private final SqliteJournalWriter writer;
    private final Clock clock;

    JournalAdoption(ChainKey key, Clock clock) {
        this.writer = new SqliteJournalWriter(key, CheckSeal.sqlite(), clock);
        this.clock = clock;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("6");
    }

    @Override
    public String getDescription() {
        return "journal the records kept before it";
    }

    @Override
    public Integer getChecksum() {
        return 6;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        if (count(c, "journal") > 0) {
            return;
        }
        Transaction tx = new Transaction(c);
        Instant now = clock.instant();
        LegacyVerdictChain.Result legacy = LegacyVerdictChain.verify(c);
        tx.chainEvent(RecordKind.ADOPTION, null, now, CanonicalJson.object(
                "legacyVerdictChain", CanonicalJson.object("verdicts", legacy.rows(), "intact", legacy.intact(),
                        "firstBrokenRow", legacy.firstBrokenId(), "head", legacy.head()),
                "snapshots", count(c, "snapshots"), "paidCalls", count(c, "paid_calls"), "incidents", count(c, "incidents"),
                "alerts", count(c, "outbox")));
        writer.chain(tx);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, " + SqliteVerdictStore.COLUMNS
                + ", recorded_at FROM verdicts ORDER BY id")) {
            while (rs.next()) {
                tx.chainRow(RecordKind.VERDICT, rs.getLong("id"), Rows.instant(rs, "recorded_at"), SqliteVerdictStore.canonicalOf(rs), null);
                flushEvery(tx);
            }
        }
        adoptRows(tx, new SqliteSnapshotStore(null, clock));
        adoptRows(tx, new SqlitePaidCallStore(null));
        adoptTable(tx, SqliteIncidentStore.INCIDENTS, RecordKind.INCIDENT_ADOPTED, now);
        adoptTable(tx, SqliteOutboxStore.ALERTS, RecordKind.ALERT_ADOPTED, now);
        for (SealedState part : CheckSeal.sqlite().parts()) {
            part.keysWithState(c).forEach(tx::stateChanged);
        }
        writer.chain(tx);
    }

    private void adoptRows(Transaction tx, ChainedRows store) throws SQLException {
        try (RowCursor rows = store.rows(tx.connection())) {
            while (rows.next()) {
                tx.chainRow(store.kind(), rows.id(), clock.instant(), rows.canonical(), null);
                flushEvery(tx);
            }
        }
    }

    private void adoptTable(Transaction tx, ReplayedTable table, RecordKind kind, Instant now) throws SQLException {
        for (Map.Entry<Long, Map<String, Object>> row : table.current(tx.connection()).entrySet()) {
            tx.chainEvent(kind, row.getKey(), now, row.getValue());
            flushEvery(tx);
        }
    }

    private void flushEvery(Transaction tx) throws SQLException {
        if (tx.records().size() >= BATCH) {
            writer.chain(tx);
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
