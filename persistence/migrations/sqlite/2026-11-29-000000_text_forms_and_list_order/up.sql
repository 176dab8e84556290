-- Members listed in Vietnamese name order: a key computed by the server (given name first,
-- letters before tones), compared byte by byte (SQLite's BINARY collation).
ALTER TABLE members ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
CREATE INDEX members_sort_key_idx ON members (sort_key);

-- Documents listed newest first: by publication, or creation while a draft.
ALTER TABLE documents ADD COLUMN listed_at TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00';
UPDATE documents SET listed_at = COALESCE(published_at, created_at);
CREATE INDEX documents_listed_idx ON documents (listed_at DESC, id DESC);

-- Rewrites that need the server's own code (Unicode tables, the collation) rather than SQL,
-- run once by `sotay migrate` right after the schema migrations, then marked applied.
CREATE TABLE data_fixes (
    name TEXT PRIMARY KEY NOT NULL,
    applied_at TIMESTAMP
);
-- Stored text to NFC, search columns folded anew (decomposed text did not fold), sort keys.
INSERT INTO data_fixes (name) VALUES ('text_forms_2026_11');
