use serde::{Deserialize, Serialize};
use specta::Type;

use super::{InvoiceSummary, QuoteSummary};

/// A sum in one currency; amounts in different currencies are never added together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CurrencyAmount {
    pub currency: String,
    pub amount_minor: i64,
    pub count: i64,
}

/// Invoiced and paid amounts of one month in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MonthlyAmount {
    /// `YYYY-MM`.
    pub month: String,
    pub currency: String,
    /// Invoices issued that month (voided ones left out).
    pub invoiced_minor: i64,
    /// Invoices paid that month.
    pub paid_minor: i64,
}

/// Counters shown on the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DashboardCounts {
    /// Clients that are not archived.
    pub clients: i64,
    pub draft_quotes: i64,
    /// Sent and not expired.
    pub open_quotes: i64,
    pub draft_invoices: i64,
    /// Issued, not paid or voided (includes overdue).
    pub outstanding_invoices: i64,
    pub overdue_invoices: i64,
}

/// Where the money stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Dashboard {
    /// Sent quotes that have not expired, per currency.
    pub open_quotes: Vec<CurrencyAmount>,
    /// Issued, unpaid invoices (overdue included), per currency.
    pub outstanding_invoices: Vec<CurrencyAmount>,
    /// The overdue part of the outstanding invoices, per currency.
    pub overdue_invoices: Vec<CurrencyAmount>,
    /// The five most recently updated quotes.
    pub recent_quotes: Vec<QuoteSummary>,
    /// The five most recently updated invoices.
    pub recent_invoices: Vec<InvoiceSummary>,
    pub counts: DashboardCounts,
    /// The last 12 months, oldest first, one entry per month and currency with activity.
    pub monthly: Vec<MonthlyAmount>,
}
