-- Files attached to documents, kept in the database so that every server node serves the
-- same ones (they are at most a few tens of MiB each).

CREATE TABLE document_attachments (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents (id),
    -- As the uploader's device named it, without folders; the extension agrees with the content.
    file_name TEXT NOT NULL,
    -- Recognised from the content, never taken from the upload's own header.
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    -- Hex SHA-256 of the content: the download's ETag.
    sha256 TEXT NOT NULL,
    content BYTEA NOT NULL,
    uploaded_by TEXT REFERENCES members (id),
    uploaded_at TIMESTAMP NOT NULL
);
CREATE INDEX document_attachments_document_id_idx ON document_attachments (document_id, id);

-- What a published version carried: a JSON list of its files (id, name, type, size, hash), so
-- that swapping a file leaves a trace in the versions a reader acknowledged.
ALTER TABLE document_versions ADD COLUMN attachments TEXT;
