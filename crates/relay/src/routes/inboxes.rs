//! Registering (`POST /v1/inboxes`) and deleting (`DELETE /v1/inboxes/{id}`) inboxes.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use super::{AppState, Peer};
use crate::error::ApiError;
use crate::limits::client_ip;
use crate::metrics::Metrics;
use crate::tokens;

/// Longest accepted Calendly user URI.
const MAX_USER_URI: usize = 512;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateBody {
    calendly_user: Option<String>,
}

/// Registers an inbox, optionally bound to a Calendly user URI.
pub async fn create(
    State(state): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    if let Some(limit) = &state.register_limit {
        let ip = client_ip(peer.0, &headers, &state.config.trusted_proxies);
        limit.check(&ip).map_err(ApiError::RateLimited)?;
    }
    let calendly_user = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        serde_json::from_slice::<CreateBody>(&body)
            .map_err(|_| ApiError::BadRequest("body must be {} or {\"calendly_user\": URI}"))?
            .calendly_user
    };
    if let Some(user) = &calendly_user {
        if user.is_empty() || user.len() > MAX_USER_URI || user.chars().any(char::is_control) {
            return Err(ApiError::BadRequest("calendly_user must be a user URI"));
        }
    }
    let inbox_id = tokens::new_inbox_id();
    let token = tokens::new_consumer_token();
    state
        .store
        .create_inbox(
            &inbox_id,
            &tokens::hash_token(&token),
            calendly_user.as_deref(),
            state.config.clock.now_millis(),
        )
        .await?;
    Metrics::add(&state.metrics.inboxes_created, 1);
    tracing::info!(inbox = %inbox_id, bound = calendly_user.is_some(), "inbox registered");
    let webhook_url = format!("{}/hooks/calendly/{inbox_id}", state.public_base_url);
    let body = json!({ "inbox_id": inbox_id, "webhook_url": webhook_url, "consumer_token": token });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// Deletes an inbox's events at once and leaves a tombstone (later webhooks get 410).
pub async fn remove(
    State(state): State<AppState>,
    Path(inbox_id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    state.authorize(&headers, &inbox_id).await?;
    state
        .store
        .delete_inbox(&inbox_id, state.config.clock.now_millis())
        .await?;
    state.inbox_cache.remove(&inbox_id);
    state.wake.notify(&inbox_id);
    tracing::info!(inbox = %inbox_id, "inbox deleted");
    Ok(StatusCode::NO_CONTENT)
}
