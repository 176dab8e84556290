-- Identity, organisations and access control.
-- Ids are UUID v7 text. Paths are materialised (`/root-id/child-id/`) and compared byte by byte:
-- COLLATE "C", because a linguistic collation ignores '/' and breaks prefix ranges.

CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    parent_id TEXT REFERENCES organizations (id),
    path TEXT COLLATE "C" NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    code TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX organizations_parent_id_idx ON organizations (parent_id);

CREATE TABLE members (
    id TEXT PRIMARY KEY,
    card_number TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    -- full_name folded to lower-case ASCII ("nguyen thi lan"), for diacritic-blind search.
    search_name TEXT NOT NULL,
    gender TEXT,
    date_of_birth DATE,
    phone TEXT UNIQUE,
    citizen_id TEXT UNIQUE,
    joined_on DATE,
    official_on DATE,
    party_status TEXT NOT NULL,
    activity_status TEXT NOT NULL,
    org_id TEXT NOT NULL REFERENCES organizations (id),
    -- Copies of the cells' paths, rebased when an organisation moves, so that "members under
    -- X" is one range scan.
    org_path TEXT COLLATE "C" NOT NULL,
    attached_org_id TEXT REFERENCES organizations (id),
    attached_org_path TEXT COLLATE "C",
    password_hash TEXT,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    -- Raised to end every session of the member at once (access tokens carry it).
    session_epoch INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX members_org_path_idx ON members (org_path);
CREATE INDEX members_attached_org_path_idx ON members (attached_org_path);

CREATE TABLE memberships (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES members (id),
    org_id TEXT NOT NULL REFERENCES organizations (id),
    kind TEXT NOT NULL,
    from_date DATE NOT NULL,
    until_date DATE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX memberships_member_id_idx ON memberships (member_id);
CREATE INDEX memberships_org_id_idx ON memberships (org_id);

CREATE TABLE positions (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES members (id),
    org_id TEXT REFERENCES organizations (id),
    role TEXT NOT NULL,
    from_date DATE NOT NULL,
    until_date DATE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX positions_member_id_idx ON positions (member_id);
CREATE INDEX positions_org_id_idx ON positions (org_id);

CREATE TABLE refresh_tokens (
    id TEXT PRIMARY KEY,
    family_id TEXT NOT NULL,
    member_id TEXT NOT NULL REFERENCES members (id),
    token_hash TEXT NOT NULL UNIQUE,
    -- The member's session epoch at login: a refresh racing "end all sessions" cannot outlive it.
    session_epoch INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    spent_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX refresh_tokens_family_id_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_member_id_idx ON refresh_tokens (member_id);

CREATE TABLE login_throttles (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    window_started_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP
);

CREATE TABLE audit_events (
    id TEXT PRIMARY KEY,
    occurred_at TIMESTAMP NOT NULL,
    actor_id TEXT,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    -- No foreign key: the trail outlives what it describes (a deleted organisation).
    org_id TEXT,
    details TEXT NOT NULL,
    request_id TEXT
);
CREATE INDEX audit_events_org_id_idx ON audit_events (org_id, id);
