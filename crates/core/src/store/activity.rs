//! The client timeline: entries are written inside the transaction of the change they record.

use sqlx::{FromRow, QueryBuilder, Row, Sqlite, SqliteConnection};

use super::paging::{Order, Paging};
use super::Store;
use crate::error::Result;
use crate::model::{Activity, ActivityKind, Id, Page, PageCursor, PageRequest};

/// What an entry links to: (quote id, quote number), (invoice id, invoice number), and the
/// meeting (its invitee URI) for meeting entries.
#[derive(Default)]
pub(crate) struct Links<'a> {
    pub quote: Option<(Id, &'a str)>,
    pub invoice: Option<(Id, Option<&'a str>)>,
    pub meeting: Option<&'a str>,
}

/// Appends an entry to `client_id`'s timeline on the caller's transaction.
pub(crate) async fn record(
    conn: &mut SqliteConnection,
    at: &str,
    client_id: Id,
    kind: ActivityKind,
    links: Links<'_>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO activity (client_id, kind, quote_id, quote_number, invoice_id, invoice_number,
            meeting_invitee_uri, occurred_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(client_id)
    .bind(kind)
    .bind(links.quote.map(|q| q.0))
    .bind(links.quote.map(|q| q.1))
    .bind(links.invoice.map(|i| i.0))
    .bind(links.invoice.and_then(|i| i.1))
    .bind(links.meeting)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

impl Store {
    /// A client's whole timeline, newest first (see [`Store::client_activity_page`]).
    pub async fn client_activity(&self, client_id: Id) -> Result<Vec<Activity>> {
        Ok(self.activity_paged(client_id, Paging::all()).await?.rows)
    }

    /// One page of a client's timeline, newest first. Invoice numbers are the current ones,
    /// so an entry written while the invoice was a draft shows the number it got later.
    pub async fn client_activity_page(
        &self,
        client_id: Id,
        page: &PageRequest,
    ) -> Result<Page<Activity>> {
        self.activity_paged(client_id, Paging::new(page)?).await
    }

    async fn activity_paged(&self, client_id: Id, paging: Paging) -> Result<Page<Activity>> {
        let mut query = QueryBuilder::<Sqlite>::new(
            "SELECT a.id, a.client_id, a.kind, a.quote_id,
                    COALESCE(q.number, a.quote_number) AS quote_number,
                    a.invoice_id, COALESCE(i.number, a.invoice_number) AS invoice_number,
                    a.meeting_invitee_uri, m.start_time AS meeting_start_time, a.occurred_at
             FROM activity a
             LEFT JOIN quotes q ON q.id = a.quote_id
             LEFT JOIN invoices i ON i.id = a.invoice_id
             LEFT JOIN meetings m ON m.invitee_uri = a.meeting_invitee_uri
             WHERE a.client_id = ",
        );
        query.push_bind(client_id);
        paging.push_tail(&mut query, "a.occurred_at", "a.id", Order::Descending);
        let mut count =
            QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM activity WHERE client_id = ");
        count.push_bind(client_id);
        let (rows, total) = paging.fetch(&self.pool(), query, count).await?;
        let rows = rows
            .iter()
            .map(|row| {
                let cursor = PageCursor {
                    key: row.try_get("occurred_at")?,
                    id: row.try_get("id")?,
                };
                // Kinds written by a newer Quotla are skipped rather than failing the page.
                let entry = match row.try_get::<ActivityKind, _>("kind") {
                    Ok(_) => Some(Activity::from_row(row)?),
                    Err(_) => None,
                };
                Ok((cursor, entry))
            })
            .collect::<Result<Vec<_>>>()?;
        let page = paging.finish(rows, total, |(cursor, _)| cursor.clone());
        Ok(Page {
            rows: page
                .rows
                .into_iter()
                .filter_map(|(_, entry)| entry)
                .collect(),
            next: page.next,
            total: page.total,
        })
    }
}
