//! Clients: list, detail, create, edit, archive or delete.

use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use super::activity::{self, Links};
use super::{like_pattern, Store};
use crate::error::{CoreError, Result};
use crate::model::{
    ActivityKind, Client, ClientDetail, ClientFilter, ClientInput, ClientSummary, DeleteOutcome,
    DeleteResult, Id, InvoiceFilter, QuoteFilter,
};
use crate::validate::{self, MAX_ADDRESS, MAX_NAME, MAX_NOTES, MAX_PHONE};

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
    })
}

/// The search text of a list filter as a LIKE pattern, or `None` for "everything".
pub(crate) fn search_pattern(search: Option<&str>) -> Result<Option<String>> {
    Ok(validate::optional_text("search", search, MAX_SEARCH, false)?.map(|s| like_pattern(&s)))
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
    /// Clients sorted by name; `search` matches name, company and e-mail, case-insensitively.
    pub async fn list_clients(&self, filter: &ClientFilter) -> Result<Vec<ClientSummary>> {
        let pattern = search_pattern(filter.search.as_deref())?;
        // Counts come from one grouped pass per table rather than two lookups per client.
        let mut query = QueryBuilder::<Sqlite>::new(
            "SELECT c.id, c.name, c.company, c.email, c.phone, c.archived, c.version,
                COALESCE(oq.n, 0) AS open_quotes, COALESCE(oi.n, 0) AS open_invoices
             FROM clients c
             LEFT JOIN (SELECT client_id, COUNT(*) AS n FROM quotes WHERE status IN ('draft', 'sent') GROUP BY client_id) oq
                ON oq.client_id = c.id
             LEFT JOIN (SELECT client_id, COUNT(*) AS n FROM invoices WHERE status = 'sent' GROUP BY client_id) oi
                ON oi.client_id = c.id
             WHERE 1 = 1",
        );
        if !filter.include_archived {
            query.push(" AND c.archived = 0");
        }
        if let Some(pattern) = pattern {
            query
                .push(" AND (c.name LIKE ")
                .push_bind(pattern.clone())
                .push(r" ESCAPE '\' OR c.company LIKE ")
                .push_bind(pattern.clone())
                .push(r" ESCAPE '\' OR c.email LIKE ")
                .push_bind(pattern)
                .push(r" ESCAPE '\')");
        }
        query.push(" ORDER BY c.name COLLATE NOCASE, c.id");
        let rows: Vec<SummaryRow> = query.build_query_as().fetch_all(&self.pool()).await?;
        Ok(rows
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
            .collect())
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

    /// The client page: contact data, quotes, invoices and timeline.
    pub async fn get_client(&self, id: Id) -> Result<ClientDetail> {
        let client = self.client(id).await?;
        let quotes = self
            .list_quotes(&QuoteFilter {
                client_id: Some(id),
                ..QuoteFilter::default()
            })
            .await?;
        let invoices = self
            .list_invoices(&InvoiceFilter {
                client_id: Some(id),
                ..InvoiceFilter::default()
            })
            .await?;
        let activity = self.client_activity(id).await?;
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
        sqlx::query(
            "UPDATE clients SET name = ?, company = ?, email = ?, phone = ?, address = ?, notes = ?,
                updated_at = ?, version = version + 1
             WHERE id = ?",
        )
        .bind(&c.name)
        .bind(&c.company)
        .bind(&c.email)
        .bind(&c.phone)
        .bind(&c.address)
        .bind(&c.notes)
        .bind(self.now_text())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.client(id).await
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

async fn set_archived(
    conn: &mut sqlx::SqliteConnection,
    at: &str,
    id: Id,
    archived: bool,
) -> Result<()> {
    sqlx::query(
        "UPDATE clients SET archived = ?, updated_at = ?, version = version + 1 WHERE id = ?",
    )
    .bind(archived)
    .bind(at)
    .bind(id)
    .execute(conn)
    .await?;
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
        "INSERT INTO clients (name, company, email, phone, address, notes, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&c.name)
    .bind(&c.company)
    .bind(&c.email)
    .bind(&c.phone)
    .bind(&c.address)
    .bind(&c.notes)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    activity::record(conn, now, id, ActivityKind::ClientCreated, Links::default()).await?;
    Ok(id)
}
