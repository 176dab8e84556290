DROP TABLE data_fixes;
DROP INDEX documents_listed_idx;
ALTER TABLE documents DROP COLUMN listed_at;
DROP INDEX members_sort_key_idx;
ALTER TABLE members DROP COLUMN sort_key;
