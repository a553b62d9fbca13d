-- What each check already knows, so findings are judged against it rather than against the previous run:
-- undeclared fields seen, members of the model family, standing disagreements, dated notices. Like the
-- alerting state these rows change (always inside a verdict's write transaction); verdicts stay append-only.
-- gone_at is set when a run that held no longer saw a member: it stays known, so a return is a restoration.
CREATE TABLE known_facts (
    contract      TEXT NOT NULL,
    environment   TEXT NOT NULL,
    check_name    TEXT NOT NULL,
    subject       TEXT NOT NULL,
    value         TEXT,
    first_seen_at TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    gone_at       TEXT,
    PRIMARY KEY (contract, environment, check_name, subject)
);

-- One kind reads what another published for the same contract (the docs reconcile with the live API).
CREATE INDEX known_facts_by_subject ON known_facts (contract, subject);

-- When each check's first verdict that held was recorded: before it, what a check sees is its baseline, not news.
CREATE TABLE known_baselines (
    contract     TEXT NOT NULL,
    environment  TEXT NOT NULL,
    check_name   TEXT NOT NULL,
    baselined_at TEXT NOT NULL,
    PRIMARY KEY (contract, environment, check_name)
);

-- "Last verified" is the last verdict that held: PASS or CHANGED.
CREATE INDEX verdicts_last_held ON verdicts (contract, environment, check_name, started_at) WHERE outcome IN ('PASS', 'CHANGED');

-- Alerts of one release share a Slack message: rows with the same group_key whose windows meet are sent
-- together, and none before hold_until (its creation plus alerts.groupWait). NULL: sent on its own, at once.
ALTER TABLE outbox ADD COLUMN group_key TEXT;
ALTER TABLE outbox ADD COLUMN hold_until TEXT;
