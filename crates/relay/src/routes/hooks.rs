//! `POST /hooks/calendly/{inbox_id}`: verify, store durably, then answer 2xx.

use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use calendly::signature::{self, SignatureError};
use serde::Deserialize;
use serde_json::json;
use subtle::ConstantTimeEq;

use super::AppState;
use crate::error::ApiError;
use crate::metrics::{Metrics, Rejection};
use crate::store::{Incoming, Outcome, WriteError};
use crate::tokens;

/// The envelope fields the relay checks; the body itself is stored as received.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow)]
    event: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    created_by: Option<std::borrow::Cow<'a, str>>,
    payload: Option<serde::de::IgnoredAny>,
}

/// Checks in the order that answers Calendly most usefully: 404/410 before anything else
/// (so a deleted inbox makes Calendly drop its subscription even for a stale retry; an
/// inbox deleted through another process is caught at the commit instead), then
/// size, signature, shape, binding, the per-inbox rate limit (only signed requests count, so
/// forged traffic cannot starve real deliveries), and finally the durable commit.
pub async fn receive(
    State(state): State<AppState>,
    Path(inbox_id): Path<String>,
    request: Request,
) -> Response {
    Metrics::add(&state.metrics.received, 1);
    match accept(&state, &inbox_id, request).await {
        Ok(Outcome::Stored { seq }) => {
            tracing::debug!(inbox = %inbox_id, seq, "webhook stored");
            (StatusCode::OK, Json(json!({ "stored": true, "seq": seq }))).into_response()
        }
        Ok(Outcome::Duplicate) => {
            tracing::info!(inbox = %inbox_id, "replayed webhook acknowledged without storing");
            (
                StatusCode::OK,
                Json(json!({ "stored": false, "duplicate": true })),
            )
                .into_response()
        }
        Ok(Outcome::Gone) => {
            state.inbox_cache.remove(&inbox_id);
            reject(&state, &inbox_id, Rejection::Gone, ApiError::Gone)
        }
        Err((reason, error)) => reject(&state, &inbox_id, reason, error),
    }
}

fn reject(state: &AppState, inbox_id: &str, reason: Rejection, error: ApiError) -> Response {
    state.metrics.reject(reason);
    let inbox = if tokens::is_inbox_id(inbox_id) {
        inbox_id
    } else {
        "(malformed)"
    };
    tracing::info!(inbox, reason = ?reason, "webhook rejected");
    error.into_response()
}

type Refusal = (Rejection, ApiError);

async fn accept(state: &AppState, inbox_id: &str, request: Request) -> Result<Outcome, Refusal> {
    if !tokens::is_inbox_id(inbox_id) {
        return Err((Rejection::NotFound, ApiError::NotFound));
    }
    let bound_user = match state.inbox_cache.get(inbox_id) {
        Some(bound_user) => bound_user,
        None => {
            let facts = state
                .store
                .inbox(inbox_id)
                .await
                .map_err(|e| (Rejection::Unavailable, ApiError::from(e)))?
                .ok_or((Rejection::NotFound, ApiError::NotFound))?;
            if facts.deleted {
                return Err((Rejection::Gone, ApiError::Gone));
            }
            state
                .inbox_cache
                .insert(inbox_id, facts.calendly_user.clone());
            facts.calendly_user
        }
    };
    let header = request
        .headers()
        .get(signature::HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = Bytes::from_request(request, &())
        .await
        .map_err(|rejection| match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => (Rejection::TooLarge, ApiError::TooLarge),
            _ => (
                Rejection::BadJson,
                ApiError::BadRequest("unreadable request body"),
            ),
        })?;
    let header = header.ok_or((Rejection::BadSignature, ApiError::BadSignature))?;
    let now = state.config.clock.now_millis();
    let verified = signature::verify(
        &header,
        &body,
        &state
            .config
            .signing_keys
            .iter()
            .map(|k| k.expose())
            .collect::<Vec<_>>(),
        now / 1000,
        i64::try_from(state.config.signature_tolerance.as_secs()).unwrap_or(i64::MAX),
    )
    .map_err(|e| match e {
        SignatureError::Stale => (Rejection::Stale, ApiError::StaleSignature),
        _ => (Rejection::BadSignature, ApiError::BadSignature),
    })?;
    let digest = matched_digest(state, &verified, &body)
        .ok_or((Rejection::BadSignature, ApiError::BadSignature))?;

    let text = std::str::from_utf8(&body).map_err(|_| {
        (
            Rejection::BadJson,
            ApiError::BadRequest("body is not UTF-8 JSON"),
        )
    })?;
    let envelope: Envelope = serde_json::from_str(text).map_err(|_| {
        (
            Rejection::BadJson,
            ApiError::BadRequest("body is not a JSON object"),
        )
    })?;
    if envelope.event.is_none() || envelope.payload.is_none() {
        return Err((
            Rejection::BadJson,
            ApiError::BadRequest("body needs \"event\" and \"payload\""),
        ));
    }
    if let Some(bound) = bound_user.as_deref() {
        if envelope.created_by.as_deref() != Some(bound) {
            return Err((
                Rejection::Forbidden,
                ApiError::Forbidden("webhook created_by does not match this inbox's user"),
            ));
        }
    }
    if let Some(limit) = &state.inbox_limit {
        limit
            .check(&inbox_id.to_owned())
            .map_err(|wait| (Rejection::RateLimited, ApiError::RateLimited(wait)))?;
    }
    let item = Incoming {
        inbox_id: inbox_id.to_owned(),
        signed_at: verified.timestamp,
        digest,
        received_at: now,
        body: text.to_owned(),
    };
    state.writer.write(item).await.map_err(|e| {
        let error = match e {
            WriteError::Closed | WriteError::Database => ApiError::Unavailable,
        };
        (Rejection::Unavailable, error)
    })
}

/// The `v1` digest that matched one of the keys; the replay detector remembers it.
fn matched_digest(
    state: &AppState,
    header: &signature::SignatureHeader,
    body: &[u8],
) -> Option<[u8; 32]> {
    if let [only] = header.signatures.as_slice() {
        return Some(*only);
    }
    state.config.signing_keys.iter().find_map(|key| {
        let expected = signature::digest_hex(key.expose().as_bytes(), header.timestamp, body);
        header
            .signatures
            .iter()
            .find(|sig| bool::from(hex::encode(sig).as_bytes().ct_eq(expected.as_bytes())))
            .copied()
    })
}
