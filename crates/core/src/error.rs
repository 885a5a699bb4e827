//! The one error type of core: every failure a caller can meet, with enough context to show.

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

impl CoreError {
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
