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
}

/// Result of `backup_database`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BackupResult {
    pub path: String,
    pub size_bytes: i64,
}
