use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Activity, Id, InvoiceSummary, Page, QuoteSummary};

/// What the client form sends; empty optional strings are stored as absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ClientInput {
    pub name: String,
    pub company: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub notes: Option<String>,
    /// VAT or other tax number, printed on documents.
    #[serde(default)]
    pub tax_number: Option<String>,
}

/// A client with all its contact data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Client {
    pub id: Id,
    pub name: String,
    pub company: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub notes: Option<String>,
    pub tax_number: Option<String>,
    pub archived: bool,
    /// RFC 3339 UTC.
    pub created_at: String,
    /// RFC 3339 UTC.
    pub updated_at: String,
    /// Pass back as `expected_version` when updating.
    pub version: i64,
}

/// One row of the client list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ClientSummary {
    pub id: Id,
    pub name: String,
    pub company: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub archived: bool,
    /// Quotes in draft or sent (not yet decided).
    pub open_quotes: i64,
    /// Invoices issued and not yet paid or voided.
    pub open_invoices: i64,
    pub version: i64,
}

/// The client page: contact data, and the first page of its quotes, invoices (most
/// recently changed first) and timeline (newest first); the rest is read page by page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ClientDetail {
    pub client: Client,
    pub quotes: Page<QuoteSummary>,
    pub invoices: Page<InvoiceSummary>,
    pub activity: Page<Activity>,
}

/// Filter of the client list. `search` matches name, company and e-mail; absent fields
/// mean "no filter".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ClientFilter {
    #[serde(default)]
    pub search: Option<String>,
    #[serde(default)]
    pub include_archived: bool,
}

/// What `delete_client` did: a client with quotes or invoices is archived instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DeleteOutcome {
    Deleted,
    Archived,
}

/// Result of `delete_client`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DeleteResult {
    pub outcome: DeleteOutcome,
}
