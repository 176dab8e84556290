-- Personal action plans: a member's plan for a resolution and a year, its items (each serving
-- one of the resolution's targets, programs or breakthroughs by its stable id), the progress
-- reported on them (appended, never edited), and every submission and review.

CREATE TABLE action_plans (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES members (id),
    document_id TEXT NOT NULL REFERENCES documents (id),
    year INTEGER NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    -- The last review's comment (what to revise, when returned).
    review_comment TEXT,
    submitted_at TIMESTAMP,
    reviewed_by TEXT REFERENCES members (id),
    reviewed_at TIMESTAMP,
    -- Submissions and reviews so far: bounded.
    rounds INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (member_id, document_id, year)
);
CREATE INDEX action_plans_document_year_idx ON action_plans (document_id, year);

CREATE TABLE plan_items (
    id TEXT PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES action_plans (id),
    title TEXT NOT NULL,
    description TEXT,
    -- `target`, `program` or `breakthrough`, and that item's id in the resolution's structure;
    -- both null for an item of the member's own.
    link_kind TEXT,
    link_id TEXT,
    -- `boolean` or `numeric`; a numeric one has a target value and maybe a unit.
    indicator TEXT NOT NULL,
    unit TEXT,
    target_value DOUBLE PRECISION,
    due_on DATE NOT NULL,
    -- Computed from the reports by the server at each report (never sent by a client), and
    -- kept here so that a roll-up of a province is one grouped read.
    percent DOUBLE PRECISION NOT NULL,
    met BOOLEAN NOT NULL,
    latest_value DOUBLE PRECISION,
    latest_done BOOLEAN,
    reports INTEGER NOT NULL,
    position INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX plan_items_plan_id_idx ON plan_items (plan_id, position);
CREATE INDEX plan_items_link_id_idx ON plan_items (link_id);

CREATE TABLE progress_reports (
    id TEXT PRIMARY KEY,
    item_id TEXT NOT NULL REFERENCES plan_items (id),
    value DOUBLE PRECISION,
    done BOOLEAN,
    note TEXT,
    -- The day the member says it was so; the server's own time is `created_at`.
    reported_on DATE NOT NULL,
    reported_by TEXT REFERENCES members (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX progress_reports_item_id_idx ON progress_reports (item_id, id);

CREATE TABLE plan_events (
    id TEXT PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES action_plans (id),
    status TEXT NOT NULL,
    comment TEXT,
    actor_id TEXT REFERENCES members (id),
    at TIMESTAMP NOT NULL
);
CREATE INDEX plan_events_plan_id_idx ON plan_events (plan_id, id);
