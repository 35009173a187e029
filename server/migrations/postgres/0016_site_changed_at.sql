-- When the public content last changed (seconds since 1970 UTC): the open data's
-- Last-Modified and dateModified. Stamped whenever the revision is counted up; before this
-- migration the time is unknown, so it starts at the migration's own time (never earlier
-- than the real change).
ALTER TABLE site_revision ADD COLUMN changed_at BIGINT NOT NULL DEFAULT 0;
UPDATE site_revision SET changed_at = EXTRACT(EPOCH FROM now())::BIGINT WHERE id = 1;

CREATE OR REPLACE FUNCTION count_site_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE site_revision
       SET revision = revision + 1, changed_at = EXTRACT(EPOCH FROM clock_timestamp())::BIGINT
     WHERE id = 1;
    RETURN NULL;
END;
$$;
