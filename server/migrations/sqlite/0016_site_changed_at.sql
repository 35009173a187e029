-- When the public content last changed (seconds since 1970 UTC): the open data's
-- Last-Modified and dateModified. Stamped whenever the revision is counted up; before this
-- migration the time is unknown, so it starts at the migration's own time (never earlier
-- than the real change).
ALTER TABLE site_revision ADD COLUMN changed_at BIGINT NOT NULL DEFAULT 0;
UPDATE site_revision SET changed_at = CAST(strftime('%s', 'now') AS INTEGER) WHERE id = 1;

CREATE TRIGGER site_revision_changed_at AFTER UPDATE OF revision ON site_revision
BEGIN UPDATE site_revision SET changed_at = CAST(strftime('%s', 'now') AS INTEGER) WHERE id = 1; END;
