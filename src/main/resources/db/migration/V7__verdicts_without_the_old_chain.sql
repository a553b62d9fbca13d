-- The journal (V5, V6) chains every verdict now; the per-row chain columns of V1 go. The table is rebuilt because
-- SQLite cannot drop a NOT NULL column in place; ids are kept, so the journal's references still hold.
CREATE TABLE verdicts_v7 (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    contract    TEXT    NOT NULL,
    environment TEXT    NOT NULL,
    check_name  TEXT    NOT NULL,
    outcome     TEXT    NOT NULL,
    summary     TEXT,
    findings    TEXT    NOT NULL,
    evidence    TEXT    NOT NULL,
    started_at  TEXT    NOT NULL,
    duration_ms INTEGER NOT NULL,
    recorded_at TEXT    NOT NULL
);

INSERT INTO verdicts_v7 (id, contract, environment, check_name, outcome, summary, findings, evidence, started_at, duration_ms, recorded_at)
SELECT id, contract, environment, check_name, outcome, summary, findings, evidence, started_at, duration_ms, recorded_at FROM verdicts ORDER BY id;

DROP TABLE verdicts;
ALTER TABLE verdicts_v7 RENAME TO verdicts;

CREATE INDEX verdicts_by_check ON verdicts (contract, environment, check_name, id);
-- "Last verified" is the last verdict that held: PASS or CHANGED.
CREATE INDEX verdicts_last_held ON verdicts (contract, environment, check_name, started_at) WHERE outcome IN ('PASS', 'CHANGED');
