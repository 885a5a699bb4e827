//! The app's sync worker: while Calendly is connected it repairs the push path, reconciles
//! at start and every few minutes, and holds a long poll on the relay inbox in between, so
//! a booking reaches every screen within a second. Each applied batch tells the windows
//! what to refetch. A restore of a backup, a connect or "sync now" starts a new round at
//! once: the restored `sync_state` is checked against the keyring's account and the relay,
//! repaired, and fully reconciled. Disconnecting pauses the worker first, so no round can
//! write into what the disconnect is taking apart.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use quotla_core::calendly::account::AccountStatus;
use quotla_core::calendly::ConnectError;
use quotla_core::sync::push::{LONG_POLL, MAX_BACKOFF, RECONCILE_EVERY};
use quotla_core::sync::reconcile::ReconcileProgress;
use quotla_core::sync::{ApplyReport, SyncEngine};
use tauri::{AppHandle, Runtime};
use tokio::sync::{Mutex, MutexGuard, Notify};

use crate::events::{changed, sync_progress, Resource};

/// Reconcile progress reaches the windows at most this often (and always at its start
/// and end).
const PROGRESS_EVERY: Duration = Duration::from_millis(250);

/// How commands steer the worker.
#[derive(Default)]
pub struct SyncControl {
    /// Ends the current round at once (its long poll is dropped; a batch being applied is
    /// rolled back or committed whole).
    kick: Notify,
    paused: AtomicBool,
    /// Held by the worker through each round; a pause takes it to know the worker is idle.
    busy: Mutex<()>,
}

impl SyncControl {
    /// Starts a new round now (connected, "sync now").
    pub fn kick(&self) {
        self.kick.notify_one();
    }

    /// Stops the worker and waits until its current step is over; it stays idle while
    /// the guard lives and until [`Self::resume`].
    pub async fn pause(&self) -> MutexGuard<'_, ()> {
        self.paused.store(true, Ordering::SeqCst);
        self.kick.notify_one();
        self.busy.lock().await
    }

    /// Lets the worker run again and starts a round.
    pub fn resume(&self) {
        self.paused.store(false, Ordering::SeqCst);
        self.kick.notify_one();
    }
}

/// Starts the worker for the app's lifetime.
pub fn start<R: Runtime>(app: AppHandle<R>, engine: Arc<SyncEngine>, control: Arc<SyncControl>) {
    tauri::async_runtime::spawn(async move { run(app, engine, control).await });
}

async fn run<R: Runtime>(app: AppHandle<R>, engine: Arc<SyncEngine>, control: Arc<SyncControl>) {
    let mut restores = engine.store().restores();
    let mut backoff = Duration::from_secs(1);
    loop {
        if control.paused.load(Ordering::SeqCst) || !connected(&engine).await {
            tokio::select! {
                () = control.kick.notified() => {}
                _ = restores.changed() => {}
            }
            continue;
        }
        let _busy = control.busy.lock().await;
        if control.paused.load(Ordering::SeqCst) {
            continue;
        }
        let round = async {
            let (live, reconciled) = engine.check_and_reconcile(progress_to(&app)).await;
            if let Ok(report) = reconciled {
                // The first reconcile brings in what was already booked: nothing to notify.
                announce(&app, &engine, &report.applied, !report.first);
            }
            !live
        };
        // A reconcile waiting out Calendly's rate limit must not hold up a disconnect: a
        // kick abandons it (what it applied so far stays, each event is one transaction).
        let polling = tokio::select! {
            polling = round => polling,
            () = control.kick.notified() => continue,
        };
        changed(&app, &[Resource::Calendly]);
        let round_ends = tokio::time::Instant::now() + RECONCILE_EVERY;
        loop {
            let step = async {
                if polling {
                    std::future::pending::<Result<ApplyReport, ConnectError>>().await
                } else {
                    match engine
                        .pull(LONG_POLL, |batch| announce(&app, &engine, batch, true))
                        .await
                    {
                        Ok(report) => Ok(report),
                        Err(err) => {
                            engine.record_error(&err).await;
                            changed(&app, &[Resource::Calendly]);
                            tokio::time::sleep(backoff).await;
                            Err(err)
                        }
                    }
                }
            };
            tokio::select! {
                result = step => {
                    backoff = if result.is_ok() {
                        Duration::from_secs(1)
                    } else {
                        (backoff * 2).min(MAX_BACKOFF)
                    };
                }
                () = tokio::time::sleep_until(round_ends) => break,
                () = control.kick.notified() => break,
                _ = restores.changed() => break,
            }
        }
    }
}

/// Whether there is an account sync can use (not one waiting to be reconnected).
async fn connected(engine: &SyncEngine) -> bool {
    matches!(
        engine.store().calendly_account().await,
        Ok(Some(account)) if account.status == AccountStatus::Connected
    )
}

/// Forwards reconcile progress to the windows, so a first sync of thousands of events shows
/// how far it is without flooding them.
fn progress_to<R: Runtime>(app: &AppHandle<R>) -> impl FnMut(ReconcileProgress) + '_ {
    let mut last: Option<std::time::Instant> = None;
    move |progress| {
        let edge =
            progress.events_fetched == 0 || progress.events_fetched == progress.events_to_fetch;
        if edge || last.is_none_or(|at| at.elapsed() >= PROGRESS_EVERY) {
            last = Some(std::time::Instant::now());
            sync_progress(app, progress);
        }
    }
}

/// Tells the windows what an applied batch changed and, with `notify`, the desktop what
/// deserves a notification.
fn announce<R: Runtime>(
    app: &AppHandle<R>,
    engine: &SyncEngine,
    report: &ApplyReport,
    notify: bool,
) {
    if !report.applied.is_empty() {
        changed(app, &[Resource::Meetings]);
        if notify {
            crate::alerts::announce(app, engine.store(), &report.applied);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Disconnect while a sync round runs: the pause waits the round out, and the worker
    /// stays idle until resumed, so nothing is written into what the disconnect removes.
    #[tokio::test]
    async fn a_pause_waits_for_the_round_in_progress_and_holds_the_worker() {
        let control = Arc::new(SyncControl::default());
        let round = control.busy.lock().await;
        let pausing = {
            let control = control.clone();
            tokio::spawn(async move {
                let _idle = control.pause().await;
                control.paused.load(Ordering::SeqCst)
            })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!pausing.is_finished(), "the pause must wait for the round");
        drop(round);
        assert!(
            pausing.await.expect("pause"),
            "paused once the round is over"
        );
        // Still paused after the guard is gone: only resume lets the worker go on.
        assert!(control.paused.load(Ordering::SeqCst));
        control.resume();
        assert!(!control.paused.load(Ordering::SeqCst));
    }
}
