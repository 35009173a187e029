-- 防贫申报 self-reports. Personal data (name, ID number, phone, description) is stored only
-- sealed with an AEAD cipher (`sealed`, base64 of nonce and ciphertext); the ID number is
-- also kept as a keyed hash for duplicate detection and masked for the receipt page.
CREATE TABLE reports (
    receipt            TEXT PRIMARY KEY NOT NULL,
    idempotency_token  TEXT NOT NULL UNIQUE,
    village_id         TEXT NOT NULL REFERENCES pilots(id),
    household_size     BIGINT NOT NULL,
    risk_types         TEXT NOT NULL,
    reporter           TEXT NOT NULL,
    id_hash            TEXT NOT NULL,
    id_masked          TEXT NOT NULL,
    phone_tail_hash    TEXT NOT NULL,
    content_hash       TEXT NOT NULL,
    sealed             TEXT NOT NULL,
    stage              TEXT NOT NULL,
    submitted_at       BIGINT NOT NULL,
    submitted_on       TEXT NOT NULL
);
CREATE INDEX reports_by_id_hash ON reports(id_hash);
CREATE INDEX reports_by_content ON reports(content_hash, submitted_at);
CREATE INDEX reports_by_village ON reports(village_id, submitted_at);

-- Every change of stage, the first being the submission itself.
CREATE TABLE report_events (
    receipt     TEXT NOT NULL REFERENCES reports(receipt),
    position    BIGINT NOT NULL,
    stage       TEXT NOT NULL,
    at          BIGINT NOT NULL,
    on_day      TEXT NOT NULL,
    actor       TEXT NOT NULL,
    note        TEXT NOT NULL,
    PRIMARY KEY (receipt, position)
);
