-- Each county's own hotline, set by administrators with where it comes from; a county
-- without one shows the portal's hotline (PORTAL_HOTLINE, 12317 by default).
CREATE TABLE county_hotlines (
    county      TEXT PRIMARY KEY NOT NULL,
    number      TEXT NOT NULL,
    source      TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TRIGGER county_hotlines_insert_revision AFTER INSERT ON county_hotlines
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER county_hotlines_update_revision AFTER UPDATE ON county_hotlines
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER county_hotlines_delete_revision AFTER DELETE ON county_hotlines
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;
