package dev.driftwatch.audit;

import dev.driftwatch.check.AcceptedFindings;
import dev.driftwatch.check.CheckHistory;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.KnownChanges;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.KnownFact;
import dev.driftwatch.check.KnownState;
import dev.driftwatch.check.Snapshot;
import dev.driftwatch.check.Verdict;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The audit trail: stores with one job each (verdicts, snapshots, paid calls, what each check knows, incidents,
 * the outbox) on one database, and the journal that chains what every one of them records. Opens them, runs the
 * transaction that records a verdict with everything it causes, and answers the checks' questions
 * ({@link CheckHistory}).
 */
public final class AuditTrail implements CheckHistory, AutoCloseable {
    private final Transactions db;
    private final Clock clock;
    private final SqliteVerdictStore verdicts;
    private final SqliteSnapshotStore snapshots;
    private final SqlitePaidCallStore paidCalls;
    private final SqliteKnownStore known;
    private final SqliteOutboxStore outbox;
    private final SqliteIncidentStore incidents;
    private final SqliteJournal journal;
    private final GroupCommit groupCommit;
    private final SqliteAcceptanceStore acceptances;
    private final SqliteAuditQueries queries;
    private final SqliteRetention retention;
    private final ChainKey key;

    private AuditTrail(Transactions db, Clock clock, ChainKey key) {
        this.db = db;
        this.clock = clock;
        this.verdicts = new SqliteVerdictStore(db);
        this.snapshots = new SqliteSnapshotStore(db, clock);
        this.paidCalls = new SqlitePaidCallStore(db);
        this.known = new SqliteKnownStore(db);
        this.outbox = new SqliteOutboxStore(db, clock);
        this.incidents = new SqliteIncidentStore(db, verdicts, outbox);
        this.acceptances = new SqliteAcceptanceStore(db);
        this.queries = new SqliteAuditQueries(db);
        this.key = key;
        this.retention = new SqliteRetention(db, key);
        CheckSeal seal = CheckSeal.sqlite();
        this.journal = new SqliteJournal(db, key, seal, List.of(verdicts, snapshots, paidCalls, acceptances),
                List.of(SqliteIncidentStore.INCIDENTS, SqliteOutboxStore.ALERTS), retention);
        SqliteJournalWriter writer = new SqliteJournalWriter(key, seal, clock);
        db.beforeCommit(writer::chain);
        this.groupCommit = new GroupCommit(db);
    }

    private static Transactions transactions(Path file, int maxPages, Duration busyWait, ChainKey key, Clock clock) {
        com.zaxxer.hikari.HikariDataSource writer = SqliteFile.open(file, maxPages, busyWait, key, clock);
        try {
            return new Transactions(writer, SqliteFile.openReaders(file, busyWait), file.toString(), Locking.SQLITE);
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    /**
     * Opens the PostgreSQL database at {@code url} ({@code jdbc:postgresql://host:port/name}) as {@code user}, creating
     * the trail's tables if needed; the same records, chain and queries as the SQLite trail, shared by every replica.
     */
    public static AuditTrail openPostgres(String url, String user, String password, ChainKey key, Clock clock) {
        com.zaxxer.hikari.HikariDataSource pool = PostgresDatabase.open(url, user, password);
        return new AuditTrail(new Transactions(pool, pool, AuditLocation.shown(url), Locking.POSTGRES), clock, key);
    }

    /**
     * Copies this embedded trail, row for row with its ids, sequence numbers and hashes, into {@code shared}, which must be
     * empty: the copy verifies against the head this trail published. Answers the rows copied, by table.
     */
    public Map<String, Long> copyInto(AuditTrail shared) {
        return TrailCopy.copy(db, shared.db).rows();
    }

    /** Opens the SQLite file, creating it and its directory if needed, chaining with plain SHA-256; fails with an {@link AuditException}. */
    public static AuditTrail openSqlite(Path file) {
        return openSqlite(file, ChainKey.none());
    }

    /** Opens the SQLite file, chaining new records with {@code key}. */
    public static AuditTrail openSqlite(Path file, ChainKey key) {
        return openSqlite(file, key, Clock.systemUTC());
    }

    /** The same, with {@code clock} telling when each record is written: a history of months written in a moment. */
    public static AuditTrail openSqlite(Path file, ChainKey key, Clock clock) {
        return new AuditTrail(transactions(file, 0, SqliteFile.BUSY_WAIT, key, clock), clock, key);
    }

    /**
     * Opens the SQLite file capped at {@code maxPages} pages (of 4 KB): a write past them fails with SQLITE_FULL,
     * exactly as on a full disk. For the fault scenarios of the daemon; the file must exist and be migrated.
     */
    public static AuditTrail openSqliteCapped(Path file, int maxPages) {
        if (maxPages <= 0) {
            throw new IllegalArgumentException("maxPages must be positive, got " + maxPages);
        }
        return open(file, maxPages, SqliteFile.BUSY_WAIT, ChainKey.none());
    }

    /**
     * Opens the SQLite file with writes waiting at most {@code busyWait} for another process's lock instead of 5 s:
     * for the fault scenarios of the daemon, which hold the lock on purpose.
     */
    public static AuditTrail openSqliteWaiting(Path file, Duration busyWait) {
        return open(file, 0, busyWait, ChainKey.none());
    }

    private static AuditTrail open(Path file, int maxPages, Duration busyWait, ChainKey key) {
        Clock clock = Clock.systemUTC();
        return new AuditTrail(transactions(file, maxPages, busyWait, key, clock), clock, key);
    }

    public VerdictStore verdicts() {
        return verdicts;
    }

    public SnapshotStore snapshots() {
        return snapshots;
    }

    public PaidCallStore paidCalls() {
        return paidCalls;
    }

    public KnownStore known() {
        return known;
    }

    /** The incidents of every check, and the CHANGED findings already announced. */
    public IncidentStore incidents() {
        return incidents;
    }

    /** The alerts waiting for delivery, and those delivered. */
    public OutboxStore outbox() {
        return outbox;
    }

    /** Who accepted what a check saw, when and why. */
    public AcceptanceStore acceptances() {
        return acceptances;
    }

    /** The questions people ask of the whole trail: history, incidents, one record in full. */
    public AuditQueries queries() {
        return queries;
    }

    /** Old PASS verdicts folded into one row per check and day. */
    public Retention retention() {
        return retention;
    }

    /** Retention in transactions of at most {@code rows} verdicts: the scenarios fold a day in parts with a small one. */
    Retention retentionInTransactionsOf(int rows) {
        return new SqliteRetention(db, key, rows);
    }

    /** The chain over all of it: its head, and verification. */
    public Journal journal() {
        return journal;
    }

    /** Appends the verdict and writes what it learned to the check's known state. */
    public void record(Verdict v) {
        record(v, null);
    }

    /**
     * Appends the verdict, writes what it learned to the check's known state, and runs {@code then} on the check's
     * alerting state (the incident logic), all in one transaction that ends by chaining them: a process killed at
     * any point leaves either all of it or none. Verdicts recorded by several threads at once share a commit
     * ({@link GroupCommit}); each returns once its own is committed.
     *
     * @param then null for none
     */
    public <T> T record(Verdict v, Function<IncidentStore.Tx, T> then) {
        java.util.Objects.requireNonNull(v.startedAt(), "a recorded verdict needs its start time");
        return groupCommit.write("record the verdict of " + v.key(), tx -> {
            verdicts.append(tx, v, clock.instant());
            known.learn(tx, v);
            return then == null ? null : incidents.within(tx, v.key(), then);
        });
    }

    /**
     * Records that {@code by} accepted what {@code key} last saw (its latest PASS, CHANGED or BROKEN verdict), at
     * {@code at}, because {@code reason}: its breaks and release news become known state ({@link AcceptedFindings}),
     * and {@code then} runs on the check's alerting state (closing its incident), all in one transaction that ends
     * by chaining the acceptance with a seal of the state it changed.
     */
    public <T> T accept(CheckKey key, String by, String reason, Instant at, BiFunction<Acceptance, IncidentStore.Tx, T> then) {
        return db.write("record the acceptance of " + key, tx -> {
            Optional<Map.Entry<Long, Verdict>> seen = verdicts.lastObserved(tx, key);
            List<Finding> findings = seen.map(e -> AcceptedFindings.acceptable(e.getValue())).orElse(List.of());
            Acceptance draft = new Acceptance(0, 0, key, by, reason, at, seen.map(Map.Entry::getKey).orElse(null), findings);
            long id = acceptances.append(tx, draft);
            List<KnownChanges.Op> facts = new ArrayList<>();
            findings.forEach(f -> facts.add(new KnownChanges.Seen(AcceptedFindings.subject(f), f.actual())));
            known.adopt(tx, key, new KnownChanges(facts), at);
            Acceptance recorded = new Acceptance(id, 0, key, by, reason, at, draft.verdictId(), findings);
            return incidents.within(tx, key, itx -> then.apply(recorded, itx));
        });
    }

    /**
     * Records each verdict as {@link #record(Verdict)} does, recorded at {@code recordedAt} of it, all in one
     * transaction: months of a check's history for the scenarios in seconds, where a commit each would wait on the
     * disk thousands of times.
     */
    void recordAll(List<Verdict> all, Function<Verdict, Instant> recordedAt) {
        db.write("record " + all.size() + " verdicts", tx -> {
            for (Verdict v : all) {
                verdicts.append(tx, v, recordedAt.apply(v));
                known.learn(tx, v);
            }
            return null;
        });
    }

    @Override
    public KnownState knownState(CheckKey key) {
        return known.read(key);
    }

    @Override
    public Map<CheckKey, KnownFact> knownAcross(String contract, String subject) {
        return known.across(contract, subject);
    }

    @Override
    public boolean reservePaidCall(CheckKey key, int dailyBudget, Instant now) {
        return paidCalls.reserve(key, dailyBudget, now);
    }

    @Override
    public Optional<Verdict> lastVerdict(CheckKey key) {
        return verdicts.last(key);
    }

    @Override
    public Optional<Snapshot> lastSnapshot(CheckKey key) {
        return snapshots.last(key);
    }

    @Override
    public void saveSnapshot(CheckKey key, Snapshot snapshot) {
        snapshots.save(key, snapshot);
    }

    /** Pages in the file now (of {@code PRAGMA page_size} bytes each): what a cap is measured against. */
    public int pageCount() {
        return db.read("count the pages", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA page_count")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    @Override
    public void close() {
        groupCommit.close();
        db.close();
    }
}
