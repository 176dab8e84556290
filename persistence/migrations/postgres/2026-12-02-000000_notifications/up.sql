-- What members hear of: events (a document published, a session moved, a reminder), each
-- delivered to the members it concerns, the phones they registered for push, and the outbox
-- the push hand-off drains.

-- One row per event, however many members it reaches.
CREATE TABLE notification_events (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    -- The object a phone opens from the notification.
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    -- What a phone shows beside the kind: a document's code and title, a session's title.
    subject TEXT NOT NULL,
    -- The moment it concerns: a session's (new) start, a document's due date.
    happens_at TIMESTAMP,
    -- A reviewer's comment, a correction's reason.
    note TEXT,
    -- Set on what the scheduler raises (a reminder): another node raising the same one finds
    -- it taken, so each reminder goes out once.
    dedupe_key TEXT UNIQUE,
    created_at TIMESTAMP NOT NULL
);

-- An event as one member's feed holds it.
CREATE TABLE notifications (
    member_id TEXT NOT NULL REFERENCES members (id),
    event_id TEXT NOT NULL REFERENCES notification_events (id),
    -- What the notification is about for this member: a document's version is announced to a
    -- member once, whichever of its publications reached them.
    topic TEXT NOT NULL,
    read_at TIMESTAMP,
    -- Created, then read: what a phone's sync compares with its cursor.
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (member_id, event_id),
    UNIQUE (member_id, topic)
);
CREATE INDEX notifications_unread_idx ON notifications (member_id, event_id) WHERE read_at IS NULL;
CREATE INDEX notifications_updated_idx ON notifications (member_id, updated_at);
CREATE INDEX notifications_event_idx ON notifications (event_id);

-- Phones registered for push. A token names one installation of the app: registered again,
-- by whoever is signed in on it now, it moves to them.
CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES members (id),
    platform TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    -- The sign-in (refresh-token family) that registered it: logging out of it forgets it.
    family_id TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX devices_member_id_idx ON devices (member_id);
CREATE INDEX devices_family_id_idx ON devices (family_id);

-- Pushes not yet handed to the push service: one per event and device. A node takes a row
-- by deleting it, so each is handed over once however many nodes run.
CREATE TABLE push_outbox (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES notification_events (id),
    device_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX push_outbox_created_at_idx ON push_outbox (created_at);

-- An object taken away from an organisation's members (a session no longer inviting it): a
-- phone that synced it before learns to drop it (a tombstone), unless it still reaches them
-- another way. No foreign key to the organisation: deleting an empty organisation that was
-- once invited somewhere must not be refused for it.
CREATE TABLE withdrawals (
    id TEXT PRIMARY KEY,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    org_id TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX withdrawals_org_at_idx ON withdrawals (org_id, at);

-- When a member's read of a version last changed (opened, then acknowledged): what their
-- other phones' sync compares with its cursor.
ALTER TABLE document_reads ADD COLUMN changed_at TIMESTAMP;
UPDATE document_reads SET changed_at = COALESCE(acknowledged_at, opened_at);
ALTER TABLE document_reads ALTER COLUMN changed_at SET NOT NULL;
CREATE INDEX document_reads_member_changed_idx ON document_reads (member_id, changed_at);
