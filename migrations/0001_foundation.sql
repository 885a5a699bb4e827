-- Quotla desktop store, issue 2: clients, quotes, invoices, activity, settings.
-- Money: INTEGER minor units + currency TEXT (ISO 4217). Dates: TEXT 'YYYY-MM-DD'.
-- Timestamps: TEXT RFC 3339 UTC, fixed width. Every editable row carries `version` for
-- optimistic concurrency. Later issues add calendly_account, event_types, scheduling_links,
-- meetings and sync_state beside these tables.

CREATE TABLE business_profile (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL DEFAULT '',
    address TEXT,
    email TEXT,
    default_currency TEXT NOT NULL DEFAULT 'EUR',
    default_tax_rate_milli INTEGER NOT NULL DEFAULT 0
        CHECK (default_tax_rate_milli BETWEEN 0 AND 100000)
);
INSERT INTO business_profile (id) VALUES (1);

-- Numbering counters: quotes at creation, invoices at issue (gapless, never reused).
CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    next_value INTEGER NOT NULL CHECK (next_value >= 1)
);
INSERT INTO counters (name, next_value) VALUES ('quote', 1), ('invoice', 1);

CREATE TABLE clients (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    company TEXT,
    email TEXT,
    phone TEXT,
    address TEXT,
    notes TEXT,
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX clients_name ON clients (name COLLATE NOCASE);
CREATE INDEX clients_email ON clients (email COLLATE NOCASE);

CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    -- A client with documents is archived, never deleted.
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
    status TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'accepted', 'declined')),
    currency TEXT NOT NULL,
    discount_kind TEXT NOT NULL CHECK (discount_kind IN ('none', 'percent', 'amount')),
    discount_value INTEGER NOT NULL DEFAULT 0,
    notes TEXT,
    valid_until TEXT,
    -- Cached totals (computed by core on every write) so lists and the dashboard need no items.
    subtotal_minor INTEGER NOT NULL,
    discount_minor INTEGER NOT NULL,
    tax_minor INTEGER NOT NULL,
    total_minor INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at TEXT,
    decided_at TEXT,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX quotes_client ON quotes (client_id);
CREATE INDEX quotes_status ON quotes (status);
CREATE INDEX quotes_updated ON quotes (updated_at);

CREATE TABLE quote_items (
    id INTEGER PRIMARY KEY,
    quote_id INTEGER NOT NULL REFERENCES quotes (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    description TEXT NOT NULL,
    quantity_milli INTEGER NOT NULL CHECK (quantity_milli > 0),
    unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
    tax_rate_milli INTEGER NOT NULL CHECK (tax_rate_milli BETWEEN 0 AND 100000),
    line_total_minor INTEGER NOT NULL,
    UNIQUE (quote_id, position)
);

CREATE TABLE invoices (
    id INTEGER PRIMARY KEY,
    -- NULL while a draft; assigned from counters.invoice when issued.
    number TEXT UNIQUE,
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
    -- The quote it was converted from; one invoice per quote.
    quote_id INTEGER UNIQUE REFERENCES quotes (id) ON DELETE SET NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'paid', 'void')),
    currency TEXT NOT NULL,
    discount_kind TEXT NOT NULL CHECK (discount_kind IN ('none', 'percent', 'amount')),
    discount_value INTEGER NOT NULL DEFAULT 0,
    notes TEXT,
    issue_date TEXT NOT NULL,
    due_date TEXT NOT NULL,
    paid_on TEXT,
    subtotal_minor INTEGER NOT NULL,
    discount_minor INTEGER NOT NULL,
    tax_minor INTEGER NOT NULL,
    total_minor INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    issued_at TEXT,
    voided_at TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    CHECK (status = 'draft' OR number IS NOT NULL),
    CHECK ((status = 'paid') = (paid_on IS NOT NULL))
);
CREATE INDEX invoices_client ON invoices (client_id);
CREATE INDEX invoices_status ON invoices (status);
CREATE INDEX invoices_updated ON invoices (updated_at);

CREATE TABLE invoice_items (
    id INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    description TEXT NOT NULL,
    quantity_milli INTEGER NOT NULL CHECK (quantity_milli > 0),
    unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
    tax_rate_milli INTEGER NOT NULL CHECK (tax_rate_milli BETWEEN 0 AND 100000),
    line_total_minor INTEGER NOT NULL,
    UNIQUE (invoice_id, position)
);

-- The client timeline. Entries of a deleted draft go with it; the number columns keep the
-- number the document had when the entry was written.
CREATE TABLE activity (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    quote_id INTEGER REFERENCES quotes (id) ON DELETE CASCADE,
    quote_number TEXT,
    invoice_id INTEGER REFERENCES invoices (id) ON DELETE CASCADE,
    invoice_number TEXT,
    occurred_at TEXT NOT NULL
);
CREATE INDEX activity_client ON activity (client_id, occurred_at);
CREATE INDEX activity_quote ON activity (quote_id);
CREATE INDEX activity_invoice ON activity (invoice_id);
