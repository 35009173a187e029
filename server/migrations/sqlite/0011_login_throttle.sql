-- Sign-in attempts, counted before the password is checked so that parallel guesses cannot
-- slip past the count: one row per (account, address) pair and per address. `attempts`
-- counts within the window that `updated_at` starts; `next_at` is the first second the next
-- attempt may be made (a growing delay per pair, a pause per address).
CREATE TABLE login_throttle (
    subject    TEXT PRIMARY KEY,
    attempts   BIGINT NOT NULL,
    next_at    BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
