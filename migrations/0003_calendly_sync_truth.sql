-- Issue 8: the account row said "polling only" while nothing polled, and "last sync" meant
-- "event types fetched". Meeting sync keeps its own state (issue 9); the account keeps facts.
ALTER TABLE calendly_account DROP COLUMN webhook_status;
ALTER TABLE calendly_account RENAME COLUMN last_sync_at TO event_types_fetched_at;
