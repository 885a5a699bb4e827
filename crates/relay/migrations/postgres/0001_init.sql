-- Inboxes are never deleted: a deleted or purged inbox keeps its row as a tombstone
-- (deleted_at set) so webhooks to it answer 410, while ids never issued answer 404.
CREATE TABLE inboxes (
    id             TEXT    PRIMARY KEY NOT NULL,
    token_hash     BYTEA   NOT NULL UNIQUE,
    calendly_user  TEXT,
    created_at     BIGINT NOT NULL,
    last_polled_at BIGINT NOT NULL,
    last_seq       BIGINT NOT NULL DEFAULT 0,
    deleted_at     BIGINT
);

CREATE TABLE events (
    inbox_id    TEXT    NOT NULL,
    seq         BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    body        TEXT    NOT NULL,
    UNIQUE (inbox_id, seq)
);
CREATE INDEX events_received_at ON events (received_at);

-- v1 digests already accepted per inbox, so a replayed delivery is answered 2xx once more
-- without being stored twice.
CREATE TABLE seen_signatures (
    inbox_id TEXT    NOT NULL,
    digest   BYTEA   NOT NULL,
    seen_at  BIGINT NOT NULL,
    PRIMARY KEY (inbox_id, digest)
);
CREATE INDEX seen_signatures_seen_at ON seen_signatures (seen_at);
