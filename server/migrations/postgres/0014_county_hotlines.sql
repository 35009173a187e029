-- Each county's own hotline, set by administrators with where it comes from; a county
-- without one shows the portal's hotline (PORTAL_HOTLINE, 12317 by default).
CREATE TABLE county_hotlines (
    county      TEXT PRIMARY KEY NOT NULL,
    number      TEXT NOT NULL,
    source      TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TRIGGER county_hotlines_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON county_hotlines
    FOR EACH STATEMENT EXECUTE FUNCTION count_site_revision();
