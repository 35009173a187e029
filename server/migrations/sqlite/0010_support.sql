-- 纳入监测 records the household type (监测对象类型: unstable, edge, sudden); 绿色通道 marks
-- a case helped first (先帮扶后认定) while its remaining steps are still due.
ALTER TABLE reports ADD COLUMN household_type TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN fast_track_at BIGINT NOT NULL DEFAULT 0;

-- 帮扶计划: the measures of a monitored case, each with its kind, the unit responsible and
-- the day it is due; `note` is sealed like every staff note. Done when `done_on` is set.
CREATE TABLE case_measures (
    receipt   TEXT NOT NULL,
    position  BIGINT NOT NULL,
    kind      TEXT NOT NULL,
    unit      TEXT NOT NULL,
    due_on    TEXT NOT NULL,
    note      TEXT NOT NULL,
    added_by  TEXT NOT NULL,
    added_at  BIGINT NOT NULL,
    done_on   TEXT NOT NULL DEFAULT '',
    done_by   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (receipt, position)
);
