//! Reading (`GET …/events`, optionally as a long poll) and acknowledging events.

use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::{AppState, MAX_WAIT_SECS};
use crate::error::ApiError;
use crate::metrics::Metrics;
use crate::store::StoredEvent;

const DEFAULT_LIMIT: i64 = 100;
const MAX_LIMIT: i64 = 1000;
/// A poll refreshes `last_polled_at` (which keeps the inbox alive) at most this often.
const TOUCH_EVERY_MS: i64 = 3_600_000;

#[derive(Deserialize)]
pub struct ListQuery {
    after: Option<i64>,
    limit: Option<i64>,
    wait: Option<u64>,
}

#[derive(Serialize)]
struct EventView {
    seq: i64,
    received_at: String,
    body: String,
}

#[derive(Serialize)]
struct EventsPage {
    events: Vec<EventView>,
    next_after: i64,
}

/// Lists events after `after`; with `wait`, parks until one arrives or the time runs out.
pub async fn list(
    State(state): State<AppState>,
    Path(inbox_id): Path<String>,
    headers: HeaderMap,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let last_polled_at = state.authorize(&headers, &inbox_id).await?.last_polled_at;
    // A parked poll keeps only what it needs: thousands of them may wait at once.
    drop(headers);
    let Query(query) = query
        .map_err(|_| ApiError::BadRequest("after, limit and wait must be non-negative integers"))?;
    let after = query.after.unwrap_or(0).max(0);
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let wait = Duration::from_secs(query.wait.unwrap_or(0).min(MAX_WAIT_SECS));
    let now = state.config.clock.now_millis();
    if now - last_polled_at > TOUCH_EVERY_MS {
        state.store.touch(&inbox_id, now).await?;
    }
    let mut parked = if wait.is_zero() {
        None
    } else {
        Some(
            state
                .wake
                .park(&inbox_id, state.config.max_parked_per_inbox)
                .ok_or(ApiError::TooManyPolls)?,
        )
    };
    let deadline = tokio::time::Instant::now() + wait;
    let mut shutdown = state.shutdown.clone();
    loop {
        let events = state.store.read_events(&inbox_id, after, limit).await?;
        let Some(parked) = parked.as_mut().filter(|_| events.is_empty()) else {
            return Ok(page(&state, after, events));
        };
        tokio::select! {
            () = parked.changed() => {}
            () = tokio::time::sleep_until(deadline) => return Ok(page(&state, after, Vec::new())),
            _ = shutdown.wait_for(|down| *down) => return Ok(page(&state, after, Vec::new())),
        }
    }
}

fn page(state: &AppState, after: i64, events: Vec<StoredEvent>) -> Response {
    Metrics::add(&state.metrics.delivered, events.len() as u64);
    let next_after = events.last().map_or(after, |e| e.seq);
    let events = events
        .into_iter()
        .map(|e| EventView {
            seq: e.seq,
            received_at: rfc3339(e.received_at),
            body: e.body,
        })
        .collect();
    Json(EventsPage { events, next_after }).into_response()
}

fn rfc3339(millis: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

#[derive(Deserialize)]
pub struct AckBody {
    up_to: i64,
}

/// Deletes every event up to `up_to`.
pub async fn ack(
    State(state): State<AppState>,
    Path(inbox_id): Path<String>,
    headers: HeaderMap,
    body: Result<Json<AckBody>, axum::extract::rejection::JsonRejection>,
) -> Result<StatusCode, ApiError> {
    state.authorize(&headers, &inbox_id).await?;
    let Json(body) = body.map_err(|_| ApiError::BadRequest("body must be {\"up_to\": SEQ}"))?;
    let deleted = state.store.ack(&inbox_id, body.up_to).await?;
    Metrics::add(&state.metrics.acked, deleted);
    Ok(StatusCode::NO_CONTENT)
}

/// Where a stream stands: the cursor, events fetched but not yet sent, and its wake-up.
struct StreamCursor {
    state: AppState,
    inbox_id: String,
    after: i64,
    pending: std::collections::VecDeque<StoredEvent>,
    parked: crate::wake::Parked,
    shutdown: tokio::sync::watch::Receiver<bool>,
}

impl StreamCursor {
    /// The next event, waiting for one if needed; `None` ends the stream (shutdown,
    /// deleted inbox or a storage error the client should retry).
    async fn next(&mut self) -> Option<StoredEvent> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                self.after = event.seq;
                Metrics::add(&self.state.metrics.delivered, 1);
                return Some(event);
            }
            let down = *self.shutdown.borrow();
            if down {
                return None;
            }
            let events = self
                .state
                .store
                .read_events(&self.inbox_id, self.after, DEFAULT_LIMIT)
                .await
                .ok()?;
            if !events.is_empty() {
                self.pending.extend(events);
                continue;
            }
            let woken = tokio::select! {
                () = self.parked.changed() => true,
                _ = self.shutdown.wait_for(|down| *down) => false,
            };
            if !woken || self.state.store.inbox(&self.inbox_id).await.ok()??.deleted {
                return None;
            }
        }
    }
}

/// `GET /v1/inboxes/{id}/stream`: the events as Server-Sent Events (`id` = seq), resuming
/// after `Last-Event-ID` (or `?after=`). Holds one of the inbox's long-poll slots.
pub async fn stream(
    State(state): State<AppState>,
    Path(inbox_id): Path<String>,
    headers: HeaderMap,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    use axum::response::sse::{Event, KeepAlive, Sse};

    state.authorize(&headers, &inbox_id).await?;
    let Query(query) =
        query.map_err(|_| ApiError::BadRequest("after must be a non-negative integer"))?;
    let last_event_id = match headers.get("last-event-id") {
        Some(value) => Some(
            value
                .to_str()
                .ok()
                .and_then(|v| v.trim().parse::<i64>().ok())
                .ok_or(ApiError::BadRequest(
                    "Last-Event-ID must be a sequence number",
                ))?,
        ),
        None => None,
    };
    let after = last_event_id.or(query.after).unwrap_or(0).max(0);
    state
        .store
        .touch(&inbox_id, state.config.clock.now_millis())
        .await?;
    let parked = state
        .wake
        .park(&inbox_id, state.config.max_parked_per_inbox)
        .ok_or(ApiError::TooManyPolls)?;
    let cursor = StreamCursor {
        shutdown: state.shutdown.clone(),
        state,
        inbox_id,
        after,
        pending: Default::default(),
        parked,
    };
    let events = futures_util::stream::unfold(cursor, |mut cursor| async move {
        let event = cursor.next().await?;
        let data = serde_json::to_string(&EventView {
            seq: event.seq,
            received_at: rfc3339(event.received_at),
            body: event.body,
        })
        .unwrap_or_default();
        let sse = Event::default()
            .id(event.seq.to_string())
            .event("webhook")
            .data(data);
        Some((Ok::<_, std::convert::Infallible>(sse), cursor))
    });
    Ok(Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response())
}
