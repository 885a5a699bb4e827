//! Notices: outcomes the user must hear about that no command returned, such as a
//! `quotla://` link arriving from the browser (possibly before the window has loaded).
//!
//! Notices queue in the app state; the `notices-changed` event tells windows to collect
//! them with `take_notices`, and a window that loads later collects them on start.

use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{Emitter, Runtime};
use tauri_specta::Event;

/// How a notice is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum NoticeLevel {
    Success,
    Error,
}

/// One message for the user, with a stable code the UI may branch on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Notice {
    pub level: NoticeLevel,
    pub code: String,
    pub title: String,
    pub message: String,
}

/// Tells windows that notices are waiting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct NoticesChanged;

/// Queued notices, oldest first; bounded so a flood of links cannot grow memory.
#[derive(Default)]
pub struct Notices(Mutex<Vec<Notice>>);

const MAX_QUEUED: usize = 20;

impl Notices {
    /// Queues a notice and tells every window.
    pub fn push<R: Runtime>(&self, app: &tauri::AppHandle<R>, notice: Notice) {
        {
            let mut queue = self.0.lock().unwrap_or_else(|e| e.into_inner());
            if queue.len() == MAX_QUEUED {
                queue.remove(0);
            }
            queue.push(notice);
        }
        if let Err(e) = app.emit(NoticesChanged::NAME, NoticesChanged) {
            tracing::warn!(error = %e, "could not emit notices-changed");
        }
    }

    /// Takes every queued notice.
    pub fn take(&self) -> Vec<Notice> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}
