-- An administrator can stop an account without deleting it (its audit trail keeps naming
-- it): 0 while active, the time it was stopped otherwise. A stopped account cannot sign in
-- and its sessions end.
ALTER TABLE staff_accounts ADD COLUMN disabled_at BIGINT NOT NULL DEFAULT 0;
