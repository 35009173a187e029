-- Staff accounts, their sessions (in the database, so that several server instances share
-- them), failed sign-ins for throttling, and the audit trail of everything staff do.
CREATE TABLE staff_accounts (
    username       TEXT PRIMARY KEY NOT NULL,
    role           TEXT NOT NULL,
    area           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    password_at    BIGINT NOT NULL
);

-- Only a SHA-256 of the session token is kept; the token itself is in the cookie.
CREATE TABLE staff_sessions (
    token_hash  TEXT PRIMARY KEY NOT NULL,
    username    TEXT NOT NULL REFERENCES staff_accounts(username),
    csrf        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    last_seen   BIGINT NOT NULL
);
CREATE INDEX staff_sessions_by_user ON staff_sessions(username);

-- One row per failed sign-in; subject is 'user:<name>' or 'addr:<address>'.
CREATE TABLE login_failures (
    subject  TEXT NOT NULL,
    at       BIGINT NOT NULL
);
CREATE INDEX login_failures_by_subject ON login_failures(subject, at);

-- Who did what, when: stage changes, reveals of personal data, exports, sign-ins.
CREATE TABLE audit_events (
    id          BIGSERIAL PRIMARY KEY,
    at          BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    receipt     TEXT NOT NULL,
    from_stage  TEXT NOT NULL,
    to_stage    TEXT NOT NULL,
    note        TEXT NOT NULL
);
CREATE INDEX audit_events_by_receipt ON audit_events(receipt, at);
