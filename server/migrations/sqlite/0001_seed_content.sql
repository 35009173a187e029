-- Published content imported from the seed documents. Every record keeps the document it
-- comes from (document_id) and the section inside it (source_section).

CREATE TABLE documents (
    id                TEXT PRIMARY KEY NOT NULL,
    title             TEXT NOT NULL,
    original_title    TEXT,
    title_is_editorial INTEGER NOT NULL DEFAULT 0,
    doc_type          TEXT NOT NULL,
    issuing_body      TEXT,
    document_number   TEXT,
    date_text         TEXT,
    date_sort         TEXT,
    region            TEXT NOT NULL,
    period            TEXT,
    summary           TEXT NOT NULL,
    source_file       TEXT NOT NULL UNIQUE,
    details_json      TEXT NOT NULL
);

CREATE TABLE document_sections (
    id                   TEXT PRIMARY KEY NOT NULL,
    document_id          TEXT NOT NULL REFERENCES documents(id),
    position             INTEGER NOT NULL,
    level                INTEGER NOT NULL,
    heading              TEXT NOT NULL,
    heading_is_editorial INTEGER NOT NULL DEFAULT 0,
    path                 TEXT NOT NULL,
    label                TEXT NOT NULL,
    line_start           INTEGER NOT NULL,
    line_end             INTEGER NOT NULL,
    body                 TEXT NOT NULL,
    UNIQUE (document_id, position)
);

CREATE TABLE pilots (
    id              TEXT PRIMARY KEY NOT NULL,
    level           TEXT NOT NULL,
    entity_type     TEXT NOT NULL,
    prefecture      TEXT NOT NULL,
    county          TEXT NOT NULL,
    town            TEXT NOT NULL,
    village         TEXT NOT NULL,
    group_or_area   TEXT NOT NULL,
    name_in_source  TEXT NOT NULL,
    notes           TEXT NOT NULL,
    document_id     TEXT NOT NULL REFERENCES documents(id),
    source_section  TEXT NOT NULL
);
CREATE INDEX pilots_by_level ON pilots(level);
CREATE INDEX pilots_by_county ON pilots(county);

CREATE TABLE counties (
    name               TEXT PRIMARY KEY NOT NULL,
    county_type        TEXT NOT NULL,
    class              TEXT NOT NULL,
    key_assistance     TEXT NOT NULL,
    former_poverty     TEXT NOT NULL,
    listed_in_box12    TEXT NOT NULL,
    notes              TEXT NOT NULL,
    quote              TEXT NOT NULL,
    document_id        TEXT NOT NULL REFERENCES documents(id),
    source_section     TEXT NOT NULL
);

CREATE TABLE industries (
    slug            TEXT PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL UNIQUE,
    position        INTEGER NOT NULL,
    listed_quote    TEXT NOT NULL,
    document_id     TEXT NOT NULL REFERENCES documents(id),
    source_section  TEXT NOT NULL,
    details_json    TEXT NOT NULL
);

CREATE TABLE indicators (
    id               TEXT PRIMARY KEY NOT NULL,
    indicator        TEXT NOT NULL,
    region           TEXT NOT NULL,
    value            REAL NOT NULL,
    value_text       TEXT NOT NULL,
    unit             TEXT NOT NULL,
    qualifier        TEXT NOT NULL,
    year             TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('baseline', 'target', 'actual', 'standard')),
    quote            TEXT NOT NULL,
    quote_match      TEXT NOT NULL,
    document_id      TEXT NOT NULL REFERENCES documents(id),
    source_section   TEXT NOT NULL,
    category         TEXT NOT NULL,
    related_industry TEXT NOT NULL,
    notes            TEXT NOT NULL
);

CREATE TABLE industry_indicators (
    industry_slug  TEXT NOT NULL REFERENCES industries(slug),
    indicator_id   TEXT NOT NULL REFERENCES indicators(id),
    relation       TEXT NOT NULL CHECK (relation IN ('direct', 'shared', 'aggregate')),
    relation_note  TEXT NOT NULL,
    PRIMARY KEY (industry_slug, indicator_id)
);

CREATE TABLE qa_entries (
    id                     TEXT PRIMARY KEY NOT NULL,
    question               TEXT NOT NULL,
    answer                 TEXT NOT NULL,
    quote                  TEXT NOT NULL,
    quote_match            TEXT NOT NULL,
    document_id            TEXT NOT NULL REFERENCES documents(id),
    source_section         TEXT NOT NULL,
    region                 TEXT NOT NULL,
    keywords_json          TEXT NOT NULL,
    additional_quotes_json TEXT NOT NULL
);

-- Region and village classifications (水城区, 黔西南州, 璧山区 …) kept whole, with their
-- sources inside, until the regions page gives them a shape of their own.
CREATE TABLE classifications (
    id            TEXT PRIMARY KEY NOT NULL,
    region        TEXT NOT NULL,
    document_id   TEXT REFERENCES documents(id),
    details_json  TEXT NOT NULL
);

-- Hardship categories, risk causes and rules of the monitoring mechanism, kept whole.
CREATE TABLE hardship_sections (
    id            TEXT PRIMARY KEY NOT NULL,
    position      INTEGER NOT NULL,
    details_json  TEXT NOT NULL
);

CREATE TABLE portal_meta (
    key    TEXT PRIMARY KEY NOT NULL,
    value  TEXT NOT NULL
);
