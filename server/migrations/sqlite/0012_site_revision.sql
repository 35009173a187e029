-- The revision of everything the public pages show: every change to a content table
-- (seed import, staff edits, divisions, holidays, county rules) counts it up in the same
-- transaction, so a rendered-page cache on any instance knows its copies are old.
CREATE TABLE site_revision (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision BIGINT NOT NULL
);
INSERT INTO site_revision (id, revision) VALUES (1, 1);

CREATE TRIGGER documents_insert_revision AFTER INSERT ON documents
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER documents_update_revision AFTER UPDATE ON documents
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER documents_delete_revision AFTER DELETE ON documents
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER document_sections_insert_revision AFTER INSERT ON document_sections
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER document_sections_update_revision AFTER UPDATE ON document_sections
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER document_sections_delete_revision AFTER DELETE ON document_sections
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER pilots_insert_revision AFTER INSERT ON pilots
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER pilots_update_revision AFTER UPDATE ON pilots
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER pilots_delete_revision AFTER DELETE ON pilots
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER counties_insert_revision AFTER INSERT ON counties
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER counties_update_revision AFTER UPDATE ON counties
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER counties_delete_revision AFTER DELETE ON counties
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER industries_insert_revision AFTER INSERT ON industries
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER industries_update_revision AFTER UPDATE ON industries
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER industries_delete_revision AFTER DELETE ON industries
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER indicators_insert_revision AFTER INSERT ON indicators
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER indicators_update_revision AFTER UPDATE ON indicators
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER indicators_delete_revision AFTER DELETE ON indicators
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER industry_indicators_insert_revision AFTER INSERT ON industry_indicators
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER industry_indicators_update_revision AFTER UPDATE ON industry_indicators
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER industry_indicators_delete_revision AFTER DELETE ON industry_indicators
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER qa_entries_insert_revision AFTER INSERT ON qa_entries
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER qa_entries_update_revision AFTER UPDATE ON qa_entries
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER qa_entries_delete_revision AFTER DELETE ON qa_entries
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER classifications_insert_revision AFTER INSERT ON classifications
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER classifications_update_revision AFTER UPDATE ON classifications
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER classifications_delete_revision AFTER DELETE ON classifications
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER hardship_sections_insert_revision AFTER INSERT ON hardship_sections
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER hardship_sections_update_revision AFTER UPDATE ON hardship_sections
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER hardship_sections_delete_revision AFTER DELETE ON hardship_sections
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER interpretations_insert_revision AFTER INSERT ON interpretations
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER interpretations_update_revision AFTER UPDATE ON interpretations
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER interpretations_delete_revision AFTER DELETE ON interpretations
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER pilot_updates_insert_revision AFTER INSERT ON pilot_updates
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER pilot_updates_update_revision AFTER UPDATE ON pilot_updates
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER pilot_updates_delete_revision AFTER DELETE ON pilot_updates
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER divisions_insert_revision AFTER INSERT ON divisions
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER divisions_update_revision AFTER UPDATE ON divisions
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER divisions_delete_revision AFTER DELETE ON divisions
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER division_sources_insert_revision AFTER INSERT ON division_sources
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER division_sources_update_revision AFTER UPDATE ON division_sources
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER division_sources_delete_revision AFTER DELETE ON division_sources
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER holidays_insert_revision AFTER INSERT ON holidays
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER holidays_update_revision AFTER UPDATE ON holidays
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER holidays_delete_revision AFTER DELETE ON holidays
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER county_rules_insert_revision AFTER INSERT ON county_rules
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER county_rules_update_revision AFTER UPDATE ON county_rules
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER county_rules_delete_revision AFTER DELETE ON county_rules
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;
