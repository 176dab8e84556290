DROP INDEX document_reads_member_changed_idx;
ALTER TABLE document_reads DROP COLUMN changed_at;
DROP TABLE withdrawals;
DROP TABLE push_outbox;
DROP TABLE devices;
DROP TABLE notifications;
DROP TABLE notification_events;
