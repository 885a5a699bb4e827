//! The app's sync worker: while Calendly is connected it repairs the push path, reconciles
//! at start and every few minutes, and holds a long poll on the relay inbox in between, so
//! a booking reaches every screen within a second. Each applied batch tells the windows
//! what to refetch. A restore of a backup, a connect or a disconnect starts a new round at
//! once: the restored `sync_state` is checked against the keyring's account and the relay,
//! repaired, and fully reconciled.

use std::sync::Arc;
use std::time::Duration;

use quotla_core::calendly::ConnectError;
use quotla_core::sync::push::LONG_POLL;
use quotla_core::sync::{ApplyReport, SyncEngine, SyncMode};
use tauri::{AppHandle, Runtime};
use tokio::sync::Notify;

use crate::events::{changed, Resource};

/// How often a running app reconciles.
const RECONCILE_EVERY: Duration = Duration::from_secs(5 * 60);
/// Longest pause after a failure.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// Starts the worker for the app's lifetime.
pub fn start<R: Runtime>(app: AppHandle<R>, engine: Arc<SyncEngine>, kick: Arc<Notify>) {
    tauri::async_runtime::spawn(async move { run(app, engine, kick).await });
}

async fn run<R: Runtime>(app: AppHandle<R>, engine: Arc<SyncEngine>, kick: Arc<Notify>) {
    let mut restores = engine.store().restores();
    let mut backoff = Duration::from_secs(1);
    loop {
        let connected = matches!(engine.status().await, Ok(h) if h.mode != SyncMode::Off);
        if !connected {
            tokio::select! {
                () = kick.notified() => {}
                _ = restores.changed() => {}
            }
            continue;
        }
        let polling = match engine.ensure_push_path().await {
            Ok(path) => !path.live,
            Err(err) => {
                record(&engine, &err).await;
                true
            }
        };
        match engine.reconcile(polling, |_| {}).await {
            Ok(report) => {
                announce(&app, &report.applied);
                engine.store().set_sync_error(None).await.ok();
            }
            Err(err) => record(&engine, &err).await,
        }
        changed(&app, &[Resource::Calendly]);
        let round_ends = tokio::time::Instant::now() + RECONCILE_EVERY;
        loop {
            let step = async {
                if polling {
                    std::future::pending::<Result<ApplyReport, ConnectError>>().await
                } else {
                    engine.pull(LONG_POLL, |batch| announce(&app, batch)).await
                }
            };
            tokio::select! {
                result = step => match result {
                    Ok(_) => backoff = Duration::from_secs(1),
                    Err(err) => {
                        record(&engine, &err).await;
                        changed(&app, &[Resource::Calendly]);
                        tokio::time::sleep(backoff).await;
                        backoff = (backoff * 2).min(MAX_BACKOFF);
                    }
                },
                () = tokio::time::sleep_until(round_ends) => break,
                () = kick.notified() => break,
                _ = restores.changed() => break,
            }
        }
    }
}

/// Tells the windows what an applied batch changed.
fn announce<R: Runtime>(app: &AppHandle<R>, report: &ApplyReport) {
    if !report.applied.is_empty() {
        changed(app, &[Resource::Meetings]);
    }
}

async fn record(engine: &SyncEngine, err: &ConnectError) {
    tracing::warn!(error = %err, "Calendly sync");
    let code = serde_json::to_value(err.code())
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    if let Err(e) = engine
        .store()
        .set_sync_error(Some((&code, &err.to_string())))
        .await
    {
        tracing::warn!(error = %e, "sync error not recorded");
    }
}
