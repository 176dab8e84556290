-- Logins of one account whose password is being checked right now. A lock counts failures
-- only, so parallel correct logins all pass; attempts in flight still count against the limit
-- while they wait, so parallel guesses stop at it. `pending_since` lets a count left behind by
-- a crashed node expire.
ALTER TABLE login_throttles ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE login_throttles ADD COLUMN pending_since TIMESTAMP;
