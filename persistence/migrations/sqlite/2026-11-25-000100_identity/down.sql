DROP TABLE audit_events;
DROP TABLE login_throttles;
DROP TABLE refresh_tokens;
DROP TABLE positions;
DROP TABLE memberships;
DROP TABLE members;
DROP TABLE organizations;
