//! The one error type of core: every failure a caller can meet, with enough context to show,
//! and the stable codes that cross to the UI and the CLI.

use serde::{Deserialize, Serialize};
use specta::Type;

/// Stable error codes; the UI and scripts switch on these, never on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Validation,
    NotFound,
    Conflict,
    InvalidState,
    Database,
    Io,
    InvalidBackup,
    Internal,
    /// Calendly has no client id in this build or the advanced settings.
    CalendlyNotConfigured,
    CalendlyNotConnected,
    /// Calendly refused Quotla's tokens or they were lost; the user reconnects.
    CalendlyReconnectNeeded,
    /// The user declined access on Calendly's page.
    CalendlyDenied,
    CalendlyAuthorizationFailed,
    /// A `quotla://` callback that matches no connection attempt (forged, replayed, late).
    CalendlyLinkRejected,
    CalendlyRateLimited,
    CalendlyUnavailable,
    /// The Calendly plan lacks the feature (webhooks on the free plan): polling mode.
    CalendlyPlanRequired,
    /// A scope the user did not grant.
    CalendlyScopeMissing,
    /// Calendly does not allow the action on this item.
    CalendlyForbidden,
    CalendlyNotFound,
    /// The item exists already (e.g. a webhook subscription for this inbox).
    CalendlyAlreadyExists,
    /// Any other refusal by Calendly.
    CalendlyRejected,
    /// No event type to book: none given and no default chosen.
    CalendlyNoEventType,
    /// The chosen event type was deleted or switched off in Calendly.
    CalendlyEventTypeGone,
    /// No webhook relay is configured.
    RelayNotConfigured,
    /// The relay could not be used.
    RelayUnavailable,
    /// No network connection to Calendly.
    Network,
    /// No usable system keyring.
    KeyringUnavailable,
    /// The system browser could not be opened.
    BrowserUnavailable,
}

/// Everything that can go wrong in core. The app maps each variant to a stable IPC code.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// Input broke a rule; `field` names the input field (e.g. `items[1].quantity_milli`).
    #[error("{message}")]
    Validation {
        field: Option<String>,
        message: String,
    },
    /// The referenced row does not exist.
    #[error("{entity} {id} was not found")]
    NotFound { entity: &'static str, id: i64 },
    /// The row named by a key that is not a row id (a meeting's invitee URI) does not exist.
    #[error("{entity} {key} was not found")]
    NotFoundKey { entity: &'static str, key: String },
    /// The row changed since the caller read it (optimistic concurrency).
    #[error("this {entity} was changed elsewhere since you opened it; reload and try again")]
    Conflict { entity: &'static str },
    /// The action is not allowed in the row's current state (e.g. editing a sent quote).
    #[error("{0}")]
    InvalidState(String),
    /// A file offered for restore is not a usable Quotla backup.
    #[error("{0}")]
    InvalidBackup(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
}

impl std::fmt::Display for ErrorCode {
    /// The wire name (`calendly_not_connected`): what logs, the sync state and the CLI show.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(name)) => f.write_str(&name),
            _ => write!(f, "{self:?}"),
        }
    }
}

impl CoreError {
    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::Validation { .. } => ErrorCode::Validation,
            CoreError::NotFound { .. } | CoreError::NotFoundKey { .. } => ErrorCode::NotFound,
            CoreError::Conflict { .. } => ErrorCode::Conflict,
            CoreError::InvalidState(_) => ErrorCode::InvalidState,
            CoreError::InvalidBackup(_) => ErrorCode::InvalidBackup,
            CoreError::Database(_) | CoreError::Migrate(_) => ErrorCode::Database,
            CoreError::Io(_) => ErrorCode::Io,
        }
    }

    /// A validation error that belongs to one input field.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        CoreError::Validation {
            field: Some(field.into()),
            message: message.into(),
        }
    }

    /// A validation error about the input as a whole.
    pub fn invalid(message: impl Into<String>) -> Self {
        CoreError::Validation {
            field: None,
            message: message.into(),
        }
    }
}

/// Core's result type.
pub type Result<T, E = CoreError> = std::result::Result<T, E>;
