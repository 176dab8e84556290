-- PostgreSQL indexes member names by trigrams for substring search; SQLite has no such index,
-- and the embedded default holds a ward, not a province. Kept so that both backends share
-- their versions.
SELECT 1;
