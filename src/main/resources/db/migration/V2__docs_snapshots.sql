-- Every reading of a docs page, append-only like verdicts: the application never updates or deletes
-- a row. fetched_at has the same fixed-width UTC text form as verdicts.started_at, so it sorts.
-- hash is the SHA-256 hex of the normalized text, size its length in UTF-8 bytes, text_gz its gzip.
--
-- Storage economy: a page is fetched many times a day and rarely changes. When a reading's hash equals
-- the previous reading's hash for the same check, the row is still appended (the date of every fetch is
-- evidence) but text_gz is NULL; readers take the text from the newest earlier row with that hash and a
-- text_gz. Retention must therefore never drop a text-bearing row that a kept NULL row resolves to.
CREATE TABLE snapshots (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    contract      TEXT    NOT NULL,
    environment   TEXT    NOT NULL,
    check_name    TEXT    NOT NULL,
    fetched_at    TEXT    NOT NULL,
    hash          TEXT    NOT NULL,
    text_gz       BLOB,
    size          INTEGER NOT NULL,
    etag          TEXT,
    last_modified TEXT
);

CREATE INDEX snapshots_by_check ON snapshots (contract, environment, check_name, id);

-- Finds the row holding the text of a NULL text_gz row; it covers only the few rows that carry text.
CREATE INDEX snapshots_text_by_hash ON snapshots (hash, id) WHERE text_gz IS NOT NULL;
