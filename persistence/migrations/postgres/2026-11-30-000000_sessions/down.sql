DROP TABLE check_in_receipts;
DROP TABLE attendance_changes;
DROP TABLE attendances;
DROP TABLE session_rsvps;
DROP TABLE session_documents;
DROP TABLE session_orgs;
DROP TABLE sessions;
