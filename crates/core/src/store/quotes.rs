//! Quotes: numbered at creation, edited as drafts, sent, decided, converted into an invoice.

use sqlx::{FromRow, QueryBuilder, Sqlite, SqliteConnection};
use time::Duration;

use super::activity::{self, Links};
use super::clients::search_pattern;
use super::documents::{self, check_version, Body, Kind};
use super::paging::{Order, Paging};
use super::Store;
use crate::dates::{format_date, parse_date};
use crate::error::{CoreError, Result};
use crate::model::{
    ActivityKind, DocumentRef, Id, Invoice, Page, PageCursor, PageRequest, Quote, QuoteFilter,
    QuoteInput, QuoteStatus, QuoteSummary,
};

/// A quote's status as stored (the `quotes.status` column); `expired` is derived from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::Type)]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum StoredQuoteStatus {
    Draft,
    Sent,
    Accepted,
    Declined,
}

impl StoredQuoteStatus {
    /// The word used in messages ("a sent quote cannot be marked accepted").
    fn word(self) -> &'static str {
        match self {
            StoredQuoteStatus::Draft => "draft",
            StoredQuoteStatus::Sent => "sent",
            StoredQuoteStatus::Accepted => "accepted",
            StoredQuoteStatus::Declined => "declined",
        }
    }
}

/// The status a user sees: a sent quote past its valid-until date is `expired`.
pub fn quote_status(
    stored: StoredQuoteStatus,
    valid_until: Option<&str>,
    today: &str,
) -> QuoteStatus {
    match stored {
        StoredQuoteStatus::Sent if valid_until.is_some_and(|v| v < today) => QuoteStatus::Expired,
        StoredQuoteStatus::Sent => QuoteStatus::Sent,
        StoredQuoteStatus::Accepted => QuoteStatus::Accepted,
        StoredQuoteStatus::Declined => QuoteStatus::Declined,
        StoredQuoteStatus::Draft => QuoteStatus::Draft,
    }
}

/// What sending a quote needs: at least one line, and a valid-until date not yet passed. The
/// e-mail of a draft quote is checked the same way before its PDF is made.
pub(crate) fn check_sendable(
    items: &[crate::model::LineItem],
    valid_until: Option<&str>,
    today: &str,
) -> Result<()> {
    documents::require_items(items, "sending the quote")?;
    if valid_until.is_some_and(|v| v < today) {
        return Err(CoreError::field(
            "valid_until",
            "this quote's valid-until date has passed; choose a later date before sending it",
        ));
    }
    Ok(())
}

struct ValidQuote {
    client_id: Id,
    body: Body,
    valid_until: Option<String>,
}

fn validate_quote(input: &QuoteInput) -> Result<ValidQuote> {
    let body = Body::validate(
        &input.currency,
        &input.items,
        &input.discount,
        input.notes.as_deref(),
    )?;
    let valid_until = match input
        .valid_until
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        Some(v) => Some(format_date(parse_date("valid_until", v)?)),
        None => None,
    };
    Ok(ValidQuote {
        client_id: input.client_id,
        body,
        valid_until,
    })
}

#[derive(sqlx::FromRow)]
struct QuoteRow {
    id: Id,
    number: String,
    client_id: Id,
    client_name: String,
    status: StoredQuoteStatus,
    currency: String,
    discount_kind: String,
    discount_value: i64,
    notes: Option<String>,
    valid_until: Option<String>,
    total_minor: i64,
    created_at: String,
    updated_at: String,
    sent_at: Option<String>,
    decided_at: Option<String>,
    version: i64,
    invoice_id: Option<Id>,
    invoice_number: Option<String>,
    revises_id: Option<Id>,
    revises_number: Option<String>,
    revised_by_id: Option<Id>,
    revised_by_number: Option<String>,
}

const QUOTE_SELECT: &str =
    "SELECT q.*, c.name AS client_name, i.id AS invoice_id, i.number AS invoice_number,
        r.number AS revises_number, n.id AS revised_by_id, n.number AS revised_by_number
     FROM quotes q JOIN clients c ON c.id = q.client_id LEFT JOIN invoices i ON i.quote_id = q.id
     LEFT JOIN quotes r ON r.id = q.revises_id
     LEFT JOIN quotes n ON n.id = (SELECT max(id) FROM quotes WHERE revises_id = q.id)";

/// (stored status, version, client id, number) of a quote, or `not_found`.
async fn quote_state(
    conn: &mut SqliteConnection,
    id: Id,
) -> Result<(StoredQuoteStatus, i64, Id, String)> {
    sqlx::query_as("SELECT status, version, client_id, number FROM quotes WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(CoreError::NotFound {
            entity: "quote",
            id,
        })
}

impl Store {
    /// One page of the quote list, most recently changed first.
    pub async fn quote_page(
        &self,
        filter: &QuoteFilter,
        page: &PageRequest,
    ) -> Result<Page<QuoteSummary>> {
        self.quotes_paged(filter, Paging::new(page)?).await
    }

    /// The whole quote list (exports, a client's page; screens of every quote read pages).
    pub async fn list_quotes(&self, filter: &QuoteFilter) -> Result<Vec<QuoteSummary>> {
        Ok(self.quotes_paged(filter, Paging::all()).await?.rows)
    }

    async fn quotes_paged(
        &self,
        filter: &QuoteFilter,
        paging: Paging,
    ) -> Result<Page<QuoteSummary>> {
        let pattern = search_pattern(filter.search.as_deref())?;
        let today = format_date(self.today());
        let (stored, expired_only, unexpired_only) = match filter.status {
            None => (None, false, false),
            Some(QuoteStatus::Draft) => (Some(StoredQuoteStatus::Draft), false, false),
            Some(QuoteStatus::Sent) => (Some(StoredQuoteStatus::Sent), false, true),
            Some(QuoteStatus::Expired) => (Some(StoredQuoteStatus::Sent), true, false),
            Some(QuoteStatus::Accepted) => (Some(StoredQuoteStatus::Accepted), false, false),
            Some(QuoteStatus::Declined) => (Some(StoredQuoteStatus::Declined), false, false),
        };
        // Conditions are added only when set, so SQLite can use the index of each filter.
        // Dates are written `+column`, which keeps SQLite from choosing a date index: most
        // sent quotes of a long history have expired, so walking the status in list order
        // finds a page at once, where a date range must sort thousands of rows first.
        let conditions = |query: &mut QueryBuilder<Sqlite>| {
            if let Some(stored) = stored {
                query.push(" AND q.status = ").push_bind(stored);
            }
            if expired_only {
                query
                    .push(" AND +q.valid_until < ")
                    .push_bind(today.clone());
            }
            if unexpired_only {
                query
                    .push(" AND (+q.valid_until IS NULL OR +q.valid_until >= ")
                    .push_bind(today.clone())
                    .push(")");
            }
            if let Some(client_id) = filter.client_id {
                query.push(" AND q.client_id = ").push_bind(client_id);
            }
            if let Some(pattern) = &pattern {
                query
                    .push(" AND (q.number LIKE ")
                    .push_bind(pattern.typed.clone())
                    .push(r" ESCAPE '\' OR q.client_id IN (SELECT id FROM clients WHERE search_key LIKE ")
                    .push_bind(pattern.folded.clone())
                    .push(r" ESCAPE '\'))");
            }
        };
        let mut query = QueryBuilder::<Sqlite>::new(QUOTE_SELECT);
        query.push(" WHERE 1 = 1");
        conditions(&mut query);
        paging.push_tail(&mut query, "q.updated_at", "q.id", Order::Descending);
        let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM quotes q WHERE 1 = 1");
        conditions(&mut count);
        let (rows, total) = paging.fetch(&self.pool(), query, count).await?;
        let rows = rows
            .iter()
            .map(|row| Ok(summary(QuoteRow::from_row(row)?, &today)))
            .collect::<Result<Vec<_>>>()?;
        Ok(paging.finish(rows, total, |r: &QuoteSummary| PageCursor {
            key: r.updated_at.clone(),
            id: r.id,
        }))
    }

    /// The most recently changed quotes, for the dashboard.
    pub(crate) async fn recent_quotes(&self, limit: i64) -> Result<Vec<QuoteSummary>> {
        let today = format_date(self.today());
        let rows: Vec<QuoteRow> = sqlx::query_as(&format!(
            "{QUOTE_SELECT} ORDER BY q.updated_at DESC, q.id DESC LIMIT ?"
        ))
        .bind(limit)
        .fetch_all(&self.pool())
        .await?;
        Ok(rows.into_iter().map(|r| summary(r, &today)).collect())
    }

    pub async fn get_quote(&self, id: Id) -> Result<Quote> {
        let mut conn = self.pool().acquire().await?;
        let row: QuoteRow = sqlx::query_as(&format!("{QUOTE_SELECT} WHERE q.id = ?"))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(CoreError::NotFound {
                entity: "quote",
                id,
            })?;
        let items = documents::read_items(&mut conn, Kind::Quote, id).await?;
        let discount = documents::discount_from_columns(&row.discount_kind, row.discount_value);
        let totals = documents::totals_of(&items, &discount)?;
        let today = format_date(self.today());
        Ok(Quote {
            id: row.id,
            status: quote_status(row.status, row.valid_until.as_deref(), &today),
            number: row.number,
            client_id: row.client_id,
            client_name: row.client_name,
            currency: row.currency,
            items,
            discount,
            notes: row.notes,
            valid_until: row.valid_until,
            totals,
            invoice_id: row.invoice_id,
            invoice_number: row.invoice_number,
            revises: row
                .revises_id
                .zip(row.revises_number)
                .map(|(id, number)| DocumentRef { id, number }),
            revised_by: row
                .revised_by_id
                .zip(row.revised_by_number)
                .map(|(id, number)| DocumentRef { id, number }),
            created_at: row.created_at,
            updated_at: row.updated_at,
            sent_at: row.sent_at,
            decided_at: row.decided_at,
            version: row.version,
        })
    }

    /// Creates a draft quote and gives it the next number.
    pub async fn create_quote(&self, input: &QuoteInput) -> Result<Quote> {
        self.insert_quote(input, None).await
    }

    /// A new draft with the same client, currency, lines, discount and notes. With `revise`,
    /// the draft replaces a sent, expired or declined quote and keeps a link to it (and the
    /// meetings of the old quote stay where they are).
    pub async fn duplicate_quote(&self, id: Id, revise: bool) -> Result<Quote> {
        let source = self.get_quote(id).await?;
        if revise
            && !matches!(
                source.status,
                QuoteStatus::Sent | QuoteStatus::Expired | QuoteStatus::Declined
            )
        {
            return Err(CoreError::InvalidState(
                "Only a sent, expired or declined quote can be revised; duplicate it instead."
                    .into(),
            ));
        }
        if revise {
            if let Some(newer) = source.revised_by.as_ref() {
                let status: StoredQuoteStatus =
                    sqlx::query_scalar("SELECT status FROM quotes WHERE id = ?")
                        .bind(newer.id)
                        .fetch_one(&self.pool())
                        .await?;
                if status == StoredQuoteStatus::Draft {
                    return Err(CoreError::InvalidState(format!(
                        "{} is already a draft revision of this quote: open it to continue.",
                        newer.number
                    )));
                }
            }
        }
        let today = format_date(self.today());
        let input = QuoteInput {
            client_id: source.client_id,
            currency: source.currency,
            items: source.items.iter().map(documents::line_input).collect(),
            discount: source.discount,
            notes: source.notes,
            // A date that has passed would only block sending the copy.
            valid_until: source.valid_until.filter(|v| *v >= today),
        };
        self.insert_quote(&input, revise.then_some(id)).await
    }

    async fn insert_quote(&self, input: &QuoteInput, revises: Option<Id>) -> Result<Quote> {
        let q = validate_quote(input)?;
        let mut tx = self.write_tx().await?;
        documents::check_client_open(&mut tx, q.client_id).await?;
        let number = documents::next_number(&mut tx, Kind::Quote).await?;
        let now = self.now_text();
        let (discount_kind, discount_value) = documents::discount_columns(&q.body.discount);
        let id: Id = sqlx::query_scalar(
            "INSERT INTO quotes (number, client_id, status, currency, discount_kind, discount_value, notes, valid_until,
                subtotal_minor, discount_minor, tax_minor, total_minor, created_at, updated_at, revises_id)
             VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&number)
        .bind(q.client_id)
        .bind(&q.body.currency)
        .bind(discount_kind)
        .bind(discount_value)
        .bind(&q.body.notes)
        .bind(&q.valid_until)
        .bind(q.body.totals.subtotal_minor)
        .bind(q.body.totals.discount_minor)
        .bind(q.body.totals.tax_minor)
        .bind(q.body.totals.total_minor)
        .bind(&now)
        .bind(&now)
        .bind(revises)
        .fetch_one(&mut *tx)
        .await?;
        documents::write_items(&mut tx, Kind::Quote, id, &q.body).await?;
        let links = Links {
            quote: Some((id, &number)),
            ..Links::default()
        };
        let kind = if revises.is_some() {
            ActivityKind::QuoteRevised
        } else {
            ActivityKind::QuoteCreated
        };
        activity::record(&mut tx, &self.now_text(), q.client_id, kind, links).await?;
        tx.commit().await?;
        tracing::info!(quote = id, %number, "quote created");
        self.get_quote(id).await
    }

    /// Saves a draft; sent or decided quotes are locked.
    pub async fn update_quote(
        &self,
        id: Id,
        input: &QuoteInput,
        expected_version: i64,
    ) -> Result<Quote> {
        let q = validate_quote(input)?;
        let mut tx = self.write_tx().await?;
        let (status, version, client_id, _) = quote_state(&mut tx, id).await?;
        check_version(Kind::Quote, version, expected_version)?;
        if status != StoredQuoteStatus::Draft {
            return Err(CoreError::InvalidState(
                "only draft quotes can be edited".into(),
            ));
        }
        if q.client_id != client_id {
            documents::check_client_open(&mut tx, q.client_id).await?;
        }
        let (discount_kind, discount_value) = documents::discount_columns(&q.body.discount);
        sqlx::query(
            "UPDATE quotes SET client_id = ?, currency = ?, discount_kind = ?, discount_value = ?, notes = ?,
                valid_until = ?, subtotal_minor = ?, discount_minor = ?, tax_minor = ?, total_minor = ?,
                updated_at = ?, version = version + 1
             WHERE id = ?",
        )
        .bind(q.client_id)
        .bind(&q.body.currency)
        .bind(discount_kind)
        .bind(discount_value)
        .bind(&q.body.notes)
        .bind(&q.valid_until)
        .bind(q.body.totals.subtotal_minor)
        .bind(q.body.totals.discount_minor)
        .bind(q.body.totals.tax_minor)
        .bind(q.body.totals.total_minor)
        .bind(self.now_text())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        documents::write_items(&mut tx, Kind::Quote, id, &q.body).await?;
        if q.client_id != client_id {
            // The timeline follows the quote to its new client.
            sqlx::query("UPDATE activity SET client_id = ? WHERE quote_id = ?")
                .bind(q.client_id)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.get_quote(id).await
    }

    /// draft → sent.
    pub async fn send_quote(&self, id: Id, expected_version: i64) -> Result<Quote> {
        self.transition(
            id,
            expected_version,
            StoredQuoteStatus::Draft,
            StoredQuoteStatus::Sent,
            ActivityKind::QuoteSent,
        )
        .await
    }

    /// sent (or expired) → accepted.
    pub async fn accept_quote(&self, id: Id, expected_version: i64) -> Result<Quote> {
        self.transition(
            id,
            expected_version,
            StoredQuoteStatus::Sent,
            StoredQuoteStatus::Accepted,
            ActivityKind::QuoteAccepted,
        )
        .await
    }

    /// sent (or expired) → declined.
    pub async fn decline_quote(&self, id: Id, expected_version: i64) -> Result<Quote> {
        self.transition(
            id,
            expected_version,
            StoredQuoteStatus::Sent,
            StoredQuoteStatus::Declined,
            ActivityKind::QuoteDeclined,
        )
        .await
    }

    async fn transition(
        &self,
        id: Id,
        expected_version: i64,
        from: StoredQuoteStatus,
        to: StoredQuoteStatus,
        kind: ActivityKind,
    ) -> Result<Quote> {
        let mut tx = self.write_tx().await?;
        let (status, version, client_id, number) = quote_state(&mut tx, id).await?;
        check_version(Kind::Quote, version, expected_version)?;
        if status != from {
            return Err(CoreError::InvalidState(format!(
                "a {} quote cannot be marked {}",
                status.word(),
                to.word()
            )));
        }
        if to == StoredQuoteStatus::Sent {
            let items = documents::read_items(&mut tx, Kind::Quote, id).await?;
            let valid_until: Option<String> =
                sqlx::query_scalar("SELECT valid_until FROM quotes WHERE id = ?")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
            check_sendable(&items, valid_until.as_deref(), &format_date(self.today()))?;
        }
        let now = self.now_text();
        let stamp_column = if to == StoredQuoteStatus::Sent {
            "sent_at"
        } else {
            "decided_at"
        };
        sqlx::query(&format!(
            "UPDATE quotes SET status = ?, {stamp_column} = ?, updated_at = ?, version = version + 1 WHERE id = ?"
        ))
        .bind(to)
        .bind(&now)
        .bind(&now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let links = Links {
            quote: Some((id, &number)),
            ..Links::default()
        };
        activity::record(&mut tx, &self.now_text(), client_id, kind, links).await?;
        tx.commit().await?;
        tracing::info!(quote = id, %number, status = to.word(), "quote status changed");
        self.get_quote(id).await
    }

    /// Turns an accepted quote into a draft invoice with the same lines; a quote converts once.
    pub async fn convert_quote_to_invoice(&self, id: Id) -> Result<Invoice> {
        let mut tx = self.write_tx().await?;
        let (status, _, client_id, number) = quote_state(&mut tx, id).await?;
        if status != StoredQuoteStatus::Accepted {
            return Err(CoreError::InvalidState(
                "only accepted quotes can be converted into an invoice".into(),
            ));
        }
        let existing: Option<Id> = sqlx::query_scalar("SELECT id FROM invoices WHERE quote_id = ?")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        if existing.is_some() {
            return Err(CoreError::InvalidState(format!(
                "{number} has already been converted into an invoice"
            )));
        }
        documents::check_client_open(&mut tx, client_id).await?;
        let terms: i64 =
            sqlx::query_scalar("SELECT payment_terms_days FROM document_settings WHERE id = 1")
                .fetch_one(&mut *tx)
                .await?;
        let today = self.today();
        let due = today.checked_add(Duration::days(terms)).unwrap_or(today);
        let now = self.now_text();
        let invoice_id: Id = sqlx::query_scalar(
            "INSERT INTO invoices (client_id, quote_id, status, currency, discount_kind, discount_value, notes,
                issue_date, due_date, subtotal_minor, discount_minor, tax_minor, total_minor, created_at, updated_at)
             SELECT client_id, id, 'draft', currency, discount_kind, discount_value, notes, ?, ?,
                subtotal_minor, discount_minor, tax_minor, total_minor, ?, ?
             FROM quotes WHERE id = ?
             RETURNING id",
        )
        .bind(format_date(today))
        .bind(format_date(due))
        .bind(&now)
        .bind(&now)
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO invoice_items (invoice_id, position, description, quantity_milli, unit_price_minor, tax_rate_milli, line_total_minor)
             SELECT ?, position, description, quantity_milli, unit_price_minor, tax_rate_milli, line_total_minor
             FROM quote_items WHERE quote_id = ?",
        )
        .bind(invoice_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE quotes SET updated_at = ?, version = version + 1 WHERE id = ?")
            .bind(&now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let links = Links {
            quote: Some((id, &number)),
            invoice: Some((invoice_id, None)),
            ..Links::default()
        };
        activity::record(
            &mut tx,
            &self.now_text(),
            client_id,
            ActivityKind::QuoteConverted,
            links,
        )
        .await?;
        let links = Links {
            quote: Some((id, &number)),
            invoice: Some((invoice_id, None)),
            ..Links::default()
        };
        activity::record(
            &mut tx,
            &self.now_text(),
            client_id,
            ActivityKind::InvoiceCreated,
            links,
        )
        .await?;
        tx.commit().await?;
        tracing::info!(quote = id, invoice = invoice_id, "quote converted");
        self.get_invoice(invoice_id).await
    }

    /// Deletes a draft quote with its lines and timeline entries.
    pub async fn delete_quote(&self, id: Id) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let (status, ..) = quote_state(&mut tx, id).await?;
        if status != StoredQuoteStatus::Draft {
            return Err(CoreError::InvalidState(
                "only draft quotes can be deleted".into(),
            ));
        }
        sqlx::query("DELETE FROM quotes WHERE id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

fn summary(r: QuoteRow, today: &str) -> QuoteSummary {
    QuoteSummary {
        id: r.id,
        status: quote_status(r.status, r.valid_until.as_deref(), today),
        number: r.number,
        client_id: r.client_id,
        client_name: r.client_name,
        currency: r.currency,
        total_minor: r.total_minor,
        valid_until: r.valid_until,
        invoice_id: r.invoice_id,
        updated_at: r.updated_at,
        version: r.version,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_sent_quote_past_its_date_is_expired() {
        let today = "2025-06-15";
        assert_eq!(
            quote_status(StoredQuoteStatus::Sent, Some("2025-06-14"), today),
            QuoteStatus::Expired
        );
        assert_eq!(
            quote_status(StoredQuoteStatus::Sent, Some("2025-06-15"), today),
            QuoteStatus::Sent,
            "valid through the day"
        );
        assert_eq!(
            quote_status(StoredQuoteStatus::Sent, None, today),
            QuoteStatus::Sent
        );
        assert_eq!(
            quote_status(StoredQuoteStatus::Draft, Some("2000-01-01"), today),
            QuoteStatus::Draft
        );
        assert_eq!(
            quote_status(StoredQuoteStatus::Accepted, Some("2000-01-01"), today),
            QuoteStatus::Accepted
        );
        assert_eq!(
            quote_status(StoredQuoteStatus::Declined, Some("2000-01-01"), today),
            QuoteStatus::Declined
        );
    }
}
