-- Study campaigns: a resolution studied across target organisations through linked sessions,
-- and the written reflections (bài thu hoạch) members hand in, with every submission and
-- review kept.

CREATE TABLE campaigns (
    id TEXT PRIMARY KEY,
    -- The resolution studied.
    document_id TEXT NOT NULL REFERENCES documents (id),
    title TEXT NOT NULL,
    -- The organisation whose managers run the campaign.
    host_org_id TEXT NOT NULL REFERENCES organizations (id),
    deadline DATE NOT NULL,
    -- The share of counted members to reach, 1 to 100.
    target_percent INTEGER NOT NULL,
    -- `not_required`, `submitted` or `accepted`: which reflections count.
    reflection_rule TEXT NOT NULL,
    created_by TEXT REFERENCES members (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    -- Where the campaign sits in lists: its deadline, then its id.
    list_key TEXT NOT NULL
);
CREATE INDEX campaigns_list_key_idx ON campaigns (list_key);
CREATE INDEX campaigns_host_org_id_idx ON campaigns (host_org_id);
CREATE INDEX campaigns_document_id_idx ON campaigns (document_id);

CREATE TABLE campaign_orgs (
    campaign_id TEXT NOT NULL REFERENCES campaigns (id),
    org_id TEXT NOT NULL REFERENCES organizations (id),
    PRIMARY KEY (campaign_id, org_id)
);
CREATE INDEX campaign_orgs_org_id_idx ON campaign_orgs (org_id);

CREATE TABLE campaign_sessions (
    campaign_id TEXT NOT NULL REFERENCES campaigns (id),
    session_id TEXT NOT NULL REFERENCES sessions (id),
    PRIMARY KEY (campaign_id, session_id)
);
CREATE INDEX campaign_sessions_session_id_idx ON campaign_sessions (session_id);

-- One reflection per member and campaign, in its current state.
CREATE TABLE reflections (
    id TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL REFERENCES campaigns (id),
    member_id TEXT NOT NULL REFERENCES members (id),
    -- The text being written: the author's alone until submitted.
    body TEXT,
    -- The text as last submitted: what reviewers read, while a returned one is being revised.
    submitted_body TEXT,
    status TEXT NOT NULL,
    -- The last review's comment (what to revise, when returned).
    review_comment TEXT,
    submitted_at TIMESTAMP,
    reviewed_by TEXT REFERENCES members (id),
    reviewed_at TIMESTAMP,
    -- Submissions and reviews so far: bounded, since each keeps the whole text.
    rounds INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (campaign_id, member_id)
);
CREATE INDEX reflections_member_id_idx ON reflections (member_id);

-- Every submission (with the text as submitted) and every review (with its comment).
CREATE TABLE reflection_events (
    id TEXT PRIMARY KEY,
    reflection_id TEXT NOT NULL REFERENCES reflections (id),
    status TEXT NOT NULL,
    body TEXT,
    comment TEXT,
    actor_id TEXT REFERENCES members (id),
    at TIMESTAMP NOT NULL
);
CREATE INDEX reflection_events_reflection_idx ON reflection_events (reflection_id, id);
