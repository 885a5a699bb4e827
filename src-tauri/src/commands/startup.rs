//! How long the user waited for the app: the UI reports once the dashboard's data is on
//! screen, and the log says how long that took after the process started. `make
//! bench-startup` measures the same moment from outside by waiting for this log line.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

/// The message `make bench-startup` waits for on the app's standard error.
pub const FIRST_SCREEN_MESSAGE: &str = "first screen interactive";

static PROCESS_START: OnceLock<Instant> = OnceLock::new();
static FIRST_SCREEN_MARKED: AtomicBool = AtomicBool::new(false);

/// Notes the moment the process started; called first thing in `run`.
pub fn note_process_start() {
    PROCESS_START.get_or_init(Instant::now);
}

/// The UI has painted the dashboard with its data: logs the time since the process started,
/// the first time only (a reload of the page starts no new process).
#[tauri::command]
#[specta::specta]
pub fn mark_first_screen() {
    if FIRST_SCREEN_MARKED.swap(true, Ordering::Relaxed) {
        return;
    }
    let since_start_ms = PROCESS_START.get().map(|start| start.elapsed().as_millis());
    tracing::info!(since_start_ms, "{FIRST_SCREEN_MESSAGE}");
}
