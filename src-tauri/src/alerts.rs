//! Desktop notifications for meetings that sync brings in: new, moved and canceled ones
//! still ahead (core decides which, and what they say). A setting, on by default.
//!
//! With `QUOTLA_TEST_CAPTURE_NOTIFICATIONS=1` each notification is appended to
//! `notifications.txt` in the data directory instead: test sessions have no notification
//! server, and the end-to-end tests read what would have been shown.

use quotla_core::sync::alerts::{alerts, MeetingAlert};
use quotla_core::sync::Applied;
use quotla_core::Store;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::state::AppState;

/// File the test capture writes to, inside the data directory.
pub const CAPTURE_FILE: &str = "notifications.txt";

/// Shows the notifications for an applied batch, in the background.
pub fn announce<R: Runtime>(app: &AppHandle<R>, store: &Store, applied: &[Applied]) {
    if applied.is_empty() {
        return;
    }
    let (app, store, applied) = (app.clone(), store.clone(), applied.to_vec());
    tauri::async_runtime::spawn(async move {
        match store.meeting_alerts_wanted().await {
            Ok(true) => {}
            Ok(false) => return,
            Err(e) => {
                tracing::warn!(error = %e, "notification setting unreadable; none shown");
                return;
            }
        }
        match alerts(&store, &applied, store.now()).await {
            Ok(found) => found.iter().for_each(|alert| show(&app, alert)),
            Err(e) => tracing::warn!(error = %e, "meeting notifications not prepared"),
        }
    });
}

fn show<R: Runtime>(app: &AppHandle<R>, alert: &MeetingAlert) {
    if let Some(state) = app.try_state::<AppState>() {
        let line = format!("{}\t{}", alert.title, alert.body);
        let captured = crate::test_capture::capture(
            "QUOTLA_TEST_CAPTURE_NOTIFICATIONS",
            state.data_dir(),
            CAPTURE_FILE,
            &line,
        );
        match captured {
            Some(Ok(())) => return,
            Some(Err(e)) => {
                tracing::warn!(error = %e, "test notification capture failed");
                return;
            }
            None => {}
        }
    }
    if let Err(e) = app
        .notification()
        .builder()
        .title(&alert.title)
        .body(&alert.body)
        .show()
    {
        // No notification server (a bare session): the meeting is on screen regardless.
        tracing::debug!(error = %e, "desktop notification not shown");
    }
}
