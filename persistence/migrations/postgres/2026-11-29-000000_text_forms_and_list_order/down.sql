DROP TABLE data_fixes;
DROP INDEX documents_list_key_idx;
ALTER TABLE documents DROP COLUMN list_key;
DROP INDEX members_sort_key_idx;
ALTER TABLE members DROP COLUMN sort_key;
