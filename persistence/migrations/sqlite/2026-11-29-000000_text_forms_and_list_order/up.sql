-- Members listed in Vietnamese name order: a key computed by the server (given name first,
-- letters before tones), compared byte by byte (SQLite's BINARY collation).
ALTER TABLE members ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
CREATE INDEX members_sort_key_idx ON members (sort_key);

-- Documents listed newest first: by first publication, or creation while a draft. The key
-- is that instant, fixed-width, then the id (so unique), written by the server (the data fix
-- below fills it for what is stored); a page's cursor is the last key it showed.
ALTER TABLE documents ADD COLUMN list_key TEXT NOT NULL DEFAULT '';
CREATE INDEX documents_list_key_idx ON documents (list_key);

-- Rewrites that need the server's own code (Unicode tables, the collation) rather than SQL,
-- run once by `sotay migrate` right after the schema migrations, then marked applied.
CREATE TABLE data_fixes (
    name TEXT PRIMARY KEY NOT NULL,
    applied_at TIMESTAMP
);
-- Stored text to NFC, search columns folded anew (decomposed text did not fold), the members'
-- and documents' list keys.
INSERT INTO data_fixes (name) VALUES ('text_forms_2026_11');
