//! Tells windows that notices are waiting. The queue and its rules (typed codes, titles,
//! bursts folded into one) are core's; windows collect notices with `take_notices`, and a
//! window that loads later collects them on start.

use quotla_core::notices::Notice;
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{Emitter, Manager, Runtime};
use tauri_specta::Event;

use crate::state::AppState;

/// Tells windows that notices are waiting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct NoticesChanged;

/// Queues a notice and tells every window.
pub fn notify<R: Runtime>(app: &tauri::AppHandle<R>, notice: Notice) {
    app.state::<AppState>().notices().push(notice);
    if let Err(e) = app.emit(NoticesChanged::NAME, NoticesChanged) {
        tracing::warn!(error = %e, "could not emit notices-changed");
    }
}
