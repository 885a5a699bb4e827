//! The view models and inputs that cross the IPC boundary (their TypeScript twins are
//! generated from these), plus the status enums with their derivation rules.

mod activity;
mod client;
mod dashboard;
mod document;
mod meeting;
mod page;
mod settings;

pub use activity::{Activity, ActivityKind};
pub use client::{
    Client, ClientDetail, ClientFilter, ClientInput, ClientSummary, DeleteOutcome, DeleteResult,
};
pub use dashboard::{CurrencyAmount, Dashboard, DashboardCounts, MonthlyAmount};
pub use document::{
    Discount, DocumentKind, DocumentRef, Invoice, InvoiceFilter, InvoiceInput, InvoiceStatus,
    InvoiceSummary, LineItem, LineItemInput, MailDraft, Quote, QuoteFilter, QuoteInput,
    QuoteStatus, QuoteSummary, TaxBreakdown, Totals, TotalsInput,
};
pub use meeting::{
    CalendarEntry, Meeting, MeetingDetail, MeetingFilter, MeetingMeasures, MeetingStatus,
    QuestionAnswer,
};
pub use page::{Page, PageCursor, PageRequest};
pub use settings::{
    BackupResult, BackupSummary, BusinessProfile, DocumentSettings, LogoPreview, PaperSize,
};

/// Row id of a client, quote, invoice or activity entry.
pub type Id = i64;
