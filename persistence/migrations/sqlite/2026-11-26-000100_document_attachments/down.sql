ALTER TABLE document_versions DROP COLUMN attachments;
DROP TABLE document_attachments;
