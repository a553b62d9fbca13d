-- Retention (checks.yaml retention.rawDays): the PASS verdicts of a UTC day that ended more than rawDays ago are
-- folded into one row per check and day, so "last verified", each day's coverage and a latency chart survive.
-- Rows are written only by compaction, never updated: each is named in full (with the journal records whose
-- verdict rows it folded) by the compaction record that wrote it, and verification compares the table with those
-- records. A day with more PASS verdicts than one compaction transaction folds (thousands) has one row per part.
CREATE TABLE verdict_days (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    contract        TEXT    NOT NULL,
    environment     TEXT    NOT NULL,
    check_name      TEXT    NOT NULL,
    day             TEXT    NOT NULL, -- UTC, yyyy-MM-dd
    passes          INTEGER NOT NULL, -- PASS verdicts folded
    first_at        TEXT    NOT NULL, -- started_at of the first and the last of them, as verdicts.started_at
    last_at         TEXT    NOT NULL,
    duration_min_ms INTEGER NOT NULL,
    duration_max_ms INTEGER NOT NULL,
    duration_sum_ms INTEGER NOT NULL
);

CREATE INDEX verdict_days_by_check ON verdict_days (contract, environment, check_name, day);

-- Compaction finds the record of each verdict it folds (to keep that record's digest) through journal_verdict_refs
-- (migration 8); verification reads every compaction record before it walks the journal.
CREATE INDEX journal_compactions ON journal (seq) WHERE kind = 'compaction';
