use thiserror::Error;

/// Why a PDF could not be made or a logo was refused. Messages are written for the user.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DocumentError {
    #[error("The logo must be a PNG, JPEG or SVG image.")]
    LogoFormat,
    #[error("The logo is too large: at most {max_kib} KB, and this file has {actual_kib} KB.")]
    LogoTooLarge { max_kib: usize, actual_kib: usize },
    #[error("The logo could not be read as an image: {0}")]
    LogoUnreadable(String),
    #[error("The PDF could not be written: {0}")]
    Write(String),
}
