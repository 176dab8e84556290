-- A search by name (`GET /members?q=`) is a substring of the folded name. Without an index it
-- read every member of the caller's scope: 36 ms over 100,000 members for a ward secretary
-- whose search matched 16 (bench/documents.sh). Trigrams find the matches first.
CREATE INDEX members_search_name_trgm_idx ON members USING gin (search_name gin_trgm_ops);
