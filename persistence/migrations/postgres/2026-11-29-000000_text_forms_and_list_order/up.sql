-- Members listed in Vietnamese name order: a key computed by the server (given name first,
-- letters before tones), compared byte by byte whatever the server's locale.
ALTER TABLE members ADD COLUMN sort_key TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX members_sort_key_idx ON members (sort_key);

-- Documents listed newest first: by publication, or creation while a draft.
ALTER TABLE documents ADD COLUMN listed_at TIMESTAMP;
UPDATE documents SET listed_at = COALESCE(published_at, created_at);
ALTER TABLE documents ALTER COLUMN listed_at SET NOT NULL;
CREATE INDEX documents_listed_idx ON documents (listed_at DESC, id DESC);

-- Rewrites that need the server's own code (Unicode tables, the collation) rather than SQL,
-- run once by `sotay migrate` right after the schema migrations, then marked applied.
CREATE TABLE data_fixes (
    name TEXT PRIMARY KEY,
    applied_at TIMESTAMP
);
-- Stored text to NFC, search columns folded anew (decomposed text did not fold), sort keys.
INSERT INTO data_fixes (name) VALUES ('text_forms_2026_11');
