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

/// Connection state of Calendly (connect comes with a later issue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CalendlyStatus {
    NotConnected,
}

/// The Calendly card on the Integrations page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CalendlyIntegration {
    pub status: CalendlyStatus,
    /// Whether this build has what it needs to connect (client id, relay); false for now.
    pub available: bool,
    /// A sentence for the user about how to enable it.
    pub hint: String,
}

/// Stripe is announced only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum StripeStatus {
    ComingSoon,
}

/// The Stripe card on the Integrations page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct StripeIntegration {
    pub status: StripeStatus,
}

/// Everything the Integrations page lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Integrations {
    pub calendly: CalendlyIntegration,
    pub stripe: StripeIntegration,
}
