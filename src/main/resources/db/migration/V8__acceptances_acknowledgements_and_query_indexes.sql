-- A person's decision to adopt what a check last saw as its known state (driftwatch accept): who, when, why, and
-- the findings it accepted. Written once, chained like a verdict (it seals the check's known state it changed),
-- never updated; kept forever.
CREATE TABLE acceptances (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    contract    TEXT    NOT NULL,
    environment TEXT    NOT NULL,
    check_name  TEXT    NOT NULL,
    accepted_by TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    accepted_at TEXT    NOT NULL,
    verdict_id  INTEGER,          -- the verdict whose observation was accepted (verdicts.id), NULL when it had none
    findings    TEXT    NOT NULL  -- JSON array: each accepted finding (rule, pointer, expected, actual) and its known-state subject
);

CREATE INDEX acceptances_by_check ON acceptances (contract, environment, check_name, id);

-- Acknowledging an open incident (driftwatch ack) stops its reminders; chained by incident-acknowledged records.
ALTER TABLE incidents ADD COLUMN acknowledged_at TEXT;
ALTER TABLE incidents ADD COLUMN acknowledged_by TEXT;
ALTER TABLE incidents ADD COLUMN acknowledged_note TEXT;

-- 'audit history' of one check over a period, newest first, without reading the check's older verdicts.
CREATE INDEX verdicts_by_check_time ON verdicts (contract, environment, check_name, started_at);

-- The journal record (its seq: the ID 'audit show' takes) of a verdict row, and the records of an acceptance, an incident's
-- transitions and an alert's deliveries. Partial, so the index costs a verdict only its ref, and the other
-- record kinds (snapshots, paid calls, seals) nothing. Queries repeat these WHERE terms exactly, or SQLite
-- cannot use them.
CREATE INDEX journal_verdict_refs ON journal (ref) WHERE kind = 'verdict';
CREATE INDEX journal_event_refs ON journal (ref, kind) WHERE kind >= 'acceptance' AND kind < 'incident.';
