//! Handing files to the desktop: a PDF opened in the system's viewer (to print it from
//! there) and a saved PDF revealed in the file manager (to attach it to an e-mail).
//!
//! With `QUOTLA_TEST_CAPTURE_BROWSER=1` the request is appended to `desktop-requests.txt`
//! in the data directory instead (`open <path>` or `reveal <path>`), like the browser's.

use std::path::{Path, PathBuf};

use tauri::{Manager, Runtime};
use tauri_plugin_opener::OpenerExt;

use crate::error::{AppError, ErrorCode};

/// File the test launcher writes to, inside the data directory.
pub const CAPTURE_FILE: &str = "desktop-requests.txt";

fn captured(data_dir: &Path, verb: &str, path: &Path) -> Option<Result<(), AppError>> {
    crate::test_capture::capture(
        "QUOTLA_TEST_CAPTURE_BROWSER",
        data_dir,
        CAPTURE_FILE,
        &format!("{verb} {}", path.display()),
    )
    .map(|written| {
        written.map_err(|e| AppError::new(ErrorCode::Io, format!("test desktop launcher: {e}")))
    })
}

/// Opens `path` with the program the system uses for its type (a PDF viewer).
pub fn open_file<R: Runtime>(
    app: &tauri::AppHandle<R>,
    data_dir: &Path,
    path: &Path,
) -> Result<(), AppError> {
    if let Some(done) = captured(data_dir, "open", path) {
        return done;
    }
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| {
            tracing::warn!(error = %e, "could not open a file");
            AppError::new(
                ErrorCode::BrowserUnavailable,
                "Quotla could not open the PDF. Check that a PDF viewer is installed, or use Download PDF.",
            )
        })
}

/// Shows `path` selected in the system's file manager.
pub fn reveal_file<R: Runtime>(
    app: &tauri::AppHandle<R>,
    data_dir: &Path,
    path: &Path,
) -> Result<(), AppError> {
    if let Some(done) = captured(data_dir, "reveal", path) {
        return done;
    }
    app.opener().reveal_item_in_dir(path).map_err(|e| {
        tracing::warn!(error = %e, "could not reveal a file");
        AppError::new(
            ErrorCode::BrowserUnavailable,
            format!(
                "Quotla saved the PDF but could not show it. You will find it at {}",
                path.display()
            ),
        )
    })
}

/// Where PDFs for e-mail are saved: `QUOTLA_DOCUMENTS_DIR`, else the user's documents folder
/// (or `~/Documents` where none is configured), in a `Quotla` folder.
pub fn documents_dir<R: Runtime>(app: &tauri::AppHandle<R>) -> Result<PathBuf, AppError> {
    if let Some(dir) = std::env::var_os("QUOTLA_DOCUMENTS_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    let paths = app.path();
    let base = paths
        .document_dir()
        .or_else(|_| paths.home_dir().map(|home| home.join("Documents")))
        .map_err(|_| {
            AppError::new(
                ErrorCode::Io,
                "Quotla could not find your documents folder.",
            )
        })?;
    Ok(base.join("Quotla"))
}

/// Writes `bytes` to `path` through a temporary file beside it, so a reader never sees half
/// a PDF and a failed write leaves the old file in place.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    let io = |e: std::io::Error| {
        AppError::new(
            ErrorCode::Io,
            format!("The PDF could not be saved to {}: {e}", path.display()),
        )
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut partial = path.as_os_str().to_owned();
    partial.push(".part");
    let partial = PathBuf::from(partial);
    std::fs::write(&partial, bytes).map_err(io)?;
    std::fs::rename(&partial, path).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        io(e)
    })
}
