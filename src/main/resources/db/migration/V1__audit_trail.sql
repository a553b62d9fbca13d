-- The embedded audit trail. Verdict rows are append-only: the application never updates or deletes
-- them, and the hash chain (hash = sha256(prev_hash || '\n' || canonical verdict JSON)) shows if
-- anyone else did. Timestamps are UTC ISO-8601 text with a fixed millisecond width, so they sort.
CREATE TABLE verdicts (
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
    recorded_at TEXT    NOT NULL,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL
);

CREATE INDEX verdicts_by_check ON verdicts (contract, environment, check_name, id);

-- "When did we last verify X" reads only the passes.
CREATE INDEX verdicts_last_pass ON verdicts (contract, environment, check_name, started_at) WHERE outcome = 'PASS';

-- One row per paid call taken from a contract's daily budget, written before the call is made,
-- so a restart or a second environment cannot spend the same budget twice.
CREATE TABLE paid_calls (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    contract    TEXT NOT NULL,
    environment TEXT NOT NULL,
    check_name  TEXT NOT NULL,
    day         TEXT NOT NULL,
    reserved_at TEXT NOT NULL
);

CREATE INDEX paid_calls_by_contract_day ON paid_calls (contract, day);
