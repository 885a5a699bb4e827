//! Webhook delivery as Calendly does it: POST the JSON body signed with
//! `Calendly-Webhook-Signature`, 2xx means delivered, anything else (redirects and timeouts
//! too) is retried with exponential back-off inside a window, after which the subscription
//! is disabled; `410 Gone` deletes the subscription at once.
//!
//! First attempts go out one at a time in event order (unless a swap fault says otherwise);
//! retries run beside them. All tasks stop when the worker is aborted.

use crate::clock;
use crate::state::App;
use axum::body::Bytes;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

/// One body to deliver to one subscription.
#[derive(Debug, Clone)]
pub struct Job {
    pub id: u64,
    pub subscription: String,
    pub url: String,
    pub body: Bytes,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Not yet delivered; attempts may follow.
    Pending,
    /// A 2xx answer was received.
    Delivered,
    /// The endpoint answered 410 and the subscription was deleted.
    Gone,
    /// The retry window ran out; the subscription was disabled.
    Exhausted,
    /// The subscription was deleted or disabled before delivery.
    Dropped,
}

/// One HTTP attempt.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Attempt {
    /// The `t` the attempt was signed with.
    pub t: i64,
    /// HTTP status received, if any.
    pub status: Option<u16>,
    /// Transport error (connect, timeout), if any.
    pub error: Option<String>,
}

/// The log entry tests read through `GET /_sandbox/deliveries`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DeliveryRecord {
    pub id: u64,
    pub event: String,
    pub subscription: String,
    pub callback_url: String,
    pub invitee: String,
    /// True for the extra copy a duplicate-delivery fault adds.
    pub duplicate: bool,
    pub created_at: String,
    pub state: DeliveryState,
    pub attempts: Vec<Attempt>,
}

/// How long a swapped delivery waits for the one it should follow.
const SWAP_HOLD: Duration = Duration::from_millis(500);

/// Builds the HTTP client with Calendly's timeouts; redirects are not followed.
pub fn client(app: &App) -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(app.config.delivery.connect_timeout)
        .read_timeout(app.config.delivery.read_timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("Calendly-Sandbox-Webhooks/1.0")
        .build()
        .unwrap_or_default()
}

/// Runs until `rx` closes or the task is aborted.
pub async fn worker(app: Arc<App>, mut rx: mpsc::UnboundedReceiver<Job>) {
    let http = client(&app);
    let mut retries = JoinSet::new();
    let mut held: Option<Job> = None;
    loop {
        let next = tokio::select! {
            Some(_) = retries.join_next(), if !retries.is_empty() => continue,
            job = recv(&mut rx, held.is_some()) => job,
        };
        match next {
            Received::Job(job) => {
                if let Some(first) = held.take() {
                    first_attempt(&app, &http, job, &mut retries).await;
                    first_attempt(&app, &http, first, &mut retries).await;
                } else if take_swap(&app) {
                    held = Some(job);
                } else {
                    first_attempt(&app, &http, job, &mut retries).await;
                }
            }
            Received::TimedOut => {
                if let Some(job) = held.take() {
                    first_attempt(&app, &http, job, &mut retries).await;
                }
            }
            Received::Closed => break,
        }
    }
    if let Some(job) = held.take() {
        first_attempt(&app, &http, job, &mut retries).await;
    }
    while retries.join_next().await.is_some() {}
}

enum Received {
    Job(Job),
    TimedOut,
    Closed,
}

async fn recv(rx: &mut mpsc::UnboundedReceiver<Job>, holding: bool) -> Received {
    let got = if holding {
        match tokio::time::timeout(SWAP_HOLD, rx.recv()).await {
            Ok(j) => j,
            Err(_) => return Received::TimedOut,
        }
    } else {
        rx.recv().await
    };
    got.map_or(Received::Closed, Received::Job)
}

fn take_swap(app: &App) -> bool {
    let mut store = app.store();
    if store.faults.swap_deliveries > 0 {
        store.faults.swap_deliveries -= 1;
        true
    } else {
        false
    }
}

async fn first_attempt(
    app: &Arc<App>,
    http: &reqwest::Client,
    job: Job,
    retries: &mut JoinSet<()>,
) {
    let t = wall_now();
    if attempt(app, http, &job, t).await == Outcome::Retry {
        let (app, http) = (app.clone(), http.clone());
        retries.spawn(async move { retry(app, http, job, t).await });
    }
}

async fn retry(app: Arc<App>, http: reqwest::Client, job: Job, first_t: i64) {
    let cfg = app.config.delivery.clone();
    let started = Instant::now();
    let mut backoff = cfg.initial_backoff;
    loop {
        tokio::time::sleep(backoff).await;
        if started.elapsed() > cfg.retry_window {
            exhaust(&app, &job);
            return;
        }
        let t = if cfg.keep_first_timestamp {
            first_t
        } else {
            wall_now()
        };
        if attempt(&app, &http, &job, t).await != Outcome::Retry {
            return;
        }
        backoff = (backoff * 2).min(cfg.max_backoff);
    }
}

/// Signature timestamps use wall time, not the sandbox clock: receivers check them
/// against their own clocks.
fn wall_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Done,
    Retry,
}

async fn attempt(app: &App, http: &reqwest::Client, job: &Job, t: i64) -> Outcome {
    if !subscription_active(app, job) {
        set_state(app, job.id, DeliveryState::Dropped);
        return Outcome::Done;
    }
    let signature =
        calendly::signature::sign(app.config.signing_key.as_bytes(), t, job.body.as_ref());
    let sent = http
        .post(&job.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(calendly::signature::HEADER, signature)
        .body(job.body.clone())
        .send()
        .await;
    let (status, error) = match &sent {
        Ok(r) => (Some(r.status().as_u16()), None),
        Err(e) => (None, Some(transport_error(e))),
    };
    // Drain the answer so the connection can be reused; its content does not matter.
    if let Ok(r) = sent {
        let _ = r.bytes().await;
    }
    let now = app.clock.now();
    let mut store = app.store();
    if let Some(rec) = store.delivery_log.iter_mut().find(|r| r.id == job.id) {
        rec.attempts.push(Attempt { t, status, error });
    }
    match status {
        Some(s) if (200..300).contains(&s) => {
            set_state_in(&mut store.delivery_log, job.id, DeliveryState::Delivered);
            if let Some(sub) = store
                .subscriptions
                .iter_mut()
                .find(|s| s.uri == job.subscription)
            {
                sub.retry_started_at = None;
            }
            tracing::debug!(id = job.id, status = s, "webhook delivered");
            Outcome::Done
        }
        Some(410) => {
            store.subscriptions.retain(|s| s.uri != job.subscription);
            set_state_in(&mut store.delivery_log, job.id, DeliveryState::Gone);
            tracing::info!(id = job.id, "endpoint answered 410: subscription deleted");
            Outcome::Done
        }
        _ => {
            if let Some(sub) = store
                .subscriptions
                .iter_mut()
                .find(|s| s.uri == job.subscription)
            {
                sub.retry_started_at.get_or_insert(now);
            }
            tracing::debug!(id = job.id, ?status, "webhook delivery failed; will retry");
            Outcome::Retry
        }
    }
}

fn transport_error(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timeout".into()
    } else if e.is_connect() {
        "connect".into()
    } else {
        "transport".into()
    }
}

fn subscription_active(app: &App, job: &Job) -> bool {
    app.store()
        .subscriptions
        .iter()
        .any(|s| s.uri == job.subscription && s.state == "active")
}

fn exhaust(app: &App, job: &Job) {
    let now = app.clock.now();
    let mut store = app.store();
    if let Some(sub) = store
        .subscriptions
        .iter_mut()
        .find(|s| s.uri == job.subscription)
    {
        sub.state = "disabled".into();
        sub.updated_at = now;
    }
    set_state_in(&mut store.delivery_log, job.id, DeliveryState::Exhausted);
    tracing::info!(
        id = job.id,
        at = %clock::format(now),
        "retries exhausted: subscription disabled"
    );
}

fn set_state(app: &App, id: u64, state: DeliveryState) {
    set_state_in(&mut app.store().delivery_log, id, state);
}

fn set_state_in(log: &mut [DeliveryRecord], id: u64, state: DeliveryState) {
    if let Some(rec) = log.iter_mut().find(|r| r.id == id) {
        rec.state = state;
    }
}
