//! Opens the authorize page in the user's system browser (RFC 8252: never an embedded
//! webview, so Quotla never sees the Calendly password).
//!
//! With `QUOTLA_TEST_CAPTURE_BROWSER=1` the URL is appended to `browser-requests.txt` in the
//! data directory instead: the end-to-end tests follow it themselves. Only the launcher is
//! replaced; PKCE, `state` and the callback path are the real ones.

use std::path::Path;

use tauri::Runtime;
use tauri_plugin_opener::OpenerExt;

use crate::error::{AppError, ErrorCode};

/// File the test launcher writes to, inside the data directory.
pub const CAPTURE_FILE: &str = "browser-requests.txt";

/// Opens `url` in the system browser (or records it in test mode).
pub fn open<R: Runtime>(
    app: &tauri::AppHandle<R>,
    data_dir: &Path,
    url: &url::Url,
) -> Result<(), AppError> {
    if let Some(written) = crate::test_capture::capture(
        "QUOTLA_TEST_CAPTURE_BROWSER",
        data_dir,
        CAPTURE_FILE,
        url.as_str(),
    ) {
        return written
            .map_err(|e| AppError::new(ErrorCode::Io, format!("test browser launcher: {e}")));
    }
    app.opener()
        .open_url(url.as_str(), None::<&str>)
        .map_err(|e| {
            tracing::warn!(error = %e, "could not open the system browser");
            AppError::new(
                ErrorCode::BrowserUnavailable,
                "Quotla could not open your web browser. Check that a default browser is set, then try again.",
            )
        })
}
