-- Each curated answer's topic (医疗, 教育 … as the editors classed it), for the /qa list.
ALTER TABLE qa_entries ADD COLUMN topic TEXT NOT NULL DEFAULT '';

-- Interpretations shipped with the seed (编者解读) carry the seed's key, so a second import
-- updates the one copy, and only while no staff member has edited it since.
ALTER TABLE interpretations ADD COLUMN seed_key TEXT;
CREATE UNIQUE INDEX interpretations_by_seed_key ON interpretations(seed_key);
