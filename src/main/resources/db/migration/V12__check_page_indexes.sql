-- The check page counts one check's verdicts per UTC day over 90 days. With started_at, outcome and duration_ms in
-- the index, that count reads the index alone (a few pages) instead of one table page per verdict: with thousands of
-- checks interleaved in the table, each verdict of one check sits on a page of its own. The index keeps its name and
-- its leading columns, so a query that ranges over one check's started_at (audit history) uses it as before;
-- IF EXISTS because the index may or may not have been made by an earlier migration.
DROP INDEX IF EXISTS verdicts_by_check_time;
CREATE INDEX verdicts_by_check_time ON verdicts (contract, environment, check_name, started_at, outcome, duration_ms);

-- The check page lists the versions of a docs page: the readings that carry a text (see V2). A page fetched every
-- few hours changes rarely, so walking snapshots_by_check would read thousands of rows to find a hundred versions.
CREATE INDEX snapshots_versions_by_check ON snapshots (contract, environment, check_name, id) WHERE text_gz IS NOT NULL;
