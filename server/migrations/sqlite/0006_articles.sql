-- Content staff write: plain-language interpretations of a document (Markdown, rendered and
-- sanitised when shown) and progress notes on a pilot village. Each names its source and
-- who last changed it; the audit trail holds why.
CREATE TABLE interpretations (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    title           TEXT NOT NULL,
    document_id     TEXT NOT NULL REFERENCES documents(id),
    source_section  TEXT NOT NULL,
    body_markdown   TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    edited_by       TEXT NOT NULL,
    edited_at       BIGINT NOT NULL
);
CREATE INDEX interpretations_by_document ON interpretations(document_id);

CREATE TABLE pilot_updates (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    pilot_id    TEXT NOT NULL REFERENCES pilots(id),
    on_date     TEXT NOT NULL,
    body        TEXT NOT NULL,
    source      TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    edited_by   TEXT NOT NULL,
    edited_at   BIGINT NOT NULL
);
CREATE INDEX pilot_updates_by_pilot ON pilot_updates(pilot_id, on_date);
