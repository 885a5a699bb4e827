use serde::{Deserialize, Serialize};
use specta::Type;

use super::Id;

/// One line as the editor sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct LineItemInput {
    pub description: String,
    /// Thousandths of a unit: 1500 = 1.5.
    pub quantity_milli: i64,
    /// Price of one unit in minor units of the document currency.
    pub unit_price_minor: i64,
    /// Thousandths of a percent: 20000 = 20 %.
    pub tax_rate_milli: i64,
}

/// A stored line with the net amount core computed for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct LineItem {
    pub description: String,
    pub quantity_milli: i64,
    pub unit_price_minor: i64,
    pub tax_rate_milli: i64,
    /// quantity × unit price, rounded (before discount and tax).
    pub line_total_minor: i64,
}

/// A discount on the whole document, applied before tax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Discount {
    None,
    /// Thousandths of a percent of the subtotal.
    Percent {
        milli: i64,
    },
    /// A fixed amount in minor units, at most the subtotal.
    Amount {
        minor: i64,
    },
}

/// Input of `compute_totals`: what the editor currently shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TotalsInput {
    pub currency: String,
    pub items: Vec<LineItemInput>,
    pub discount: Discount,
}

/// Tax collected at one rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TaxBreakdown {
    pub tax_rate_milli: i64,
    /// Net amount after discount taxed at this rate.
    pub taxable_minor: i64,
    pub tax_minor: i64,
}

/// A document's totals, all in minor units; see `totals` in core for the rounding rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Totals {
    pub subtotal_minor: i64,
    pub discount_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    /// Net amount of each line, in input order.
    pub lines: Vec<i64>,
    /// One entry per tax rate, ascending.
    pub tax_breakdown: Vec<TaxBreakdown>,
}

/// Status of a quote; `expired` is derived (sent and valid_until before today).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum QuoteStatus {
    Draft,
    Sent,
    Accepted,
    Declined,
    Expired,
}

/// What the quote editor sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct QuoteInput {
    pub client_id: Id,
    pub currency: String,
    pub items: Vec<LineItemInput>,
    pub discount: Discount,
    pub notes: Option<String>,
    /// `YYYY-MM-DD`; a quote without one never expires.
    pub valid_until: Option<String>,
}

/// A quote with everything the editor and the detail page show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Quote {
    pub id: Id,
    /// `QUO-0001`, assigned at creation.
    pub number: String,
    pub client_id: Id,
    pub client_name: String,
    pub status: QuoteStatus,
    pub currency: String,
    pub items: Vec<LineItem>,
    pub discount: Discount,
    pub notes: Option<String>,
    pub valid_until: Option<String>,
    pub totals: Totals,
    /// The invoice this quote was converted into.
    pub invoice_id: Option<Id>,
    pub invoice_number: Option<String>,
    /// The quote this one revises, and the newest revision of this one.
    pub revises: Option<DocumentRef>,
    pub revised_by: Option<DocumentRef>,
    pub created_at: String,
    pub updated_at: String,
    pub sent_at: Option<String>,
    /// When it was accepted or declined.
    pub decided_at: Option<String>,
    pub version: i64,
}

/// One row of the quote list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct QuoteSummary {
    pub id: Id,
    pub number: String,
    pub client_id: Id,
    pub client_name: String,
    pub status: QuoteStatus,
    pub currency: String,
    pub total_minor: i64,
    pub valid_until: Option<String>,
    pub invoice_id: Option<Id>,
    pub updated_at: String,
    pub version: i64,
}

/// Filter of the quote list; `search` matches the number and the client (name, company,
/// e-mail), ignoring case and accents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct QuoteFilter {
    #[serde(default)]
    pub status: Option<QuoteStatus>,
    #[serde(default)]
    pub client_id: Option<Id>,
    #[serde(default)]
    pub search: Option<String>,
}

/// Status of an invoice, named for what happened: `issued` has a number, `sent` was also
/// confirmed sent to the client; `overdue` is derived (issued or sent, due date passed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    Draft,
    Issued,
    Sent,
    Paid,
    Void,
    Overdue,
}

/// What the invoice editor sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct InvoiceInput {
    pub client_id: Id,
    pub currency: String,
    pub items: Vec<LineItemInput>,
    pub discount: Discount,
    pub notes: Option<String>,
    /// `YYYY-MM-DD`.
    pub issue_date: String,
    /// `YYYY-MM-DD`, not before `issue_date`.
    pub due_date: String,
}

/// An invoice with everything the editor and the detail page show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Invoice {
    pub id: Id,
    /// `INV-0001`, assigned when issued; null for drafts.
    pub number: Option<String>,
    pub client_id: Id,
    pub client_name: String,
    pub status: InvoiceStatus,
    pub currency: String,
    pub items: Vec<LineItem>,
    pub discount: Discount,
    pub notes: Option<String>,
    pub issue_date: String,
    pub due_date: String,
    pub paid_on: Option<String>,
    pub totals: Totals,
    /// The quote this invoice was converted from.
    pub quote_id: Option<Id>,
    pub quote_number: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub issued_at: Option<String>,
    /// When the user confirmed it was sent to the client.
    pub sent_at: Option<String>,
    pub voided_at: Option<String>,
    pub version: i64,
}

/// One row of the invoice list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct InvoiceSummary {
    pub id: Id,
    pub number: Option<String>,
    pub client_id: Id,
    pub client_name: String,
    pub status: InvoiceStatus,
    pub currency: String,
    pub total_minor: i64,
    pub issue_date: String,
    pub due_date: String,
    pub paid_on: Option<String>,
    pub updated_at: String,
    pub version: i64,
}

/// Another document named on a page: its id and number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DocumentRef {
    pub id: Id,
    pub number: String,
}

/// Quote or invoice, for commands that work on either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Quote,
    Invoice,
}

/// An e-mail to the client about a document, from the template in the document settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MailDraft {
    /// The client's address, when known.
    pub to: Option<String>,
    pub subject: String,
    pub body: String,
}

/// Filter of the invoice list; `search` matches the number and the client (name, company,
/// e-mail), ignoring case and accents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct InvoiceFilter {
    #[serde(default)]
    pub status: Option<InvoiceStatus>,
    #[serde(default)]
    pub client_id: Option<Id>,
    #[serde(default)]
    pub search: Option<String>,
}
