//! The CLI's failures and their exit codes: 2 for usage, 1 for everything else.

use quotla_core::calendly::ConnectError;
use quotla_core::transfer::ImportError;
use quotla_core::{CoreError, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The command line is wrong (bad `--line`, bad date, …).
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Calendly(#[from] ConnectError),
    #[error(transparent)]
    Core(#[from] CoreError),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Other(String),
}

impl CliError {
    /// 2 when the command line or a value on it is wrong (clap, `--line`, or any value
    /// core refuses as invalid); 1 for everything else, a bad import file included.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Core(_) | CliError::Calendly(_)
                if self.code() == Some(ErrorCode::Validation) =>
            {
                2
            }
            _ => 1,
        }
    }

    /// The stable code, as the app's UI would see it.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            CliError::Calendly(e) => Some(e.code()),
            CliError::Core(e) => Some(e.code()),
            CliError::Import(ImportError::Core(e)) => Some(e.code()),
            CliError::Import(_) => Some(ErrorCode::Validation),
            _ => None,
        }
    }

    /// The message on one line (import problems are listed with their lines).
    pub fn one_line(&self) -> String {
        let text = match self {
            CliError::Import(ImportError::Rows(rows)) => {
                let listed: Vec<String> = rows
                    .iter()
                    .map(|r| format!("line {}: {}", r.line, r.message))
                    .collect();
                format!(
                    "nothing imported; {} bad rows: {}",
                    rows.len(),
                    listed.join("; ")
                )
            }
            other => other.to_string(),
        };
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}
