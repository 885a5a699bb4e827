-- Replay protection keyed by the signature's timestamp `t` first: the digests of one commit
-- land side by side at the end of the index instead of on random pages, and expiry is a
-- range delete on the key, so the separate seen_at index goes. A replay carries the same `t`
-- and digest as the original, so the key still finds it.
--
-- Rows accepted before this migration have no recorded `t`. They stay, unchanged, in
-- seen_signatures_legacy, which the relay also checks as long as it holds rows; they expire
-- there as before (by seen_at), after which the table stays empty and costs nothing.
ALTER TABLE seen_signatures RENAME TO seen_signatures_legacy;
ALTER TABLE seen_signatures_legacy RENAME CONSTRAINT seen_signatures_pkey TO seen_signatures_legacy_pkey;
ALTER INDEX seen_signatures_seen_at RENAME TO seen_signatures_legacy_seen_at;

CREATE TABLE seen_signatures (
    sig_t    BIGINT NOT NULL,
    inbox_id TEXT   NOT NULL,
    digest   BYTEA  NOT NULL,
    PRIMARY KEY (sig_t, inbox_id, digest)
);
