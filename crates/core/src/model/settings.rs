use serde::{Deserialize, Serialize};
use specta::Type;

/// The business that writes the quotes and invoices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BusinessProfile {
    pub name: String,
    pub address: Option<String>,
    pub email: Option<String>,
    /// Preselected in new quotes and invoices.
    pub default_currency: String,
    /// Preselected on new lines; thousandths of a percent.
    pub default_tax_rate_milli: i64,
    pub phone: Option<String>,
    /// VAT or other tax number, printed on documents.
    pub tax_number: Option<String>,
    /// Bank account, IBAN or free text, printed on invoices.
    pub payment_details: Option<String>,
    /// Whether a logo is set (it is changed with its own commands).
    #[serde(default)]
    pub has_logo: bool,
}

/// The logo for the settings preview, as a `data:` URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct LogoPreview {
    pub media_type: String,
    pub data_url: String,
}

/// Paper the PDFs are laid out on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum PaperSize {
    A4,
    Letter,
}

/// How quotes and invoices are numbered, dated, worded and printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DocumentSettings {
    /// Days from issue to due date, for new invoices and converted quotes.
    pub payment_terms_days: i64,
    pub quote_prefix: String,
    pub invoice_prefix: String,
    /// The number the next quote or issued invoice gets; it can only go up.
    pub next_quote_number: i64,
    pub next_invoice_number: i64,
    /// Notes a new quote or invoice starts with.
    pub quote_notes: Option<String>,
    pub invoice_notes: Option<String>,
    pub paper_size: PaperSize,
    /// E-mail template; `{document}`, `{number}`, `{client}`, `{business}`, `{total}` and
    /// `{due_date}` are filled in.
    pub email_subject: String,
    pub email_body: String,
}

/// What a backup file holds, shown before the user confirms a restore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BackupSummary {
    /// When the file was last written (RFC 3339 UTC), if the system says.
    pub file_modified_at: Option<String>,
    /// The newest change to a client, quote or invoice inside it.
    pub last_change_at: Option<String>,
    pub clients: i64,
    pub quotes: i64,
    pub invoices: i64,
    pub meetings: i64,
}

/// Result of `backup_database`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BackupResult {
    pub path: String,
    pub size_bytes: i64,
}
