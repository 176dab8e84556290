-- Documents: the resolution library, the versions of published documents, where each is
-- published, and who has opened and acknowledged which version.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    -- The organisation whose managers edit and publish the document.
    org_id TEXT NOT NULL REFERENCES organizations (id),
    kind TEXT NOT NULL,
    code TEXT NOT NULL,
    issuer TEXT NOT NULL,
    issued_on DATE,
    title TEXT NOT NULL,
    summary TEXT,
    body TEXT,
    -- A resolution's objectives, targets, programs and breakthroughs, as JSON.
    structure TEXT,
    -- Code, title, issuer and summary folded to lower-case ASCII, for diacritic-blind search.
    search_text TEXT NOT NULL,
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_by TEXT REFERENCES members (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    published_at TIMESTAMP,
    UNIQUE (org_id, code)
);
-- `LIKE '%word%'` on 100,000 documents: a trigram index instead of a scan.
CREATE INDEX documents_search_text_trgm_idx ON documents USING gin (search_text gin_trgm_ops);
CREATE INDEX documents_updated_at_idx ON documents (updated_at);

CREATE TABLE document_versions (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents (id),
    version INTEGER NOT NULL,
    kind TEXT NOT NULL,
    code TEXT NOT NULL,
    issuer TEXT NOT NULL,
    issued_on DATE,
    title TEXT NOT NULL,
    summary TEXT,
    body TEXT,
    structure TEXT,
    created_by TEXT REFERENCES members (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (document_id, version)
);

CREATE TABLE document_targets (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents (id),
    org_id TEXT NOT NULL REFERENCES organizations (id),
    required BOOLEAN NOT NULL,
    due_on DATE,
    published_by TEXT REFERENCES members (id),
    published_at TIMESTAMP NOT NULL,
    UNIQUE (document_id, org_id)
);
-- "Documents published to any of these organisations": by organisation first.
CREATE INDEX document_targets_org_id_idx ON document_targets (org_id, document_id);

CREATE TABLE document_reads (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents (id),
    member_id TEXT NOT NULL REFERENCES members (id),
    version INTEGER NOT NULL,
    opened_at TIMESTAMP NOT NULL,
    acknowledged_at TIMESTAMP,
    UNIQUE (document_id, member_id, version)
);
CREATE INDEX document_reads_member_id_idx ON document_reads (member_id, document_id);
