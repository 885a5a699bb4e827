//! The push path: collect webhooks from this desktop's relay inbox, apply each batch in one
//! durable transaction together with the cursor, then acknowledge it. At-least-once
//! delivery plus idempotent apply: every change lands exactly once, even across a crash
//! between commit and acknowledgement (the next run re-reads and changes nothing).

use std::time::Duration;

use super::incoming::Change;
use super::{relay_error, ApplyReport, SyncEngine};
use crate::calendly::ConnectError;

/// Longest long poll the engine asks the relay for.
pub const LONG_POLL: Duration = Duration::from_secs(25);
/// How often a running consumer (the app, `quotla-cli sync --follow`) reconciles anyway.
pub const RECONCILE_EVERY: Duration = Duration::from_secs(5 * 60);
/// Longest pause of a running consumer after a failure, before it tries again.
pub const MAX_BACKOFF: Duration = Duration::from_secs(60);
/// Events asked for per request.
const PAGE: u32 = 500;

impl SyncEngine {
    /// Collects and applies what the inbox holds after the cursor. With `wait`, the first
    /// request parks until an event arrives or the wait ends; the rest do not. Returns
    /// once the inbox is drained. `on_batch` sees each batch as soon as it is committed
    /// (live screens), before the relay is acknowledged.
    pub async fn pull(
        &self,
        wait: Duration,
        mut on_batch: impl FnMut(&ApplyReport),
    ) -> Result<ApplyReport, ConnectError> {
        let mut total = ApplyReport::default();
        let mut wait = wait;
        // Read once per call, not per batch: the keyring may be a D-Bus round trip.
        let state = self.store.sync_state().await?;
        let inbox = state
            .inbox_id
            .clone()
            .ok_or(ConnectError::RelayNotConfigured)?;
        let relay = self
            .relay(&state)
            .await?
            .ok_or(ConnectError::RelayNotConfigured)?;
        let token = self
            .consumer_token()
            .await?
            .ok_or(ConnectError::RelayNotConfigured)?;
        let mut cursor = state.relay_cursor;
        loop {
            let page = relay
                .events(&inbox, &token, cursor, wait, PAGE)
                .await
                .map_err(relay_error)?;
            wait = Duration::ZERO;
            if page.events.is_empty() {
                // What is committed here but was never acknowledged (a crash between the
                // two) is acknowledged now, so the relay can forget it.
                if cursor > self.acknowledged_in(&inbox) {
                    relay
                        .ack(&inbox, &token, cursor)
                        .await
                        .map_err(relay_error)?;
                    self.set_acknowledged(&inbox, cursor);
                }
                return Ok(total);
            }
            let account = self.account().await?;
            // An unbound inbox has no user to check against: the relay's signature check
            // is then the only gate.
            let trusted = account
                .as_ref()
                .map(|a| a.user_uri.as_str())
                .or(state.inbox_user.as_deref());
            let changes: Vec<Change> = page
                .events
                .iter()
                .map(|e| Change::from_webhook(e.seq, e.body.as_bytes(), trusted))
                .collect();
            let report = self
                .store
                .apply_changes(&changes, Some(page.next_after), trusted, true)
                .await?;
            crash_point();
            // Committed durably: screens may show it now, before the relay hears back.
            on_batch(&report);
            relay
                .ack(&inbox, &token, page.next_after)
                .await
                .map_err(relay_error)?;
            self.set_acknowledged(&inbox, page.next_after);
            cursor = page.next_after;
            total.absorb(report);
        }
    }
}

impl SyncEngine {
    /// What this process acknowledged of `inbox` (nothing of an inbox it has not used).
    fn acknowledged_in(&self, inbox: &str) -> i64 {
        let acknowledged = self.acknowledged.lock().unwrap_or_else(|e| e.into_inner());
        if acknowledged.0 == inbox {
            acknowledged.1
        } else {
            0
        }
    }

    fn set_acknowledged(&self, inbox: &str, cursor: i64) {
        *self.acknowledged.lock().unwrap_or_else(|e| e.into_inner()) = (inbox.to_string(), cursor);
    }
}

/// Tests prove that a crash between the durable commit and the acknowledgement loses and
/// doubles nothing; debug builds stop here when `QUOTLA_TEST_CRASH_AFTER_COMMIT` is set.
fn crash_point() {
    #[cfg(debug_assertions)]
    if std::env::var_os("QUOTLA_TEST_CRASH_AFTER_COMMIT").is_some() {
        eprintln!("crash point: committed, not acknowledged");
        std::process::abort();
    }
}
