-- Inboxes are never deleted: a deleted or purged inbox keeps its row as a tombstone
-- (deleted_at set) so webhooks to it answer 410, while ids never issued answer 404.
CREATE TABLE inboxes (
    id             TEXT    PRIMARY KEY NOT NULL,
    token_hash     BLOB    NOT NULL UNIQUE,
    calendly_user  TEXT,
    created_at     INTEGER NOT NULL,
    last_polled_at INTEGER NOT NULL,
    last_seq       INTEGER NOT NULL DEFAULT 0,
    deleted_at     INTEGER
);

CREATE TABLE events (
    inbox_id    TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    body        TEXT    NOT NULL,
    UNIQUE (inbox_id, seq)
);
CREATE INDEX events_received_at ON events (received_at);

-- v1 digests already accepted per inbox, so a replayed delivery is answered 2xx once more
-- without being stored twice.
CREATE TABLE seen_signatures (
    inbox_id TEXT    NOT NULL,
    digest   BLOB    NOT NULL,
    seen_at  INTEGER NOT NULL,
    PRIMARY KEY (inbox_id, digest)
);
CREATE INDEX seen_signatures_seen_at ON seen_signatures (seen_at);
