-- Sessions (meetings and study sessions), whom they invite, their materials, members' answers,
-- the roll with every change to it, and the receipts that make a check-in safe to resend.

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    -- The organisation whose managers run the session.
    host_org_id TEXT NOT NULL REFERENCES organizations (id),
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    location TEXT,
    mode TEXT NOT NULL,
    online_url TEXT,
    chair_id TEXT REFERENCES members (id),
    minute_taker_id TEXT REFERENCES members (id),
    makeup_of TEXT REFERENCES sessions (id),
    state TEXT NOT NULL,
    late_after_minutes INTEGER NOT NULL,
    -- The key of the rotating check-in codes (base64url): never sent to a client.
    check_in_secret TEXT NOT NULL,
    created_by TEXT REFERENCES members (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    -- Where the session sits in lists: its start, then its id (`2025-09-09T00:30:00.000000|…`),
    -- so that any cursor text is a place in the order.
    list_key TEXT NOT NULL
);
CREATE INDEX sessions_list_key_idx ON sessions (list_key);
CREATE INDEX sessions_starts_at_idx ON sessions (starts_at);
CREATE INDEX sessions_host_org_id_idx ON sessions (host_org_id);
CREATE INDEX sessions_makeup_of_idx ON sessions (makeup_of);

CREATE TABLE session_orgs (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    org_id TEXT NOT NULL REFERENCES organizations (id),
    PRIMARY KEY (session_id, org_id)
);
CREATE INDEX session_orgs_org_id_idx ON session_orgs (org_id);

CREATE TABLE session_documents (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    document_id TEXT NOT NULL REFERENCES documents (id),
    PRIMARY KEY (session_id, document_id)
);
CREATE INDEX session_documents_document_id_idx ON session_documents (document_id);

CREATE TABLE session_rsvps (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    member_id TEXT NOT NULL REFERENCES members (id),
    response TEXT NOT NULL,
    reason TEXT,
    answered_at TIMESTAMP NOT NULL,
    PRIMARY KEY (session_id, member_id)
);

-- The roll: one entry per member and session, whatever way it was recorded.
CREATE TABLE attendances (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    member_id TEXT NOT NULL REFERENCES members (id),
    status TEXT NOT NULL,
    method TEXT NOT NULL,
    -- When the member was there: the moment the check-in code was shown, not a phone's clock.
    checked_in_at TIMESTAMP,
    reason TEXT,
    recorded_by TEXT REFERENCES members (id),
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (session_id, member_id)
);
-- A member's attendance history.
CREATE INDEX attendances_member_id_idx ON attendances (member_id, session_id);

-- Every change to an entry of the roll, the first included: nothing is overwritten unseen.
CREATE TABLE attendance_changes (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    member_id TEXT NOT NULL REFERENCES members (id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    method TEXT NOT NULL,
    reason TEXT,
    changed_by TEXT REFERENCES members (id),
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX attendance_changes_entry_idx ON attendance_changes (session_id, member_id, id);

-- A check-in a phone may resend: the first answer, kept under the phone's own id for it.
CREATE TABLE check_in_receipts (
    member_id TEXT NOT NULL REFERENCES members (id),
    client_id TEXT NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    -- What was asked (SHA-256 of the request's content): the same id with other content is
    -- refused.
    request_digest TEXT NOT NULL,
    -- The answer given the first time, as JSON.
    outcome TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (member_id, client_id)
);
