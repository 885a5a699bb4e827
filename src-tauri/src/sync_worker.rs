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
    /// the guard lives, and runs a new round once it is dropped (however the pausing
    /// command ends: finished, failed or cancelled).
    pub async fn pause(&self) -> Paused<'_> {
        self.paused.store(true, Ordering::SeqCst);
        self.kick.notify_one();
        Paused {
            control: self,
            _idle: self.busy.lock().await,
        }
    }

    /// The worker's hold on one round, or `None` while paused: a pause asked for while
    /// the worker waited for the lock wins.
    async fn enter_round(&self) -> Option<MutexGuard<'_, ()>> {
        let busy = self.busy.lock().await;
        (!self.paused.load(Ordering::SeqCst)).then_some(busy)
    }
}

/// The worker held idle; dropping it lets the worker run again.
pub struct Paused<'a> {
    control: &'a SyncControl,
    _idle: MutexGuard<'a, ()>,
}

impl Drop for Paused<'_> {
    fn drop(&mut self) {
        self.control.paused.store(false, Ordering::SeqCst);
        self.control.kick.notify_one();
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
        let Some(_busy) = control.enter_round().await else {
            continue;
        };
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
    /// stays idle while the pause lasts, so nothing is written into what the disconnect
    /// removes; afterwards it runs again.
    #[tokio::test]
    async fn a_pause_waits_for_the_round_in_progress_and_holds_the_worker() {
        let control = Arc::new(SyncControl::default());
        let round = control.enter_round().await.expect("not paused");
        let (paused_tx, paused_rx) = tokio::sync::oneshot::channel::<()>();
        let pausing = {
            let control = control.clone();
            tokio::spawn(async move {
                let paused = control.pause().await;
                // Held until the test says so, as a disconnect holds it.
                let _ = paused_rx.await;
                drop(paused);
            })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!pausing.is_finished(), "the pause must wait for the round");
        drop(round);
        tokio::time::sleep(Duration::from_millis(50)).await;
        // A worker that asks for a round now waits for as long as the pause lasts.
        let worker = {
            let control = control.clone();
            tokio::spawn(async move { control.enter_round().await.is_some() })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!worker.is_finished(), "no round while paused");
        paused_tx.send(()).expect("pausing task");
        pausing.await.expect("pause");
        assert!(
            worker.await.expect("worker"),
            "runs again once the pause is over"
        );
    }

    /// A pause asked for while the worker waits for the lock wins over that worker.
    #[tokio::test]
    async fn a_worker_that_waited_for_the_lock_sees_a_pause_asked_meanwhile() {
        let control = Arc::new(SyncControl::default());
        let round = control.busy.lock().await;
        let worker = {
            let control = control.clone();
            tokio::spawn(async move { control.enter_round().await.is_some() })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        let pausing = {
            let control = control.clone();
            tokio::spawn(async move { drop(control.pause().await) })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        drop(round);
        assert!(
            !worker.await.expect("worker"),
            "the queued worker must not run a round"
        );
        pausing.await.expect("pause");
    }
}
