-- Issue 11: documents a client can receive. The business profile gains what a quote or an
-- invoice prints (phone, tax number, payment details, logo); clients gain a tax number;
-- document settings hold payment terms, numbering, default notes, paper size and the e-mail
-- template; a revised quote points at the one it replaces; an issued invoice records when it
-- was sent. Search matches a folded copy of the client's text (case and accents removed, by
-- core, which fills it for old rows when the store opens).

ALTER TABLE business_profile ADD COLUMN phone TEXT;
ALTER TABLE business_profile ADD COLUMN tax_number TEXT;
ALTER TABLE business_profile ADD COLUMN payment_details TEXT;

-- Checked by core before it is stored: PNG, JPEG or SVG, at most 1 MiB.
CREATE TABLE business_logo (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    media_type TEXT NOT NULL CHECK (media_type IN ('image/png', 'image/jpeg', 'image/svg+xml')),
    bytes BLOB NOT NULL CHECK (length(bytes) <= 1048576)
);

ALTER TABLE clients ADD COLUMN tax_number TEXT;
ALTER TABLE clients ADD COLUMN search_key TEXT;
-- Lets the fill at start-up find the rows still without a key at no cost once there are none.
CREATE INDEX clients_unfolded ON clients (id) WHERE search_key IS NULL;

CREATE TABLE document_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    -- Days from issue to due date, for new invoices and converted quotes alike.
    payment_terms_days INTEGER NOT NULL DEFAULT 14 CHECK (payment_terms_days BETWEEN 0 AND 365),
    quote_prefix TEXT NOT NULL DEFAULT 'QUO-',
    invoice_prefix TEXT NOT NULL DEFAULT 'INV-',
    quote_notes TEXT,
    invoice_notes TEXT,
    paper_size TEXT NOT NULL DEFAULT 'a4' CHECK (paper_size IN ('a4', 'letter')),
    email_subject TEXT NOT NULL DEFAULT '{document} {number} from {business}',
    email_body TEXT NOT NULL DEFAULT 'Hello {client},

Please find attached {document} {number} for {total}.

Kind regards,
{business}'
);
INSERT INTO document_settings (id) VALUES (1);

ALTER TABLE quotes ADD COLUMN revises_id INTEGER REFERENCES quotes (id) ON DELETE SET NULL;
CREATE INDEX quotes_revises ON quotes (revises_id);

-- Status 'sent' in invoices.status has always meant "issued, not yet paid": whether it was
-- sent to the client is this column, set when the user confirms the e-mail went out.
ALTER TABLE invoices ADD COLUMN sent_at TEXT;
-- Issued invoices were shown as sent until now; they keep that, dated when they were issued.
UPDATE invoices SET sent_at = issued_at WHERE status IN ('sent', 'paid') AND issued_at IS NOT NULL;
UPDATE activity SET kind = 'invoice_issued' WHERE kind = 'invoice_sent';
