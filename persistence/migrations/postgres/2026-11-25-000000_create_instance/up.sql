-- One row that names this database. Clients that keep data offline (the phone app's sync
-- cursor) compare it to notice that the server's database was replaced, not merely changed.
CREATE TABLE instance (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    instance_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
