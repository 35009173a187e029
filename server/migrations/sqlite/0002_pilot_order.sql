-- The catalogue orders pilots by level and by the pinyin of their name in the database, so
-- paging stays correct with thousands of villages. Both columns are filled by the import.
ALTER TABLE pilots ADD COLUMN sort_name TEXT NOT NULL DEFAULT '';
ALTER TABLE pilots ADD COLUMN level_rank INTEGER NOT NULL DEFAULT 9;
CREATE INDEX pilots_by_rank_and_name ON pilots(level_rank, sort_name);
CREATE INDEX pilots_by_name ON pilots(sort_name);
CREATE INDEX pilots_by_prefecture ON pilots(prefecture);
CREATE INDEX pilots_by_kind ON pilots(entity_type);
