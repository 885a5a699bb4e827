//! Booking links Quotla made, looked up by the token they carry.

use super::Store;
use crate::error::{CoreError, Result};
use crate::model::Id;
use crate::sync::actions::{BookingLink, LinkFor};

impl Store {
    /// The quote or invoice a link is made for, checked to belong to the client.
    pub(crate) async fn link_documents(
        &self,
        client_id: Id,
        target: &LinkFor,
    ) -> Result<(Option<Id>, Option<Id>)> {
        let (sql, entity, number) = match target {
            LinkFor::Client => return Ok((None, None)),
            LinkFor::Quote(n) => (
                "SELECT id, client_id FROM quotes WHERE number = ?",
                "quote",
                n,
            ),
            LinkFor::Invoice(n) => (
                "SELECT id, client_id FROM invoices WHERE number = ?",
                "invoice",
                n,
            ),
        };
        let number = number.trim();
        let row: Option<(Id, Id)> = sqlx::query_as(sql)
            .bind(number)
            .fetch_optional(&self.pool())
            .await?;
        match row {
            Some((id, owner)) if owner == client_id => Ok(match target {
                LinkFor::Quote(_) => (Some(id), None),
                _ => (None, Some(id)),
            }),
            Some(_) => Err(CoreError::field(
                entity,
                format!("{entity} {number} belongs to another client"),
            )),
            None => Err(CoreError::NotFoundKey {
                entity,
                key: number.to_string(),
            }),
        }
    }

    /// Stores a link Calendly created, with its token.
    #[allow(clippy::too_many_arguments)]
    pub async fn save_scheduling_link(
        &self,
        token: &str,
        booking_url: &str,
        event_type_uri: &str,
        calendly_user: &str,
        client_id: Id,
        quote_id: Option<Id>,
        invoice_id: Option<Id>,
    ) -> Result<BookingLink> {
        let now = self.now_text();
        let id: Id = sqlx::query_scalar(
            "INSERT INTO scheduling_links (token, booking_url, event_type_uri, calendly_user,
                client_id, quote_id, invoice_id, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(token)
        .bind(booking_url)
        .bind(event_type_uri)
        .bind(calendly_user)
        .bind(client_id)
        .bind(quote_id)
        .bind(invoice_id)
        .bind(&now)
        .fetch_one(&self.pool())
        .await?;
        let numbers: (Option<String>, Option<String>) = sqlx::query_as(
            "SELECT (SELECT number FROM quotes WHERE id = ?), (SELECT number FROM invoices WHERE id = ?)",
        )
        .bind(quote_id)
        .bind(invoice_id)
        .fetch_one(&self.pool())
        .await?;
        Ok(BookingLink {
            id,
            booking_url: booking_url.to_string(),
            event_type_uri: event_type_uri.to_string(),
            client_id,
            quote_id,
            quote_number: numbers.0,
            invoice_id,
            invoice_number: numbers.1,
            created_at: now,
        })
    }
}
