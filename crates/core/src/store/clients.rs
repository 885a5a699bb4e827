//! Clients: list, detail, create, edit, archive or delete.

use sqlx::{FromRow, QueryBuilder, Sqlite, SqliteConnection};

use super::activity::{self, Links};
use super::paging::{Order, Paging};
use super::{like_pattern, Store};
use crate::error::{CoreError, Result};
use crate::model::{
    ActivityKind, Client, ClientDetail, ClientFilter, ClientInput, ClientSummary, DeleteOutcome,
    DeleteResult, Id, InvoiceFilter, Page, PageCursor, PageRequest, QuoteFilter,
};
use crate::search;
use crate::validate::{self, MAX_ADDRESS, MAX_NAME, MAX_NOTES, MAX_PHONE, MAX_TAX_NUMBER};

/// Quotes and invoices the client page shows before "show more".
const CLIENT_PAGE_DOCUMENTS: u32 = 50;
/// Timeline entries the client page shows before "show earlier".
const CLIENT_PAGE_ACTIVITY: u32 = 100;

/// Longest search text accepted by the list filters.
pub(crate) const MAX_SEARCH: usize = 200;

/// A client form after validation.
pub(crate) struct ValidClient {
    name: String,
    company: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    address: Option<String>,
    notes: Option<String>,
    tax_number: Option<String>,
}

impl ValidClient {
    fn search_key(&self) -> String {
        search::client_key(&self.name, self.company.as_deref(), self.email.as_deref())
    }
}

/// Checks a client form without saving it (an import reports every bad row at once).
pub fn check_client(input: &ClientInput) -> Result<()> {
    validate_client(input).map(|_| ())
}

pub(crate) fn validate_client(input: &ClientInput) -> Result<ValidClient> {
    Ok(ValidClient {
        name: validate::required_text("name", &input.name, MAX_NAME, "A name")?,
        company: validate::optional_text("company", input.company.as_deref(), MAX_NAME, false)?,
        email: validate::optional_email("email", input.email.as_deref())?,
        phone: validate::optional_text("phone", input.phone.as_deref(), MAX_PHONE, false)?,
        address: validate::optional_text("address", input.address.as_deref(), MAX_ADDRESS, true)?,
        notes: validate::optional_text("notes", input.notes.as_deref(), MAX_NOTES, true)?,
        tax_number: validate::optional_text(
            "tax_number",
            input.tax_number.as_deref(),
            MAX_TAX_NUMBER,
            false,
        )?,
    })
}

/// The search text of a list filter as LIKE patterns.
pub(crate) struct SearchPattern {
    /// Case and accents folded, for `clients.search_key`.
    pub folded: String,
    /// As typed, for document numbers (whose prefix may have accents: `FAKTÚRA-`).
    pub typed: String,
}

/// `None` for "everything".
pub(crate) fn search_pattern(search: Option<&str>) -> Result<Option<SearchPattern>> {
    Ok(
        validate::optional_text("search", search, MAX_SEARCH, false)?.map(|s| SearchPattern {
            folded: like_pattern(&search::fold(&s)),
            typed: like_pattern(&s),
        }),
    )
}

#[derive(sqlx::FromRow)]
struct ClientRow {
    id: Id,
    name: String,
    company: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    address: Option<String>,
    notes: Option<String>,
    tax_number: Option<String>,
    archived: bool,
    created_at: String,
    updated_at: String,
    version: i64,
}

impl From<ClientRow> for Client {
    fn from(r: ClientRow) -> Self {
        Client {
            id: r.id,
            name: r.name,
            company: r.company,
            email: r.email,
            phone: r.phone,
            address: r.address,
            notes: r.notes,
            tax_number: r.tax_number,
            archived: r.archived,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: Id,
    name: String,
    company: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    archived: bool,
    open_quotes: i64,
    open_invoices: i64,
    version: i64,
}

impl Store {
    /// One page of the client list, sorted by name; `search` matches name, company and
    /// e-mail, ignoring case and accents.
    pub async fn client_page(
        &self,
        filter: &ClientFilter,
        page: &PageRequest,
    ) -> Result<Page<ClientSummary>> {
        self.clients_paged(filter, Paging::new(page)?).await
    }

    /// The whole client list (the CLI and exports; screens read pages).
    pub async fn list_clients(&self, filter: &ClientFilter) -> Result<Vec<ClientSummary>> {
        Ok(self.clients_paged(filter, Paging::all()).await?.rows)
    }

    async fn clients_paged(
        &self,
        filter: &ClientFilter,
        paging: Paging,
    ) -> Result<Page<ClientSummary>> {
        let pattern = search_pattern(filter.search.as_deref())?;
        let conditions = |query: &mut QueryBuilder<Sqlite>| {
            if !filter.include_archived {
                query.push(" AND c.archived = 0");
            }
            if let Some(pattern) = &pattern {
                query
                    .push(" AND c.search_key LIKE ")
                    .push_bind(pattern.folded.clone())
                    .push(r" ESCAPE '\'");
            }
        };
        // Counted per row of the page, through the (client, status) indexes.
        let mut query = QueryBuilder::<Sqlite>::new(
            "SELECT c.id, c.name, c.company, c.email, c.phone, c.archived, c.version,
                (SELECT COUNT(*) FROM quotes WHERE client_id = c.id AND status IN ('draft', 'sent')) AS open_quotes,
                (SELECT COUNT(*) FROM invoices WHERE client_id = c.id AND status = 'sent') AS open_invoices
             FROM clients c WHERE 1 = 1",
        );
        conditions(&mut query);
        paging.push_tail(
            &mut query,
            "c.name COLLATE NOCASE",
            "c.id",
            Order::Ascending,
        );
        let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM clients c WHERE 1 = 1");
        conditions(&mut count);
        let (rows, total) = paging.fetch(&self.pool(), query, count).await?;
        let rows = rows
            .iter()
            .map(SummaryRow::from_row)
            .collect::<std::result::Result<Vec<_>, _>>()?
            .into_iter()
            .map(|r| ClientSummary {
                id: r.id,
                name: r.name,
                company: r.company,
                email: r.email,
                phone: r.phone,
                archived: r.archived,
                open_quotes: r.open_quotes,
                open_invoices: r.open_invoices,
                version: r.version,
            })
            .collect();
        Ok(paging.finish(rows, total, |r: &ClientSummary| PageCursor {
            key: r.name.clone(),
            id: r.id,
        }))
    }

    /// One client's contact data.
    pub async fn client(&self, id: Id) -> Result<Client> {
        let row: Option<ClientRow> = sqlx::query_as("SELECT * FROM clients WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool())
            .await?;
        row.map(Client::from).ok_or(CoreError::NotFound {
            entity: "client",
            id,
        })
    }

    /// Every client with all its contact data, archived ones too, in list order (exports).
    pub(crate) async fn all_clients(&self) -> Result<Vec<Client>> {
        let rows: Vec<ClientRow> =
            sqlx::query_as("SELECT * FROM clients ORDER BY name COLLATE NOCASE, id")
                .fetch_all(&self.pool())
                .await?;
        Ok(rows.into_iter().map(Client::from).collect())
    }

    /// The active client with this e-mail address (case-insensitively), the oldest when
    /// there are several: whom a new prospect or invitee with that address already is.
    pub async fn active_client_by_email(&self, email: &str) -> Result<Option<Client>> {
        let mut conn = self.pool().acquire().await?;
        active_client_by_email(&mut conn, email).await
    }

    /// The client page: contact data, and the first page of its quotes, invoices and
    /// timeline (a client of many years has hundreds of each).
    pub async fn get_client(&self, id: Id) -> Result<ClientDetail> {
        let client = self.client(id).await?;
        let documents = PageRequest::first(CLIENT_PAGE_DOCUMENTS);
        let quotes = self
            .quote_page(
                &QuoteFilter {
                    client_id: Some(id),
                    ..QuoteFilter::default()
                },
                &documents,
            )
            .await?;
        let invoices = self
            .invoice_page(
                &InvoiceFilter {
                    client_id: Some(id),
                    ..InvoiceFilter::default()
                },
                &documents,
            )
            .await?;
        let activity = self
            .client_activity_page(id, &PageRequest::first(CLIENT_PAGE_ACTIVITY))
            .await?;
        Ok(ClientDetail {
            client,
            quotes,
            invoices,
            activity,
        })
    }

    pub async fn create_client(&self, input: &ClientInput) -> Result<Client> {
        let c = validate_client(input)?;
        let mut tx = self.write_tx().await?;
        let id = insert_client(&mut tx, &c, &self.now_text()).await?;
        tx.commit().await?;
        self.client(id).await
    }

    /// Creates every client or none: the first invalid row (0-based index) fails the whole
    /// import, so a file is never half imported.
    pub async fn import_clients(&self, inputs: &[ClientInput]) -> Result<Vec<Id>> {
        let valid = inputs
            .iter()
            .enumerate()
            .map(|(i, input)| {
                validate_client(input).map_err(|e| match e {
                    CoreError::Validation { field, message } => CoreError::Validation {
                        field: Some(format!("rows[{i}].{}", field.unwrap_or_default())),
                        message,
                    },
                    other => other,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let now = self.now_text();
        let mut tx = self.write_tx().await?;
        let mut ids = Vec::with_capacity(valid.len());
        for c in &valid {
            ids.push(insert_client(&mut tx, c, &now).await?);
        }
        tx.commit().await?;
        Ok(ids)
    }

    /// Saves the form unless the client changed since `expected_version` (then `conflict`).
    pub async fn update_client(
        &self,
        id: Id,
        input: &ClientInput,
        expected_version: i64,
    ) -> Result<Client> {
        let c = validate_client(input)?;
        let mut tx = self.write_tx().await?;
        let version = client_version(&mut tx, id).await?;
        if version != expected_version {
            return Err(CoreError::Conflict { entity: "client" });
        }
        let changed = sqlx::query(
            "UPDATE clients SET name = ?1, company = ?2, email = ?3, phone = ?4, address = ?5, notes = ?6,
                tax_number = ?7, search_key = ?8, updated_at = ?9, version = version + 1
             WHERE id = ?10 AND NOT (name IS ?1 AND company IS ?2 AND email IS ?3 AND phone IS ?4
                AND address IS ?5 AND notes IS ?6 AND tax_number IS ?7)",
        )
        .bind(&c.name)
        .bind(&c.company)
        .bind(&c.email)
        .bind(&c.phone)
        .bind(&c.address)
        .bind(&c.notes)
        .bind(&c.tax_number)
        .bind(c.search_key())
        .bind(self.now_text())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            > 0;
        // Saving an unchanged form is not an event on the timeline.
        if changed {
            let now = self.now_text();
            activity::record(
                &mut tx,
                &now,
                id,
                ActivityKind::ClientUpdated,
                Links::default(),
            )
            .await?;
        }
        tx.commit().await?;
        self.client(id).await
    }

    /// Active clients with the same name (ignoring case and accents) and the same e-mail (or
    /// none, when the form has none): the form warns before it makes a twin. `except` is the
    /// client being edited.
    pub async fn duplicate_clients(
        &self,
        input: &ClientInput,
        except: Option<Id>,
    ) -> Result<Vec<Client>> {
        let c = validate_client(input)?;
        let rows: Vec<ClientRow> = sqlx::query_as(
            "SELECT * FROM clients
             WHERE archived = 0 AND id IS NOT ? AND lower(coalesce(email, '')) = lower(?)
             ORDER BY id",
        )
        .bind(except)
        .bind(c.email.clone().unwrap_or_default())
        .fetch_all(&self.pool())
        .await?;
        let name = search::fold(&c.name);
        Ok(rows
            .into_iter()
            .filter(|r| search::fold(&r.name) == name)
            .map(Client::from)
            .collect())
    }

    /// Deletes a client without quotes or invoices; archives one that has any, so no
    /// document ever loses its client.
    pub async fn delete_client(&self, id: Id) -> Result<DeleteResult> {
        let mut tx = self.write_tx().await?;
        client_version(&mut tx, id).await?;
        let documents: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM quotes WHERE client_id = ?1) + (SELECT COUNT(*) FROM invoices WHERE client_id = ?1)",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let outcome = if documents > 0 {
            set_archived(&mut tx, &self.now_text(), id, true).await?;
            DeleteOutcome::Archived
        } else {
            sqlx::query("DELETE FROM clients WHERE id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            DeleteOutcome::Deleted
        };
        tx.commit().await?;
        tracing::info!(client = id, ?outcome, "client removed");
        Ok(DeleteResult { outcome })
    }

    /// Brings an archived client back into the list.
    pub async fn unarchive_client(&self, id: Id) -> Result<Client> {
        let mut tx = self.write_tx().await?;
        client_version(&mut tx, id).await?;
        set_archived(&mut tx, &self.now_text(), id, false).await?;
        tx.commit().await?;
        self.client(id).await
    }
}

/// The client's current version, or `not_found`.
async fn client_version(conn: &mut sqlx::SqliteConnection, id: Id) -> Result<i64> {
    sqlx::query_scalar("SELECT version FROM clients WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(CoreError::NotFound {
            entity: "client",
            id,
        })
}

/// Archives or restores a client, with its timeline entry when that changes anything.
async fn set_archived(
    conn: &mut sqlx::SqliteConnection,
    at: &str,
    id: Id,
    archived: bool,
) -> Result<()> {
    let changed = sqlx::query(
        "UPDATE clients SET archived = ?1, updated_at = ?2, version = version + 1
         WHERE id = ?3 AND archived IS NOT ?1",
    )
    .bind(archived)
    .bind(at)
    .bind(id)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        > 0;
    if changed {
        let kind = if archived {
            ActivityKind::ClientArchived
        } else {
            ActivityKind::ClientRestored
        };
        activity::record(conn, at, id, kind, Links::default()).await?;
    }
    Ok(())
}

/// Fills `clients.search_key` for rows written before it existed (the migration cannot fold
/// accents in SQL).
pub(crate) async fn backfill_search_keys(pool: &sqlx::SqlitePool) -> Result<()> {
    let rows: Vec<(Id, String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT id, name, company, email FROM clients WHERE search_key IS NULL")
            .fetch_all(pool)
            .await?;
    if rows.is_empty() {
        return Ok(());
    }
    let mut tx = pool.begin().await?;
    for (id, name, company, email) in &rows {
        sqlx::query("UPDATE clients SET search_key = ? WHERE id = ?")
            .bind(search::client_key(
                name,
                company.as_deref(),
                email.as_deref(),
            ))
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    tracing::info!(clients = rows.len(), "search keys filled");
    Ok(())
}

/// See [`Store::active_client_by_email`]; usable inside a transaction.
pub(crate) async fn active_client_by_email(
    conn: &mut SqliteConnection,
    email: &str,
) -> Result<Option<Client>> {
    let row: Option<ClientRow> = sqlx::query_as(
        "SELECT * FROM clients WHERE email = ? COLLATE NOCASE AND archived = 0
         ORDER BY id LIMIT 1",
    )
    .bind(email.trim())
    .fetch_optional(conn)
    .await?;
    Ok(row.map(Client::from))
}

/// Inserts a validated client with its "client created" timeline entry.
pub(crate) async fn insert_client(
    conn: &mut SqliteConnection,
    c: &ValidClient,
    now: &str,
) -> Result<Id> {
    let id: Id = sqlx::query_scalar(
        "INSERT INTO clients (name, company, email, phone, address, notes, tax_number, search_key,
            created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&c.name)
    .bind(&c.company)
    .bind(&c.email)
    .bind(&c.phone)
    .bind(&c.address)
    .bind(&c.notes)
    .bind(&c.tax_number)
    .bind(c.search_key())
    .bind(now)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    activity::record(conn, now, id, ActivityKind::ClientCreated, Links::default()).await?;
    Ok(id)
}
