-- The journal: one row per record of every kind (verdicts, snapshots, paid calls, incident transitions, alert
-- deliveries, seals of each check's state, and what later versions add), in commit order, each linked to the one
-- before. hash = SHA-256, or HMAC-SHA-256 with DRIFTWATCH_AUDIT_KEY when keyed = 1, of
-- (previous hash || '\n' || SHA-256 of the record's canonical form); the canonical form (version 1) is defined in
-- dev.driftwatch.audit.CanonicalRecord and never changes. The application only ever appends rows; digest is
-- filled only when the row a record chained is compacted away, so the link can still be checked.
-- AUTOINCREMENT: a number once given is never given again, so deleting the newest records leaves a gap the next
-- record exposes.
CREATE TABLE journal (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    kind   TEXT    NOT NULL,
    ref    INTEGER,          -- the row of the kind's own table: verdicts.id, snapshots.id, paid_calls.id, incidents.id, outbox.id
    at     TEXT    NOT NULL, -- when it was recorded, UTC, fixed width
    body   TEXT,             -- the canonical JSON kept in the journal itself (events, seals); NULL for a plain row record
    digest TEXT,             -- see above
    keyed  INTEGER NOT NULL,
    hash   TEXT    NOT NULL
);
