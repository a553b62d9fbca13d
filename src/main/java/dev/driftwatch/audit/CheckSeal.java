package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seal of a check's state that is updated in place (what it knows, its alerting counters, the changes already
 * announced): the SHA-256 of its canonical form. Every transaction that changes it chains a fresh seal, so the
 * newest seal in the journal must match the state as it is; an edit behind driftwatch's back does not.
 */
final class CheckSeal {
    private final List<SealedState> parts;

    CheckSeal(List<SealedState> parts) {
        this.parts = List.copyOf(parts);
    }

    /** The seal over the SQLite trail's known state and alerting state, in that order (the order is part of the seal). */
    static CheckSeal sqlite() {
        return new CheckSeal(List.of(SqliteKnownStore.SEALED, SqliteIncidentStore.SEALED));
    }

    String of(Connection c, CheckKey key) throws SQLException {
        Map<String, Object> state = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            state.put(String.valueOf(i), parts.get(i).stateOf(c, key));
        }
        return ChainKey.sha256(CanonicalJson.of(state));
    }

    List<SealedState> parts() {
        return parts;
    }
}
