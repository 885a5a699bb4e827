-- Issue 12: lists are read a page at a time in a fixed order (keyset paging). Each filter a
-- screen offers gets an index that both narrows the rows and keeps them in list order, so a
-- page is an index seek plus its rows at any depth; the single-column indexes these extend
-- go. (Where the sort key ends an index, the row id SQLite appends breaks ties in list
-- order; where more columns follow it, SQLite sorts the ties, a handful of rows.)

DROP INDEX quotes_status;
DROP INDEX quotes_client;
-- The unfiltered list and its search read number and client from the index alone.
DROP INDEX quotes_updated;
CREATE INDEX quotes_updated ON quotes (updated_at, number, client_id);
CREATE INDEX quotes_status_updated ON quotes (status, updated_at);
CREATE INDEX quotes_client_updated ON quotes (client_id, updated_at);

DROP INDEX invoices_status;
DROP INDEX invoices_client;
DROP INDEX invoices_updated;
CREATE INDEX invoices_updated ON invoices (updated_at, number, client_id);
CREATE INDEX invoices_status_updated ON invoices (status, updated_at);
CREATE INDEX invoices_client_updated ON invoices (client_id, updated_at);

-- The client list hides archived clients unless asked; a search reads the folded text from
-- the index too, so matching 10,000 clients touches no table row.
CREATE INDEX clients_archived_name ON clients (archived, name COLLATE NOCASE, search_key);

-- A range of days (calendar, this month's bookings) also sees which meetings moved away.
DROP INDEX meetings_start;
CREATE INDEX meetings_start ON meetings (start_time, rescheduled_to);

-- Meeting history by status, and a document's meetings in time order.
CREATE INDEX meetings_status_start ON meetings (status, start_time);
DROP INDEX meetings_quote;
DROP INDEX meetings_invoice;
CREATE INDEX meetings_quote_start ON meetings (quote_id, start_time);
CREATE INDEX meetings_invoice_start ON meetings (invoice_id, start_time);

-- Opening a meeting walks its reschedule chain both ways. Partial, so a range query that
-- also asks for "not moved" (the calendar) is never steered onto it.
CREATE INDEX meetings_rescheduled_to ON meetings (rescheduled_to) WHERE rescheduled_to IS NOT NULL;

-- The dashboard's "invoiced and paid, last 12 months", kept up to date by triggers on every
-- write to invoices (whatever makes it: a command, a restore's migration, the seed), so the
-- chart reads a few dozen rows instead of adding up a year of invoices each time it opens.
-- Invoiced counts issued, sent and paid invoices (not drafts or voided ones) by issue month;
-- paid counts paid invoices by payment month.
CREATE TABLE invoice_months (
    month TEXT NOT NULL,
    currency TEXT NOT NULL,
    invoiced_minor INTEGER NOT NULL DEFAULT 0,
    paid_minor INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, currency)
) WITHOUT ROWID;

INSERT INTO invoice_months (month, currency, invoiced_minor, paid_minor)
SELECT month, currency, SUM(invoiced), SUM(paid) FROM (
    SELECT substr(issue_date, 1, 7) AS month, currency, total_minor AS invoiced, 0 AS paid
    FROM invoices WHERE status IN ('sent', 'paid')
    UNION ALL
    SELECT substr(paid_on, 1, 7), currency, 0, total_minor FROM invoices WHERE paid_on IS NOT NULL
) GROUP BY month, currency;

CREATE TRIGGER invoice_months_insert AFTER INSERT ON invoices BEGIN
    INSERT INTO invoice_months (month, currency, invoiced_minor)
    SELECT substr(NEW.issue_date, 1, 7), NEW.currency, NEW.total_minor WHERE NEW.status IN ('sent', 'paid')
    ON CONFLICT (month, currency) DO UPDATE SET invoiced_minor = invoiced_minor + excluded.invoiced_minor;
    INSERT INTO invoice_months (month, currency, paid_minor)
    SELECT substr(NEW.paid_on, 1, 7), NEW.currency, NEW.total_minor WHERE NEW.paid_on IS NOT NULL
    ON CONFLICT (month, currency) DO UPDATE SET paid_minor = paid_minor + excluded.paid_minor;
END;

CREATE TRIGGER invoice_months_delete AFTER DELETE ON invoices BEGIN
    UPDATE invoice_months SET invoiced_minor = invoiced_minor - OLD.total_minor
    WHERE OLD.status IN ('sent', 'paid') AND month = substr(OLD.issue_date, 1, 7) AND currency = OLD.currency;
    UPDATE invoice_months SET paid_minor = paid_minor - OLD.total_minor
    WHERE OLD.paid_on IS NOT NULL AND month = substr(OLD.paid_on, 1, 7) AND currency = OLD.currency;
END;

CREATE TRIGGER invoice_months_update
AFTER UPDATE OF status, issue_date, paid_on, currency, total_minor ON invoices BEGIN
    UPDATE invoice_months SET invoiced_minor = invoiced_minor - OLD.total_minor
    WHERE OLD.status IN ('sent', 'paid') AND month = substr(OLD.issue_date, 1, 7) AND currency = OLD.currency;
    UPDATE invoice_months SET paid_minor = paid_minor - OLD.total_minor
    WHERE OLD.paid_on IS NOT NULL AND month = substr(OLD.paid_on, 1, 7) AND currency = OLD.currency;
    INSERT INTO invoice_months (month, currency, invoiced_minor)
    SELECT substr(NEW.issue_date, 1, 7), NEW.currency, NEW.total_minor WHERE NEW.status IN ('sent', 'paid')
    ON CONFLICT (month, currency) DO UPDATE SET invoiced_minor = invoiced_minor + excluded.invoiced_minor;
    INSERT INTO invoice_months (month, currency, paid_minor)
    SELECT substr(NEW.paid_on, 1, 7), NEW.currency, NEW.total_minor WHERE NEW.paid_on IS NOT NULL
    ON CONFLICT (month, currency) DO UPDATE SET paid_minor = paid_minor + excluded.paid_minor;
END;

-- The dashboard's money figures read only these indexes: open quotes by status and
-- valid-until date, outstanding and overdue invoices by status and due date.
CREATE INDEX quotes_open ON quotes (status, valid_until, currency, total_minor);
CREATE INDEX invoices_open ON invoices (status, due_date, currency, total_minor);

-- How many stored meetings are about each quote, kept by triggers on meetings, so the
-- dashboard's "do meetings move quotes forward" counts read one index instead of looking
-- for meetings of every quote ever sent.
ALTER TABLE quotes ADD COLUMN meetings INTEGER NOT NULL DEFAULT 0;
UPDATE quotes SET meetings = (SELECT COUNT(*) FROM meetings WHERE quote_id = quotes.id);
CREATE INDEX quotes_status_meetings ON quotes (status, meetings);

CREATE TRIGGER quote_meetings_insert AFTER INSERT ON meetings WHEN NEW.quote_id IS NOT NULL BEGIN
    UPDATE quotes SET meetings = meetings + 1 WHERE id = NEW.quote_id;
END;

CREATE TRIGGER quote_meetings_delete AFTER DELETE ON meetings WHEN OLD.quote_id IS NOT NULL BEGIN
    UPDATE quotes SET meetings = meetings - 1 WHERE id = OLD.quote_id;
END;

CREATE TRIGGER quote_meetings_update AFTER UPDATE OF quote_id ON meetings
WHEN OLD.quote_id IS NOT NEW.quote_id BEGIN
    UPDATE quotes SET meetings = meetings - 1 WHERE id = OLD.quote_id;
    UPDATE quotes SET meetings = meetings + 1 WHERE id = NEW.quote_id;
END;
