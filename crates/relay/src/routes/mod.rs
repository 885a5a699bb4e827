//! The HTTP API, one module per resource.

pub mod events;
pub mod hooks;
pub mod inboxes;
pub mod oauth;
pub mod ops;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderMap, StatusCode};
use axum::routing::{delete, get, post};
use axum::Router;
use tokio::sync::watch;
use tower_http::timeout::TimeoutLayer;

use crate::config::Config;
use crate::error::ApiError;
use crate::inbox_cache::InboxCache;
use crate::limits::RateLimiter;
use crate::metrics::Metrics;
use crate::store::{BatchWriter, InboxFacts, Store};
use crate::tokens;
use crate::wake::Wake;

/// Longest a long poll may park, in seconds.
pub const MAX_WAIT_SECS: u64 = 30;
/// Bodies of the consumer API are small JSON objects.
const API_BODY_LIMIT: usize = 16 * 1024;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub public_base_url: Arc<str>,
    /// Durability settings the database reported at start (shown by `/healthz`).
    pub durability: Arc<str>,
    pub store: Store,
    pub writer: BatchWriter,
    pub wake: Arc<Wake>,
    pub inbox_cache: Arc<InboxCache>,
    pub metrics: Arc<Metrics>,
    pub register_limit: Option<Arc<RateLimiter<IpAddr>>>,
    pub inbox_limit: Option<Arc<RateLimiter<String>>>,
    pub http: reqwest::Client,
    /// Flips to true when the relay shuts down, releasing parked long polls.
    pub shutdown: watch::Receiver<bool>,
}

/// Builds the router with its per-route limits and timeouts.
pub fn router(state: AppState) -> Router {
    let timeout =
        TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, state.config.request_timeout);
    let poll_timeout = TimeoutLayer::with_status_code(
        StatusCode::REQUEST_TIMEOUT,
        Duration::from_secs(MAX_WAIT_SECS) + state.config.request_timeout,
    );
    let hooks = Router::new()
        .route("/hooks/calendly/{inbox_id}", post(hooks::receive))
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes));
    let api = Router::new()
        .route("/v1/inboxes", post(inboxes::create))
        .route("/v1/inboxes/{inbox_id}", delete(inboxes::remove))
        .route("/v1/inboxes/{inbox_id}/ack", post(events::ack))
        .route("/v1/oauth/revoke", post(oauth::revoke))
        .route("/oauth/calendly/callback", get(oauth::landing))
        .route("/healthz", get(ops::healthz))
        .route("/metrics", get(ops::metrics))
        .route("/openapi.json", get(ops::openapi))
        .layer(DefaultBodyLimit::max(API_BODY_LIMIT));
    let polls = Router::new()
        .route("/v1/inboxes/{inbox_id}/events", get(events::list))
        .route("/v1/inboxes/{inbox_id}/stream", get(events::stream))
        .layer(poll_timeout);
    Router::new()
        .merge(hooks.merge(api).layer(timeout))
        .merge(polls)
        .with_state(state)
}

impl AppState {
    /// Checks the bearer consumer token against the inbox in constant time.
    ///
    /// Unknown ids and wrong tokens both answer 401, so the endpoint reveals nothing.
    pub async fn authorize(
        &self,
        headers: &HeaderMap,
        inbox_id: &str,
    ) -> Result<InboxFacts, ApiError> {
        let token = bearer(headers).ok_or(ApiError::Unauthorized)?;
        if !tokens::is_inbox_id(inbox_id) {
            return Err(ApiError::Unauthorized);
        }
        let facts = self
            .store
            .inbox(inbox_id)
            .await?
            .ok_or(ApiError::Unauthorized)?;
        if !tokens::token_matches(token, &facts.token_hash) {
            return Err(ApiError::Unauthorized);
        }
        if facts.deleted {
            return Err(ApiError::Gone);
        }
        Ok(facts)
    }
}

/// The token of an `Authorization: Bearer …` header.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// The peer address recorded by the server (see `ConnectInfo`).
pub type Peer = axum::extract::ConnectInfo<SocketAddr>;
