DROP TABLE document_reads;
DROP TABLE document_targets;
DROP TABLE document_versions;
DROP TABLE documents;
