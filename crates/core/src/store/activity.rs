//! The client timeline: entries are written inside the transaction of the change they record.

use sqlx::{FromRow, Row, SqliteConnection};

use super::Store;
use crate::error::Result;
use crate::model::{Activity, ActivityKind, Id};

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
    /// A client's timeline, newest first. Invoice numbers are the current ones, so an entry
    /// written while the invoice was a draft shows the number it got later.
    pub async fn client_activity(&self, client_id: Id) -> Result<Vec<Activity>> {
        let rows = sqlx::query(
            "SELECT a.id, a.client_id, a.kind, a.quote_id,
                    COALESCE(q.number, a.quote_number) AS quote_number,
                    a.invoice_id, COALESCE(i.number, a.invoice_number) AS invoice_number,
                    a.meeting_invitee_uri, m.start_time AS meeting_start_time, a.occurred_at
             FROM activity a
             LEFT JOIN quotes q ON q.id = a.quote_id
             LEFT JOIN invoices i ON i.id = a.invoice_id
             LEFT JOIN meetings m ON m.invitee_uri = a.meeting_invitee_uri
             WHERE a.client_id = ?
             ORDER BY a.occurred_at DESC, a.id DESC",
        )
        .bind(client_id)
        .fetch_all(&self.pool())
        .await?;
        rows.into_iter()
            // Kinds written by a newer Quotla are skipped rather than failing the page.
            .filter(|row| row.try_get::<ActivityKind, _>("kind").is_ok())
            .map(|row| Ok(Activity::from_row(&row)?))
            .collect()
    }
}
