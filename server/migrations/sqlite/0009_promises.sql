-- The working-day calendar: the State Council's public holidays (休) and make-up working
-- days (班), one row per listed day with the notice it comes from. A year is covered when it
-- has rows; importing a year's notice replaces that year's rows.
CREATE TABLE holidays (
    day          TEXT PRIMARY KEY NOT NULL,
    kind         TEXT NOT NULL,
    holiday      TEXT NOT NULL,
    source       TEXT NOT NULL,
    imported_at  BIGINT NOT NULL
);

-- A county's steps and time limits, with the name of its rule they come from. `steps` is a
-- JSON array of {"name", "days"}, one per stage the rule covers (village, township, county).
-- A county without a row is shown the common provincial practice.
CREATE TABLE county_rules (
    county      TEXT PRIMARY KEY NOT NULL,
    rule_name   TEXT NOT NULL,
    total_days  BIGINT NOT NULL,
    steps       TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);

-- 待告知: every stage change asks the village to tell the household (a call or a visit)
-- within one working day. A task is done when someone records who told them, when and how.
CREATE TABLE case_notices (
    receipt    TEXT NOT NULL,
    position   BIGINT NOT NULL,
    stage      TEXT NOT NULL,
    opened_at  BIGINT NOT NULL,
    due_on     TEXT NOT NULL,
    told_at    BIGINT NOT NULL DEFAULT 0,
    told_by    TEXT NOT NULL DEFAULT '',
    told_how   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (receipt, position)
);
CREATE INDEX case_notices_open ON case_notices(told_at, receipt);
