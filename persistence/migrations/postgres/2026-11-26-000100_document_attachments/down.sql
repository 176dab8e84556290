DROP TABLE document_attachments;
