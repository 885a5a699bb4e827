use serde::{Deserialize, Serialize};
use specta::Type;

use super::Id;

/// What happened on a client's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    ClientCreated,
    QuoteCreated,
    QuoteSent,
    QuoteAccepted,
    QuoteDeclined,
    QuoteConverted,
    InvoiceCreated,
    InvoiceSent,
    InvoicePaid,
    InvoiceVoided,
}

impl ActivityKind {
    /// The value stored in the `activity.kind` column.
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::ClientCreated => "client_created",
            ActivityKind::QuoteCreated => "quote_created",
            ActivityKind::QuoteSent => "quote_sent",
            ActivityKind::QuoteAccepted => "quote_accepted",
            ActivityKind::QuoteDeclined => "quote_declined",
            ActivityKind::QuoteConverted => "quote_converted",
            ActivityKind::InvoiceCreated => "invoice_created",
            ActivityKind::InvoiceSent => "invoice_sent",
            ActivityKind::InvoicePaid => "invoice_paid",
            ActivityKind::InvoiceVoided => "invoice_voided",
        }
    }

    /// Parses a stored `activity.kind` value.
    pub fn parse(s: &str) -> Option<Self> {
        [
            ActivityKind::ClientCreated,
            ActivityKind::QuoteCreated,
            ActivityKind::QuoteSent,
            ActivityKind::QuoteAccepted,
            ActivityKind::QuoteDeclined,
            ActivityKind::QuoteConverted,
            ActivityKind::InvoiceCreated,
            ActivityKind::InvoiceSent,
            ActivityKind::InvoicePaid,
            ActivityKind::InvoiceVoided,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// One entry of a client's timeline, with the linked document's id and number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Activity {
    pub id: Id,
    pub client_id: Id,
    pub kind: ActivityKind,
    pub quote_id: Option<Id>,
    pub quote_number: Option<String>,
    pub invoice_id: Option<Id>,
    /// Null while the invoice is a draft.
    pub invoice_number: Option<String>,
    /// RFC 3339 UTC.
    pub occurred_at: String,
}
