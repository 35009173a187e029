-- Administrative divisions keyed by their official statistical codes (统计用区划代码):
-- province 2 digits, prefecture 4, county 6, township 9, village 12. `name` is the plain
-- name shown (老里旗村), `full_name` the statistical one (老里旗村委会).
CREATE TABLE divisions (
    code       TEXT PRIMARY KEY NOT NULL,
    level      BIGINT NOT NULL,
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
    id           BIGINT PRIMARY KEY NOT NULL,
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
-- longer a catalogue entry: the reference to `pilots` goes.
ALTER TABLE reports DROP CONSTRAINT IF EXISTS reports_village_id_fkey;
