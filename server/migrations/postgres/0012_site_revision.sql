-- The revision of everything the public pages show: every change to a content table
-- (seed import, staff edits, divisions, holidays, county rules) counts it up in the same
-- transaction, so a rendered-page cache on any instance knows its copies are old.
CREATE TABLE site_revision (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision BIGINT NOT NULL
);
INSERT INTO site_revision (id, revision) VALUES (1, 1);

CREATE FUNCTION count_site_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE site_revision SET revision = revision + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER documents_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON documents
    FOR EACH STATEMENT EXECUTE FUNCTION count_site_revision();

CREATE TRIGGER document_sections_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON document_sections
    FOR EACH STATEMENT EXECUTE FUNCTION count_site_revision();

CREATE TRIGGER pilots_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON pilots
    FOR EACH STATEMENT EXECUTE FUNCTION count_site_revision();

CREATE TRIGGER counties_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON counties
    FOR EACH STATEMENT EXECUTE FUNCTION count_site_revision();

CREATE TRIGGER industries_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON industries
    FOR EACH STATEMENT EXECUTE FUNCTION count_site_revision();

CREATE TRIGGER indicators_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON indicators
    FOR EACH STATEMENT EXECUTE FUNCTION count_site_revision();

CREATE TRIGGER industry_indicators_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON industry_indicators
    FOR EACH STATEMENT EXECUTE FUNCTION count_site_revision();

CREATE TRIGGER qa_entries_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON qa_entries
    FOR EACH STATEMENT EXECUTE FUNCTION count_site_revision();

CREATE TRIGGER classifications_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON classifications
    FOR EACH STATEMENT EXECUTE FUNCTION count_site_revision();

CREATE TRIGGER hardship_sections_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hardship_sections
    FOR EACH STATEMENT EXECUTE FUNCTION count_site_revision();

CREATE TRIGGER interpretations_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON interpretations
    FOR EACH STATEMENT EXECUTE FUNCTION count_site_revision();

CREATE TRIGGER pilot_updates_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON pilot_updates
    FOR EACH STATEMENT EXECUTE FUNCTION count_site_revision();

CREATE TRIGGER divisions_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON divisions
    FOR EACH STATEMENT EXECUTE FUNCTION count_site_revision();

CREATE TRIGGER division_sources_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON division_sources
    FOR EACH STATEMENT EXECUTE FUNCTION count_site_revision();

CREATE TRIGGER holidays_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON holidays
    FOR EACH STATEMENT EXECUTE FUNCTION count_site_revision();

CREATE TRIGGER county_rules_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON county_rules
    FOR EACH STATEMENT EXECUTE FUNCTION count_site_revision();
