-- Alerting state. Unlike verdicts these rows are updated: they are the live state of each check's
-- incidents and the delivery state of each alert, changed only inside BEGIN IMMEDIATE transactions,
-- so two processes sharing the file serialize and neither acts on a state the other just changed.

-- One row per check: the streaks the incident state machine counts, and when it last held.
CREATE TABLE alert_checks (
    contract         TEXT    NOT NULL,
    environment      TEXT    NOT NULL,
    check_name       TEXT    NOT NULL,
    broken_streak    INTEGER NOT NULL DEFAULT 0, -- consecutive BROKEN (UNVERIFIED and SKIPPED do not reset it)
    trouble_streak   INTEGER NOT NULL DEFAULT 0, -- consecutive BROKEN or UNVERIFIED
    hold_streak      INTEGER NOT NULL DEFAULT 0, -- consecutive PASS or CHANGED
    trouble_since    TEXT,                       -- first verdict of the current trouble streak
    first_verdict_at TEXT,
    last_ok_at       TEXT,                       -- last PASS or CHANGED
    updated_at       TEXT    NOT NULL,
    PRIMARY KEY (contract, environment, check_name)
);

-- An incident: from the alert that opened it to its resolution. slot FAILING is opened by BROKEN or
-- UNVERIFIED streaks, slot STALE by a check that has not held for longer than maxUnverified.
CREATE TABLE incidents (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    contract         TEXT NOT NULL,
    environment      TEXT NOT NULL,
    check_name       TEXT NOT NULL,
    slot             TEXT NOT NULL,   -- FAILING | STALE
    trigger          TEXT NOT NULL,   -- BROKEN | UNVERIFIED | STALE
    first_seen_at    TEXT NOT NULL,
    opened_at        TEXT NOT NULL,
    last_reminded_at TEXT,
    resolved_at      TEXT,
    slack_channel    TEXT,            -- where the opening message went (bot token only) ...
    slack_ts         TEXT             -- ... and its ts: reminders and the resolution go in its thread
);

-- At most one open incident per check and slot, whatever any process does.
CREATE UNIQUE INDEX incidents_open ON incidents (contract, environment, check_name, slot) WHERE resolved_at IS NULL;
CREATE INDEX incidents_by_check ON incidents (contract, environment, check_name, id);

-- CHANGED findings already announced: fingerprint = sha256(rule, pointer, value).
CREATE TABLE announced_changes (
    contract     TEXT NOT NULL,
    environment  TEXT NOT NULL,
    check_name   TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    rule         TEXT NOT NULL,
    announced_at TEXT NOT NULL,
    PRIMARY KEY (contract, environment, check_name, fingerprint)
);

-- Every alert, written in the transaction that changed the incident, then delivered by a worker.
-- route names the destination (webhook:VAR, bot:VAR:#channel, log), never a URL or a token.
-- A row is claimed with a lease (claimed_by, claimed_until) in one UPDATE before it is sent.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id     INTEGER REFERENCES incidents (id),
    kind            TEXT    NOT NULL, -- OPENED | REMINDER | RESOLVED | CHANGED | STALE
    contract        TEXT    NOT NULL,
    environment     TEXT    NOT NULL,
    check_name      TEXT    NOT NULL,
    route           TEXT    NOT NULL,
    payload         TEXT    NOT NULL, -- Block Kit JSON: {"text": ..., "blocks": [...]}
    plain_text      TEXT    NOT NULL, -- the fallback sent when Slack refuses the blocks
    use_plain       INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    claimed_by      TEXT,
    claimed_until   TEXT,
    delivered_at    TEXT,
    slack_ok        INTEGER,
    slack_ts        TEXT,
    slack_answer    TEXT,             -- Slack's answer: ok, an error code, HTTP status; or "log"
    last_error      TEXT
);

-- The worker's question: the oldest undelivered rows, per check in id order.
CREATE INDEX outbox_pending ON outbox (contract, environment, check_name, id) WHERE delivered_at IS NULL;
CREATE INDEX outbox_by_incident ON outbox (incident_id);
