DROP TABLE withdrawals;
DROP TABLE push_outbox;
DROP TABLE devices;
DROP TABLE notifications;
DROP TABLE notification_events;
