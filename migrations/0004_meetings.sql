-- Issue 9: meetings synced from Calendly, the links that tie a booking to what it was sent
-- for, the sync engine's own state and its log. Instants are fixed-width RFC 3339 UTC text.

-- One row per Calendly invitee (a group event has several). "completed" is derived from
-- end_time and never stored; a reschedule leaves the old row canceled with rescheduled_to.
CREATE TABLE meetings (
    invitee_uri TEXT PRIMARY KEY,
    event_uri TEXT NOT NULL,
    -- The event type's URI and name as the meeting was booked: the event-type cache is
    -- replaced on refresh, and an event type may be deleted later.
    event_type_uri TEXT,
    event_type_name TEXT,
    -- The scheduled event's name (Calendly names it after the event type).
    name TEXT,
    start_time TEXT NOT NULL,
    end_time TEXT NOT NULL,
    location_type TEXT,
    location TEXT,
    join_url TEXT,
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'canceled')),
    canceled_at TEXT,
    canceled_by TEXT,
    canceler_type TEXT,
    cancel_reason TEXT,
    -- Invitee URIs of the reschedule chain (not foreign keys: either half may arrive first).
    rescheduled_from TEXT,
    rescheduled_to TEXT,
    no_show INTEGER NOT NULL DEFAULT 0 CHECK (no_show IN (0, 1)),
    -- The no-show resource, needed to unmark it at Calendly.
    no_show_uri TEXT,
    -- JSON array of {question, answer, position}.
    questions_and_answers TEXT NOT NULL DEFAULT '[]',
    invitee_name TEXT,
    invitee_email TEXT,
    invitee_timezone TEXT,
    -- JSON object of the booking URL's tracking parameters.
    tracking TEXT NOT NULL DEFAULT '{}',
    -- The Calendly user the meeting belongs to: accounts never mix.
    calendly_user TEXT NOT NULL,
    client_id INTEGER REFERENCES clients (id) ON DELETE SET NULL,
    quote_id INTEGER REFERENCES quotes (id) ON DELETE SET NULL,
    invoice_id INTEGER REFERENCES invoices (id) ON DELETE SET NULL,
    -- Ordering of what was applied: the payload's updated_at, the envelope's created_at and
    -- the relay's sequence number; an older change never overwrites a newer one.
    updated_at TEXT NOT NULL,
    event_created_at TEXT,
    relay_seq INTEGER,
    -- The scheduled event's updated_at and invitee counters as last seen by reconcile.
    event_updated_at TEXT,
    synced_at TEXT NOT NULL
);
CREATE INDEX meetings_start ON meetings (start_time);
CREATE INDEX meetings_event ON meetings (event_uri);
CREATE INDEX meetings_client ON meetings (client_id, start_time);
CREATE INDEX meetings_quote ON meetings (quote_id);
CREATE INDEX meetings_invoice ON meetings (invoice_id);
CREATE INDEX meetings_user ON meetings (calendly_user, start_time);
CREATE INDEX meetings_rescheduled_from ON meetings (rescheduled_from);

-- Single-use booking links Quotla made. The token travels in utm_content and is the only way
-- a booking is attached to a quote or invoice (a row id in a URL could be edited).
CREATE TABLE scheduling_links (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,
    booking_url TEXT NOT NULL,
    event_type_uri TEXT NOT NULL,
    calendly_user TEXT NOT NULL,
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    quote_id INTEGER REFERENCES quotes (id) ON DELETE SET NULL,
    invoice_id INTEGER REFERENCES invoices (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    used_at TEXT,
    used_by_invitee TEXT
);
CREATE INDEX scheduling_links_client ON scheduling_links (client_id);

-- No-show marks (or their removal) that arrived before their meeting; applied and removed
-- when the meeting arrives.
CREATE TABLE pending_no_shows (
    invitee_uri TEXT PRIMARY KEY,
    marked INTEGER NOT NULL CHECK (marked IN (0, 1)),
    no_show_uri TEXT,
    received_at TEXT NOT NULL
);

-- The sync engine's state (one row): the relay inbox (its consumer token is in the keyring),
-- the cursor, the webhook subscription and the reconcile watermark.
CREATE TABLE sync_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    relay_url TEXT,
    inbox_id TEXT,
    webhook_url TEXT,
    -- The Calendly user the inbox is bound to; NULL for an unbound inbox.
    inbox_user TEXT,
    relay_cursor INTEGER NOT NULL DEFAULT 0,
    subscription_uri TEXT,
    subscription_state TEXT,
    -- Why sync runs by polling, when it does (e.g. calendly_plan_required).
    polling_reason TEXT,
    reconcile_watermark TEXT,
    last_reconcile_at TEXT,
    last_push_at TEXT,
    last_error_code TEXT,
    last_error_message TEXT,
    last_error_at TEXT
);
INSERT INTO sync_state (id) VALUES (1);

-- What the engine did, for Settings and support: kinds and invitee URIs, never a body or a
-- secret. Pruned by age and count.
CREATE TABLE sync_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX sync_log_at ON sync_log (at);

-- Meeting entries on the client timeline name their meeting, so each is written once.
ALTER TABLE activity ADD COLUMN meeting_invitee_uri TEXT;
CREATE INDEX activity_meeting ON activity (meeting_invitee_uri, kind);

-- The relay inbox moves from app_settings into sync_state.
UPDATE sync_state SET
    inbox_id = (SELECT value FROM app_settings WHERE key = 'relay.inbox_id'),
    webhook_url = (SELECT value FROM app_settings WHERE key = 'relay.webhook_url'),
    inbox_user = (SELECT user_uri FROM calendly_account WHERE id = 1);
DELETE FROM app_settings WHERE key IN ('relay.inbox_id', 'relay.webhook_url');
