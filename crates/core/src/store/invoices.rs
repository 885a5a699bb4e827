//! Invoices: drafts without a number, issued with the next gapless number, paid or voided.

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
    ActivityKind, Id, Invoice, InvoiceFilter, InvoiceInput, InvoiceStatus, InvoiceSummary, Page,
    PageCursor, PageRequest,
};

/// An invoice's status as stored (the `invoices.status` column); `overdue` is derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::Type)]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum StoredInvoiceStatus {
    Draft,
    /// Issued and not paid or voided; stored as `sent`, its name before "sent" meant sent.
    #[sqlx(rename = "sent")]
    Issued,
    Paid,
    Void,
}

impl StoredInvoiceStatus {
    /// The word used in messages ("a paid invoice cannot be voided").
    fn word(self) -> &'static str {
        match self {
            StoredInvoiceStatus::Draft => "draft",
            StoredInvoiceStatus::Issued => "issued",
            StoredInvoiceStatus::Paid => "paid",
            StoredInvoiceStatus::Void => "void",
        }
    }
}

/// The status a user sees: an issued invoice is `sent` once the user confirmed it went out,
/// and `overdue` (sent or not) after its due date.
pub fn invoice_status(
    stored: StoredInvoiceStatus,
    sent: bool,
    due_date: &str,
    today: &str,
) -> InvoiceStatus {
    match stored {
        StoredInvoiceStatus::Issued if due_date < today => InvoiceStatus::Overdue,
        StoredInvoiceStatus::Issued if sent => InvoiceStatus::Sent,
        StoredInvoiceStatus::Issued => InvoiceStatus::Issued,
        StoredInvoiceStatus::Paid => InvoiceStatus::Paid,
        StoredInvoiceStatus::Void => InvoiceStatus::Void,
        StoredInvoiceStatus::Draft => InvoiceStatus::Draft,
    }
}

struct ValidInvoice {
    client_id: Id,
    body: Body,
    issue_date: String,
    due_date: String,
}

fn validate_invoice(input: &InvoiceInput) -> Result<ValidInvoice> {
    let body = Body::validate(
        &input.currency,
        &input.items,
        &input.discount,
        input.notes.as_deref(),
    )?;
    let issue = parse_date("issue_date", &input.issue_date)?;
    let due = parse_date("due_date", &input.due_date)?;
    if due < issue {
        return Err(CoreError::field(
            "due_date",
            "the due date cannot be before the issue date",
        ));
    }
    Ok(ValidInvoice {
        client_id: input.client_id,
        body,
        issue_date: format_date(issue),
        due_date: format_date(due),
    })
}

#[derive(sqlx::FromRow)]
struct InvoiceRow {
    id: Id,
    number: Option<String>,
    client_id: Id,
    client_name: String,
    status: StoredInvoiceStatus,
    currency: String,
    discount_kind: String,
    discount_value: i64,
    notes: Option<String>,
    issue_date: String,
    due_date: String,
    paid_on: Option<String>,
    total_minor: i64,
    quote_id: Option<Id>,
    quote_number: Option<String>,
    created_at: String,
    updated_at: String,
    issued_at: Option<String>,
    sent_at: Option<String>,
    voided_at: Option<String>,
    version: i64,
}

const INVOICE_SELECT: &str = "SELECT i.*, c.name AS client_name, q.number AS quote_number
     FROM invoices i JOIN clients c ON c.id = i.client_id LEFT JOIN quotes q ON q.id = i.quote_id";

/// What transitions need to know about an invoice.
#[derive(sqlx::FromRow)]
struct InvoiceState {
    status: StoredInvoiceStatus,
    version: i64,
    client_id: Id,
    number: Option<String>,
    quote_id: Option<Id>,
    issue_date: String,
}

async fn invoice_state(conn: &mut SqliteConnection, id: Id) -> Result<InvoiceState> {
    sqlx::query_as("SELECT status, version, client_id, number, quote_id, issue_date FROM invoices WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(CoreError::NotFound { entity: "invoice", id })
}

impl Store {
    /// One page of the invoice list, most recently changed first.
    pub async fn invoice_page(
        &self,
        filter: &InvoiceFilter,
        page: &PageRequest,
    ) -> Result<Page<InvoiceSummary>> {
        self.invoices_paged(filter, Paging::new(page)?).await
    }

    /// The whole invoice list (exports, a client's page; screens of every invoice read pages).
    pub async fn list_invoices(&self, filter: &InvoiceFilter) -> Result<Vec<InvoiceSummary>> {
        Ok(self.invoices_paged(filter, Paging::all()).await?.rows)
    }

    async fn invoices_paged(
        &self,
        filter: &InvoiceFilter,
        paging: Paging,
    ) -> Result<Page<InvoiceSummary>> {
        let pattern = search_pattern(filter.search.as_deref())?;
        let today = format_date(self.today());
        // (stored status, due date passed?, sent?) the filter asks for; `None` = either.
        let (stored, overdue, sent) = match filter.status {
            None => (None, None, None),
            Some(InvoiceStatus::Draft) => (Some(StoredInvoiceStatus::Draft), None, None),
            Some(InvoiceStatus::Issued) => {
                (Some(StoredInvoiceStatus::Issued), Some(false), Some(false))
            }
            Some(InvoiceStatus::Sent) => {
                (Some(StoredInvoiceStatus::Issued), Some(false), Some(true))
            }
            Some(InvoiceStatus::Overdue) => (Some(StoredInvoiceStatus::Issued), Some(true), None),
            Some(InvoiceStatus::Paid) => (Some(StoredInvoiceStatus::Paid), None, None),
            Some(InvoiceStatus::Void) => (Some(StoredInvoiceStatus::Void), None, None),
        };
        // Conditions are added only when set, so SQLite can use the index of each filter.
        // `+i.due_date` keeps SQLite walking the status in list order (see `quotes_paged`).
        let conditions = |query: &mut QueryBuilder<Sqlite>| {
            if let Some(stored) = stored {
                query.push(" AND i.status = ").push_bind(stored);
            }
            match overdue {
                Some(true) => {
                    query.push(" AND +i.due_date < ").push_bind(today.clone());
                }
                Some(false) => {
                    query.push(" AND +i.due_date >= ").push_bind(today.clone());
                }
                None => {}
            }
            match sent {
                Some(true) => {
                    query.push(" AND i.sent_at IS NOT NULL");
                }
                Some(false) => {
                    query.push(" AND i.sent_at IS NULL");
                }
                None => {}
            }
            if let Some(client_id) = filter.client_id {
                query.push(" AND i.client_id = ").push_bind(client_id);
            }
            if let Some(pattern) = &pattern {
                query
                    .push(" AND (i.number LIKE ")
                    .push_bind(pattern.typed.clone())
                    .push(r" ESCAPE '\' OR i.client_id IN (SELECT id FROM clients WHERE search_key LIKE ")
                    .push_bind(pattern.folded.clone())
                    .push(r" ESCAPE '\'))");
            }
        };
        let mut query = QueryBuilder::<Sqlite>::new(INVOICE_SELECT);
        query.push(" WHERE 1 = 1");
        conditions(&mut query);
        paging.push_tail(&mut query, "i.updated_at", "i.id", Order::Descending);
        let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM invoices i WHERE 1 = 1");
        conditions(&mut count);
        let (rows, total) = paging.fetch(&self.pool(), query, count).await?;
        let rows = rows
            .iter()
            .map(|row| Ok(summary(InvoiceRow::from_row(row)?, &today)))
            .collect::<Result<Vec<_>>>()?;
        Ok(paging.finish(rows, total, |r: &InvoiceSummary| PageCursor {
            key: r.updated_at.clone(),
            id: r.id,
        }))
    }

    /// The most recently changed invoices, for the dashboard.
    pub(crate) async fn recent_invoices(&self, limit: i64) -> Result<Vec<InvoiceSummary>> {
        let today = format_date(self.today());
        let rows: Vec<InvoiceRow> = sqlx::query_as(&format!(
            "{INVOICE_SELECT} ORDER BY i.updated_at DESC, i.id DESC LIMIT ?"
        ))
        .bind(limit)
        .fetch_all(&self.pool())
        .await?;
        Ok(rows.into_iter().map(|r| summary(r, &today)).collect())
    }

    pub async fn get_invoice(&self, id: Id) -> Result<Invoice> {
        let mut conn = self.pool().acquire().await?;
        let row: InvoiceRow = sqlx::query_as(&format!("{INVOICE_SELECT} WHERE i.id = ?"))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(CoreError::NotFound {
                entity: "invoice",
                id,
            })?;
        let items = documents::read_items(&mut conn, Kind::Invoice, id).await?;
        let discount = documents::discount_from_columns(&row.discount_kind, row.discount_value);
        let totals = documents::totals_of(&items, &discount)?;
        let today = format_date(self.today());
        Ok(Invoice {
            id: row.id,
            status: invoice_status(row.status, row.sent_at.is_some(), &row.due_date, &today),
            number: row.number,
            client_id: row.client_id,
            client_name: row.client_name,
            currency: row.currency,
            items,
            discount,
            notes: row.notes,
            issue_date: row.issue_date,
            due_date: row.due_date,
            paid_on: row.paid_on,
            totals,
            quote_id: row.quote_id,
            quote_number: row.quote_number,
            created_at: row.created_at,
            updated_at: row.updated_at,
            issued_at: row.issued_at,
            sent_at: row.sent_at,
            voided_at: row.voided_at,
            version: row.version,
        })
    }

    /// Creates a draft invoice; it gets a number only when issued.
    pub async fn create_invoice(&self, input: &InvoiceInput) -> Result<Invoice> {
        let v = validate_invoice(input)?;
        let mut tx = self.write_tx().await?;
        documents::check_client_open(&mut tx, v.client_id).await?;
        let now = self.now_text();
        let (discount_kind, discount_value) = documents::discount_columns(&v.body.discount);
        let id: Id = sqlx::query_scalar(
            "INSERT INTO invoices (client_id, status, currency, discount_kind, discount_value, notes, issue_date, due_date,
                subtotal_minor, discount_minor, tax_minor, total_minor, created_at, updated_at)
             VALUES (?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(v.client_id)
        .bind(&v.body.currency)
        .bind(discount_kind)
        .bind(discount_value)
        .bind(&v.body.notes)
        .bind(&v.issue_date)
        .bind(&v.due_date)
        .bind(v.body.totals.subtotal_minor)
        .bind(v.body.totals.discount_minor)
        .bind(v.body.totals.tax_minor)
        .bind(v.body.totals.total_minor)
        .bind(&now)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        documents::write_items(&mut tx, Kind::Invoice, id, &v.body).await?;
        let links = Links {
            invoice: Some((id, None)),
            ..Links::default()
        };
        activity::record(
            &mut tx,
            &self.now_text(),
            v.client_id,
            ActivityKind::InvoiceCreated,
            links,
        )
        .await?;
        tx.commit().await?;
        self.get_invoice(id).await
    }

    /// Saves a draft; issued invoices are locked.
    pub async fn update_invoice(
        &self,
        id: Id,
        input: &InvoiceInput,
        expected_version: i64,
    ) -> Result<Invoice> {
        let v = validate_invoice(input)?;
        let mut tx = self.write_tx().await?;
        let state = invoice_state(&mut tx, id).await?;
        check_version(Kind::Invoice, state.version, expected_version)?;
        if state.status != StoredInvoiceStatus::Draft {
            return Err(CoreError::InvalidState(
                "an issued invoice is locked; only drafts can be edited".into(),
            ));
        }
        if v.client_id != state.client_id {
            if state.quote_id.is_some() {
                return Err(CoreError::field(
                    "client_id",
                    "an invoice made from a quote stays with the quote's client",
                ));
            }
            documents::check_client_open(&mut tx, v.client_id).await?;
        }
        let (discount_kind, discount_value) = documents::discount_columns(&v.body.discount);
        sqlx::query(
            "UPDATE invoices SET client_id = ?, currency = ?, discount_kind = ?, discount_value = ?, notes = ?,
                issue_date = ?, due_date = ?, subtotal_minor = ?, discount_minor = ?, tax_minor = ?, total_minor = ?,
                updated_at = ?, version = version + 1
             WHERE id = ?",
        )
        .bind(v.client_id)
        .bind(&v.body.currency)
        .bind(discount_kind)
        .bind(discount_value)
        .bind(&v.body.notes)
        .bind(&v.issue_date)
        .bind(&v.due_date)
        .bind(v.body.totals.subtotal_minor)
        .bind(v.body.totals.discount_minor)
        .bind(v.body.totals.tax_minor)
        .bind(v.body.totals.total_minor)
        .bind(self.now_text())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        documents::write_items(&mut tx, Kind::Invoice, id, &v.body).await?;
        if v.client_id != state.client_id {
            sqlx::query("UPDATE activity SET client_id = ? WHERE invoice_id = ?")
                .bind(v.client_id)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.get_invoice(id).await
    }

    /// Issues a draft: takes the next number from the counter in the same immediate
    /// transaction, so numbers are gapless and never reused.
    pub async fn issue_invoice(&self, id: Id, expected_version: i64) -> Result<Invoice> {
        let mut tx = self.write_tx().await?;
        let state = invoice_state(&mut tx, id).await?;
        check_version(Kind::Invoice, state.version, expected_version)?;
        if state.status != StoredInvoiceStatus::Draft {
            return Err(CoreError::InvalidState(
                "this invoice has already been issued".into(),
            ));
        }
        let items = documents::read_items(&mut tx, Kind::Invoice, id).await?;
        documents::require_items(&items, "issuing the invoice")?;
        let number = documents::next_number(&mut tx, Kind::Invoice).await?;
        let now = self.now_text();
        sqlx::query(
            "UPDATE invoices SET status = 'sent', number = ?, issued_at = ?, updated_at = ?, version = version + 1 WHERE id = ?",
        )
        .bind(&number)
        .bind(&now)
        .bind(&now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let links = Links {
            invoice: Some((id, Some(&number))),
            ..Links::default()
        };
        activity::record(
            &mut tx,
            &self.now_text(),
            state.client_id,
            ActivityKind::InvoiceIssued,
            links,
        )
        .await?;
        tx.commit().await?;
        tracing::info!(invoice = id, %number, "invoice issued");
        self.get_invoice(id).await
    }

    /// Records payment of an issued invoice on `paid_on` (not before the issue date, not in the future).
    pub async fn mark_invoice_paid(
        &self,
        id: Id,
        paid_on: &str,
        expected_version: i64,
    ) -> Result<Invoice> {
        let paid = parse_date("paid_on", paid_on)?;
        if paid > self.today() {
            return Err(CoreError::field(
                "paid_on",
                "the payment date cannot be in the future",
            ));
        }
        let paid = format_date(paid);
        let mut tx = self.write_tx().await?;
        let state = invoice_state(&mut tx, id).await?;
        check_version(Kind::Invoice, state.version, expected_version)?;
        if state.status != StoredInvoiceStatus::Issued {
            return Err(CoreError::InvalidState(format!(
                "a {} invoice cannot be marked paid",
                state.status.word()
            )));
        }
        if paid < state.issue_date {
            return Err(CoreError::field(
                "paid_on",
                "the payment date cannot be before the issue date",
            ));
        }
        sqlx::query("UPDATE invoices SET status = 'paid', paid_on = ?, updated_at = ?, version = version + 1 WHERE id = ?")
            .bind(&paid)
            .bind(self.now_text())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let links = Links {
            invoice: Some((id, state.number.as_deref())),
            ..Links::default()
        };
        activity::record(
            &mut tx,
            &self.now_text(),
            state.client_id,
            ActivityKind::InvoicePaid,
            links,
        )
        .await?;
        tx.commit().await?;
        self.get_invoice(id).await
    }

    /// Voids an issued, unpaid invoice; it keeps its number.
    pub async fn void_invoice(&self, id: Id, expected_version: i64) -> Result<Invoice> {
        let mut tx = self.write_tx().await?;
        let state = invoice_state(&mut tx, id).await?;
        check_version(Kind::Invoice, state.version, expected_version)?;
        if state.status != StoredInvoiceStatus::Issued {
            let hint = if state.status == StoredInvoiceStatus::Draft {
                " (delete a draft instead)"
            } else {
                ""
            };
            return Err(CoreError::InvalidState(format!(
                "a {} invoice cannot be voided{hint}",
                state.status.word()
            )));
        }
        let now = self.now_text();
        sqlx::query("UPDATE invoices SET status = 'void', voided_at = ?, updated_at = ?, version = version + 1 WHERE id = ?")
            .bind(&now)
            .bind(&now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let links = Links {
            invoice: Some((id, state.number.as_deref())),
            ..Links::default()
        };
        activity::record(
            &mut tx,
            &self.now_text(),
            state.client_id,
            ActivityKind::InvoiceVoided,
            links,
        )
        .await?;
        tx.commit().await?;
        self.get_invoice(id).await
    }

    /// Records that an issued invoice went out to the client (the user confirms it after
    /// e-mailing the PDF).
    pub async fn mark_invoice_sent(&self, id: Id, expected_version: i64) -> Result<Invoice> {
        let mut tx = self.write_tx().await?;
        let state = invoice_state(&mut tx, id).await?;
        check_version(Kind::Invoice, state.version, expected_version)?;
        if state.status != StoredInvoiceStatus::Issued {
            return Err(CoreError::InvalidState(match state.status {
                StoredInvoiceStatus::Draft => "Issue this invoice before sending it.".into(),
                other => format!("A {} invoice cannot be marked as sent.", other.word()),
            }));
        }
        let now = self.now_text();
        let updated = sqlx::query(
            "UPDATE invoices SET sent_at = ?1, updated_at = ?1, version = version + 1
             WHERE id = ?2 AND sent_at IS NULL",
        )
        .bind(&now)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if updated == 0 {
            return Err(CoreError::InvalidState(
                "This invoice is already marked as sent.".into(),
            ));
        }
        let links = Links {
            invoice: Some((id, state.number.as_deref())),
            ..Links::default()
        };
        activity::record(
            &mut tx,
            &now,
            state.client_id,
            ActivityKind::InvoiceSent,
            links,
        )
        .await?;
        tx.commit().await?;
        self.get_invoice(id).await
    }

    /// A new draft with the same client, currency, lines, discount and notes, dated today and
    /// due after the payment terms.
    pub async fn duplicate_invoice(&self, id: Id) -> Result<Invoice> {
        let source = self.get_invoice(id).await?;
        let terms = self.document_settings().await?.payment_terms_days;
        let today = self.today();
        let due = today.checked_add(Duration::days(terms)).unwrap_or(today);
        self.create_invoice(&InvoiceInput {
            client_id: source.client_id,
            currency: source.currency,
            items: source.items.iter().map(documents::line_input).collect(),
            discount: source.discount,
            notes: source.notes,
            issue_date: format_date(today),
            due_date: format_date(due),
        })
        .await
    }

    /// Deletes a draft invoice; a quote it came from can be converted again.
    pub async fn delete_invoice(&self, id: Id) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let state = invoice_state(&mut tx, id).await?;
        if state.status != StoredInvoiceStatus::Draft {
            return Err(CoreError::InvalidState(
                "issued invoices are kept; void it instead".into(),
            ));
        }
        sqlx::query("DELETE FROM invoices WHERE id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if let Some(quote_id) = state.quote_id {
            sqlx::query("UPDATE quotes SET updated_at = ?, version = version + 1 WHERE id = ?")
                .bind(self.now_text())
                .bind(quote_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

fn summary(r: InvoiceRow, today: &str) -> InvoiceSummary {
    InvoiceSummary {
        id: r.id,
        status: invoice_status(r.status, r.sent_at.is_some(), &r.due_date, today),
        number: r.number,
        client_id: r.client_id,
        client_name: r.client_name,
        currency: r.currency,
        total_minor: r.total_minor,
        issue_date: r.issue_date,
        due_date: r.due_date,
        paid_on: r.paid_on,
        updated_at: r.updated_at,
        version: r.version,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_issued_unpaid_invoice_past_its_due_date_is_overdue() {
        let today = "2025-06-15";
        for sent in [false, true] {
            assert_eq!(
                invoice_status(StoredInvoiceStatus::Issued, sent, "2025-06-14", today),
                InvoiceStatus::Overdue
            );
        }
        assert_eq!(
            invoice_status(StoredInvoiceStatus::Issued, false, "2025-06-15", today),
            InvoiceStatus::Issued,
            "due today is not overdue"
        );
        assert_eq!(
            invoice_status(StoredInvoiceStatus::Issued, true, "2025-06-15", today),
            InvoiceStatus::Sent
        );
        assert_eq!(
            invoice_status(StoredInvoiceStatus::Draft, false, "2000-01-01", today),
            InvoiceStatus::Draft
        );
        assert_eq!(
            invoice_status(StoredInvoiceStatus::Paid, true, "2000-01-01", today),
            InvoiceStatus::Paid
        );
        assert_eq!(
            invoice_status(StoredInvoiceStatus::Void, true, "2000-01-01", today),
            InvoiceStatus::Void
        );
    }
}
