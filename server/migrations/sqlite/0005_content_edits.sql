-- Who last changed a figure or a Q&A entry through the staff workspace or an import; empty
-- for the seed's own. A seed re-import leaves edited rows (and their industry links) alone.
ALTER TABLE indicators ADD COLUMN edited_by TEXT NOT NULL DEFAULT '';
ALTER TABLE indicators ADD COLUMN edited_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE qa_entries ADD COLUMN edited_by TEXT NOT NULL DEFAULT '';
ALTER TABLE qa_entries ADD COLUMN edited_at BIGINT NOT NULL DEFAULT 0;
