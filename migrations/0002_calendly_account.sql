-- Calendly connection, issue 4. Account facts only: tokens live in the OS keyring, never here.

CREATE TABLE calendly_account (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    user_uri TEXT NOT NULL,
    organization_uri TEXT,
    name TEXT,
    email TEXT,
    scheduling_url TEXT,
    timezone TEXT,
    -- Granted scopes, space separated, as the token response named them.
    scopes TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('connected', 'reconnect_needed')),
    default_event_type_uri TEXT,
    webhook_status TEXT NOT NULL DEFAULT 'polling_only'
        CHECK (webhook_status IN ('live', 'polling_only', 'needs_attention')),
    last_sync_at TEXT,
    connected_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- The account's event types, cached for the default-event-type picker.
CREATE TABLE calendly_event_types (
    uri TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    scheduling_url TEXT,
    duration_minutes INTEGER,
    kind TEXT,
    active INTEGER NOT NULL CHECK (active IN (0, 1)),
    position INTEGER NOT NULL,
    fetched_at TEXT NOT NULL
);

-- Small app-wide switches and overrides (key → value), e.g. whether Calendly is enabled and
-- the advanced connection settings for development against the sandbox.
CREATE TABLE app_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
