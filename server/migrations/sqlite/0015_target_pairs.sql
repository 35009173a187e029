-- Which baseline or actual figure measures the same thing as a target: pairs the documents
-- make themselves and the editors' judgements, shipped with the seed; staff confirm or undo
-- them (an undone pair is not shown), and a later import leaves their decision alone.
CREATE TABLE target_pairs (
    target_id  TEXT NOT NULL,
    base_id    TEXT NOT NULL,
    judged     TEXT NOT NULL CHECK (judged IN ('document', 'editor')),
    note       TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('proposed', 'confirmed', 'undone')),
    decided_by TEXT NOT NULL,
    decided_at BIGINT NOT NULL,
    PRIMARY KEY (target_id, base_id)
);

CREATE TRIGGER target_pairs_insert_revision AFTER INSERT ON target_pairs
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER target_pairs_update_revision AFTER UPDATE ON target_pairs
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER target_pairs_delete_revision AFTER DELETE ON target_pairs
BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END;
