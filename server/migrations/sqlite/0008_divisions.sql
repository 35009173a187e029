-- Administrative divisions keyed by their official statistical codes (统计用区划代码):
-- province 2 digits, prefecture 4, county 6, township 9, village 12. `name` is the plain
-- name shown (老里旗村), `full_name` the statistical one (老里旗村委会).
CREATE TABLE divisions (
    code       TEXT PRIMARY KEY NOT NULL,
    level      INTEGER NOT NULL,
    parent     TEXT NOT NULL,
    name       TEXT NOT NULL,
    full_name  TEXT NOT NULL,
    -- How many villages lie under it (1 for a village): the picker's counts.
    villages   BIGINT NOT NULL
);
CREATE INDEX divisions_by_parent ON divisions(parent, code);
CREATE INDEX divisions_by_name ON divisions(level, name);

-- Where the codes come from, shown wherever a code is shown: one row per import.
CREATE TABLE division_sources (
    id           INTEGER PRIMARY KEY NOT NULL,
    source       TEXT NOT NULL,
    cut_off      TEXT NOT NULL,
    published    TEXT NOT NULL,
    imported_at  BIGINT NOT NULL
);

-- Each catalogue entry's village code, matched by county + township + village at import;
-- empty with the reason in `code_note` when the entry is a township, a 特色小镇 or cannot be
-- matched.
ALTER TABLE pilots ADD COLUMN village_code TEXT NOT NULL DEFAULT '';
ALTER TABLE pilots ADD COLUMN code_note TEXT NOT NULL DEFAULT '';

-- A report names its village by code from now on, any village of the loaded divisions, no
-- longer a catalogue entry: the reference to `pilots` goes. SQLite cannot drop a constraint,
-- so the table is rebuilt. Its stage changes (`report_events`, which reference it) are set
-- aside first and put back after, so that no foreign key is ever left dangling inside the
-- migration's transaction.
CREATE TABLE reports_by_code (
    receipt            TEXT PRIMARY KEY NOT NULL,
    idempotency_token  TEXT NOT NULL UNIQUE,
    village_id         TEXT NOT NULL,
    household_size     INTEGER NOT NULL,
    risk_types         TEXT NOT NULL,
    reporter           TEXT NOT NULL,
    id_hash            TEXT NOT NULL,
    id_masked          TEXT NOT NULL,
    phone_tail_hash    TEXT NOT NULL,
    content_hash       TEXT NOT NULL,
    sealed             TEXT NOT NULL,
    stage              TEXT NOT NULL,
    submitted_at       INTEGER NOT NULL,
    submitted_on       TEXT NOT NULL
);
INSERT INTO reports_by_code SELECT receipt, idempotency_token, village_id, household_size,
    risk_types, reporter, id_hash, id_masked, phone_tail_hash, content_hash, sealed, stage,
    submitted_at, submitted_on FROM reports;
CREATE TEMP TABLE report_events_kept AS SELECT * FROM report_events;
DELETE FROM report_events;
DROP TABLE reports;
ALTER TABLE reports_by_code RENAME TO reports;
INSERT INTO report_events SELECT * FROM report_events_kept;
DROP TABLE report_events_kept;
CREATE INDEX reports_by_id_hash ON reports(id_hash);
CREATE INDEX reports_by_content ON reports(content_hash, submitted_at);
CREATE INDEX reports_by_village ON reports(village_id, submitted_at);
