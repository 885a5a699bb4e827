//! The error every command returns: a stable code the UI branches on, a message it shows,
//! and the input field a validation error belongs to.

use quotla_core::calendly::ConnectError;
use quotla_core::CoreError;
pub use quotla_core::ErrorCode;
use serde::Serialize;
use specta::Type;

/// What a failed command returns over IPC: `{ code, message, field }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    /// The input field a validation error is about (`email`, `items[1].quantity_milli`).
    pub field: Option<String>,
}

impl AppError {
    /// An error of the app layer itself, with no field.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError {
            code,
            message: sentence(message.into()),
            field: None,
        }
    }
}

/// Every message the UI shows reads as a sentence: a capital first, a stop at the end.
/// Core's messages also go to logs and the CLI, where they stay as written.
fn sentence(message: String) -> String {
    let mut chars = message.trim().chars();
    let Some(first) = chars.next() else {
        return "Something went wrong. Please try again.".into();
    };
    let mut out: String = first.to_uppercase().chain(chars).collect();
    if !out.ends_with(['.', '!', '?', '…']) {
        out.push('.');
    }
    out
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AppError {}

impl From<CoreError> for AppError {
    fn from(err: CoreError) -> Self {
        let code = err.code();
        if let CoreError::Validation { field, message } = err {
            return AppError {
                code,
                message: sentence(message),
                field,
            };
        }
        if matches!(code, ErrorCode::Database | ErrorCode::Io) {
            tracing::error!(error = %err, "command failed");
        }
        AppError::new(code, err.to_string())
    }
}

/// Calendly failures keep their own codes; core errors inside them map as above.
impl From<ConnectError> for AppError {
    fn from(err: ConnectError) -> Self {
        if let ConnectError::Core(core) = err {
            return core.into();
        }
        AppError::new(err.code(), err.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_map_to_stable_codes() {
        let cases = [
            (
                CoreError::field("email", "bad"),
                ErrorCode::Validation,
                Some("email"),
            ),
            (CoreError::invalid("bad"), ErrorCode::Validation, None),
            (
                CoreError::NotFound {
                    entity: "quote",
                    id: 1,
                },
                ErrorCode::NotFound,
                None,
            ),
            (
                CoreError::Conflict { entity: "quote" },
                ErrorCode::Conflict,
                None,
            ),
            (
                CoreError::InvalidState("sent".into()),
                ErrorCode::InvalidState,
                None,
            ),
            (
                CoreError::InvalidBackup("no".into()),
                ErrorCode::InvalidBackup,
                None,
            ),
            (
                CoreError::Io(std::io::Error::other("disk")),
                ErrorCode::Io,
                None,
            ),
        ];
        for (core, code, field) in cases {
            let app = AppError::from(core);
            assert_eq!(app.code, code);
            assert_eq!(app.field.as_deref(), field);
            assert!(!app.message.is_empty());
        }
    }

    #[test]
    fn serialises_as_code_message_field() {
        let json = serde_json::to_value(AppError::from(CoreError::field(
            "items[1].quantity_milli",
            "too many",
        )))
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "code": "validation", "message": "Too many.", "field": "items[1].quantity_milli" })
        );
    }

    #[test]
    fn every_message_reads_as_a_sentence() {
        let message = |e: CoreError| AppError::from(e).message;
        assert_eq!(
            message(CoreError::InvalidState(
                "a sent quote cannot be edited".into()
            )),
            "A sent quote cannot be edited."
        );
        assert_eq!(
            message(CoreError::Conflict { entity: "quote" }),
            "This quote was changed elsewhere since you opened it; reload and try again."
        );
        assert_eq!(
            message(CoreError::invalid("Already a sentence!")),
            "Already a sentence!"
        );
        assert_eq!(
            message(CoreError::invalid("  ")),
            "Something went wrong. Please try again."
        );
        assert_eq!(
            AppError::new(ErrorCode::Io, "élan lost").message,
            "Élan lost."
        );
    }
}
