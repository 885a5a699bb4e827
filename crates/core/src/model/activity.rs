use serde::{Deserialize, Serialize};
use specta::Type;

use super::Id;

/// What happened on a client's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum ActivityKind {
    ClientCreated,
    /// Contact data changed.
    ClientUpdated,
    ClientArchived,
    ClientRestored,
    QuoteCreated,
    /// A new draft that revises a sent quote.
    QuoteRevised,
    QuoteSent,
    QuoteAccepted,
    QuoteDeclined,
    QuoteConverted,
    InvoiceCreated,
    /// Given its number.
    InvoiceIssued,
    /// Confirmed sent to the client.
    InvoiceSent,
    InvoicePaid,
    InvoiceVoided,
    MeetingBooked,
    MeetingRescheduled,
    MeetingCanceled,
    MeetingNoShow,
}

/// One entry of a client's timeline, with the linked document's id and number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, sqlx::FromRow)]
pub struct Activity {
    pub id: Id,
    pub client_id: Id,
    pub kind: ActivityKind,
    pub quote_id: Option<Id>,
    pub quote_number: Option<String>,
    pub invoice_id: Option<Id>,
    /// Null while the invoice is a draft.
    pub invoice_number: Option<String>,
    /// The meeting a meeting entry is about, and when it starts (RFC 3339 UTC).
    pub meeting_invitee_uri: Option<String>,
    pub meeting_start_time: Option<String>,
    /// RFC 3339 UTC.
    pub occurred_at: String,
}
