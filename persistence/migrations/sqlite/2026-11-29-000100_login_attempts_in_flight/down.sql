ALTER TABLE login_throttles DROP COLUMN pending_since;
ALTER TABLE login_throttles DROP COLUMN pending;
