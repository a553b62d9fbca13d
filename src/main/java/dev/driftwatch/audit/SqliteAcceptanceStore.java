package dev.driftwatch.audit;

import dev.driftwatch.check.AcceptedFindings;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Severity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The acceptances table of the SQLite trail (V8__acceptances_acknowledgements_and_query_indexes.sql). */
final class SqliteAcceptanceStore implements AcceptanceStore, ChainedRows {
    private static final String COLUMNS = "contract, environment, check_name, accepted_by, reason, accepted_at, verdict_id, findings";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Transactions db;

    SqliteAcceptanceStore(Transactions db) {
        this.db = db;
    }

    /** Appends {@code a} in {@code tx}, chained with a seal of its check's state (the known state it changed); answers its row id. */
    long append(Transaction tx, Acceptance a) {
        String findings = findingsJson(a.findings());
        String at = Rows.text(a.at());
        try (PreparedStatement ps = tx.connection().prepareStatement("INSERT INTO acceptances (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            Rows.bindKey(ps, a.key());
            ps.setString(4, a.by());
            ps.setString(5, a.reason());
            ps.setString(6, at);
            if (a.verdictId() == null) {
                ps.setNull(7, Types.INTEGER);
            } else {
                ps.setLong(7, a.verdictId());
            }
            ps.setString(8, findings);
            ps.executeUpdate();
            long id = Rows.generatedId(ps);
            tx.chainRow(RecordKind.ACCEPTANCE, id, a.at(), canonical(a.key().contract(), a.key().environment(), a.key().check(), a.by(),
                    a.reason(), at, a.verdictId(), findings), a.key());
            return id;
        } catch (SQLException e) {
            throw new AuditException("cannot record the acceptance of " + a.key() + ": " + e.getMessage(), e);
        }
    }

    /** The canonical text of an acceptance row (v1); the findings are chained as the exact text stored. */
    static String canonical(String contract, String environment, String check, String by, String reason, String at, Long verdictId,
            String findings) {
        return CanonicalJson.of(CanonicalJson.object("contract", contract, "environment", environment, "check", check, "acceptedBy", by,
                "reason", reason, "acceptedAt", at, "verdict", verdictId, "findings", findings));
    }

    private static String canonicalOf(ResultSet rs) throws SQLException {
        return canonical(rs.getString("contract"), rs.getString("environment"), rs.getString("check_name"), rs.getString("accepted_by"),
                rs.getString("reason"), rs.getString("accepted_at"), Rows.nullableLong(rs, "verdict_id"), rs.getString("findings"));
    }

    @Override
    public List<Acceptance> of(CheckKey key) {
        return read(key, -1);
    }

    @Override
    public Optional<Acceptance> latest(CheckKey key) {
        return read(key, 1).stream().findFirst();
    }

    private List<Acceptance> read(CheckKey key, int limit) {
        return db.read("read the acceptances of " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT a.id, " + COLUMNS + ", (SELECT j.seq FROM journal j WHERE j.ref = a.id"
                    + " AND " + SqliteAuditQueries.EVENT_KINDS + " AND j.kind = 'acceptance') AS seq FROM acceptances a WHERE " + Rows.BY_KEY
                    + " ORDER BY id DESC LIMIT ?")) {
                Rows.bindKey(ps, key);
                ps.setInt(4, limit);
                return acceptances(ps);
            }
        });
    }

    /** The acceptance rows {@code ps} selects (with their {@code seq}). */
    static List<Acceptance> acceptances(PreparedStatement ps) throws SQLException {
        List<Acceptance> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(acceptanceOf(rs));
            }
        }
        return out;
    }

    static Acceptance acceptanceOf(ResultSet rs) throws SQLException {
        Long seq = Rows.nullableLong(rs, "seq");
        return new Acceptance(rs.getLong("id"), seq == null ? 0 : seq, Rows.keyOf(rs), rs.getString("accepted_by"), rs.getString("reason"),
                Rows.instant(rs, "accepted_at"), Rows.nullableLong(rs, "verdict_id"), findingsOf(rs.getString("findings")));
    }

    /** Each finding with the known-state subject it was adopted as, so the row says what a later run consults. */
    private static String findingsJson(List<Finding> findings) {
        ArrayNode list = JSON.createArrayNode();
        for (Finding f : findings) {
            ObjectNode o = list.addObject();
            o.put("rule", f.rule()).put("pointer", f.pointer()).put("expected", f.expected()).put("actual", f.actual())
                    .put("subject", AcceptedFindings.subject(f));
        }
        return JSON.writeValueAsString(list);
    }

    private static List<Finding> findingsOf(String json) {
        List<Finding> out = new ArrayList<>();
        for (JsonNode o : JSON.readTree(json)) {
            out.add(new Finding(text(o, "rule"), Severity.WARNING, text(o, "pointer"), text(o, "expected"), text(o, "actual")));
        }
        return out;
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    @Override
    public RecordKind kind() {
        return RecordKind.ACCEPTANCE;
    }

    @Override
    public RowCursor rows(Connection c) throws SQLException {
        return RowCursor.of(c, "SELECT id, " + COLUMNS + " FROM acceptances ORDER BY id", SqliteAcceptanceStore::canonicalOf);
    }
}
