//! The desktop's client of Quotla's webhook relay (`crates/relay`).
//!
//! The relay stores Calendly's webhooks in this desktop's inbox until the desktop reads and
//! acknowledges them. This client registers the inbox (bound to a Calendly user, or unbound),
//! long-polls its events, acknowledges them, deletes the inbox, and revokes Calendly tokens
//! through the relay, which holds the OAuth client secret a native app must not ship.
//!
//! Timeouts are per request: a long poll parks at the relay for up to [`MAX_WAIT`], so it gets
//! its wait plus a grace period, and every other call gets [`Timeouts::request`]. A single
//! client-wide timeout would cut long polls that are working as intended.
//!
//! Answers are distrusted: bodies are read up to a cap (16 MiB for an events page, 64 KiB
//! otherwise) and checked (cursor never moves back, sequence numbers increase), so a broken
//! relay or something in between cannot make the desktop buffer without bound or lose its
//! place. Errors tell the desktop what to do ([`RelayError`], [`RelayError::is_transient`])
//! and never carry a token or a request body.

use std::time::Duration;

use calendly::Secret;
use reqwest::{RequestBuilder, Response};
use serde::Deserialize;

/// Longest wait the relay parks a long poll for (its `MAX_WAIT_SECS`); longer waits are
/// clamped to it.
pub const MAX_WAIT: Duration = Duration::from_secs(30);
/// Most events the relay returns in one page; larger limits are clamped to it.
pub const MAX_EVENTS_LIMIT: u32 = 1000;
/// An events page holds up to 1000 webhooks as received; with the relay's default 256 KiB
/// webhook cap (at most doubled by JSON escaping) a page of 32 events always fits.
const EVENTS_BODY_CAP: usize = 16 << 20;
/// Every other answer is a small JSON object.
const BODY_CAP: usize = 64 << 10;

/// Why the relay could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    /// The relay URL, an inbox id or a consumer token given to the client is unusable.
    #[error("relay client misconfigured: {0}")]
    Config(String),
    /// No answer: connection failed or dropped, or the request timed out.
    #[error("could not reach the relay{}", timed_out_note(.timed_out))]
    Network { timed_out: bool },
    /// The inbox cannot be used any more: deleted or purged (410), or the consumer token
    /// no longer opens it (401, also what the relay answers for an unknown inbox), each with
    /// the relay's own error code. Register a new inbox.
    #[error("the relay inbox is gone (HTTP {status})")]
    InboxGone { status: u16 },
    /// Too many registrations from this address or long polls on this inbox (429).
    #[error("rate limited by the relay")]
    RateLimited { retry_after: Option<Duration> },
    /// The relay failed or timed out itself (5xx, 408).
    #[error("the relay failed (HTTP {status}, {code})")]
    Server { status: u16, code: String },
    /// The relay refused the request (other 4xx) with its stable error code.
    #[error("the relay refused the request (HTTP {status}, {code})")]
    Refused { status: u16, code: String },
    /// An answer the relay does not give: unexpected status, oversized, malformed or
    /// inconsistent body.
    #[error("unexpected answer from the relay")]
    InvalidResponse,
}

impl RelayError {
    /// Whether the same request may succeed later with nothing changed on this side, so
    /// retrying with backoff (at least `retry_after` when rate limited) is right.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            RelayError::Network { .. } | RelayError::RateLimited { .. } | RelayError::Server { .. }
        )
    }
}

/// A registered inbox. `Debug` hides the consumer token.
pub struct Inbox {
    pub inbox_id: String,
    /// Where Calendly delivers this inbox's webhooks.
    pub webhook_url: String,
    /// The bearer token that reads the inbox and authorises revocation.
    pub consumer_token: Secret,
}

impl std::fmt::Debug for Inbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inbox")
            .field("inbox_id", &self.inbox_id)
            .field("webhook_url", &self.webhook_url)
            .finish_non_exhaustive()
    }
}

/// One page of events, checked: `seq` increases and exceeds the requested cursor.
#[derive(Debug, Deserialize)]
pub struct EventsPage {
    pub events: Vec<RelayEvent>,
    /// The cursor for the next call (the last `seq`, or the requested one when empty).
    pub next_after: i64,
}

/// One stored webhook. `Debug` shows the body's length only: it holds invitees' details.
#[derive(Deserialize)]
pub struct RelayEvent {
    pub seq: i64,
    /// When the relay stored it, RFC 3339 UTC.
    pub received_at: String,
    /// The webhook's JSON text exactly as Calendly sent it.
    pub body: String,
}

impl std::fmt::Debug for RelayEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RelayEvent")
            .field("seq", &self.seq)
            .field("received_at", &self.received_at)
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl EventsPage {
    fn is_consistent(&self, after: i64, limit: u32) -> bool {
        let mut last = after;
        for event in &self.events {
            if event.seq <= last {
                return false;
            }
            last = event.seq;
        }
        self.events.len() <= limit as usize && self.next_after >= last
    }
}

/// Per-request time limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// Whole-request limit of every call but long polls.
    pub request: Duration,
    /// Added to a long poll's wait: the relay answers when the wait ends, then the page
    /// still has to arrive.
    pub poll_grace: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            request: Duration::from_secs(30),
            poll_grace: Duration::from_secs(15),
        }
    }
}

impl Timeouts {
    /// The whole-request limit of a long poll asking to wait `wait`.
    pub fn poll(&self, wait: Duration) -> Duration {
        Duration::from_secs(wait_secs(wait)) + self.poll_grace
    }
}

/// The wait sent to the relay: whole seconds, at most [`MAX_WAIT`].
fn wait_secs(wait: Duration) -> u64 {
    wait.min(MAX_WAIT).as_secs()
}

#[derive(Deserialize)]
struct InboxBody {
    inbox_id: String,
    webhook_url: String,
    consumer_token: String,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: String,
}

/// Talks to one relay. Cheap to clone.
#[derive(Clone, Debug)]
pub struct RelayClient {
    base: url::Url,
    http: reqwest::Client,
    timeouts: Timeouts,
}

impl RelayClient {
    /// A client for the relay at `base` (e.g. `https://relay.quotla.app`).
    pub fn new(base: &str) -> Result<Self, RelayError> {
        Self::with_timeouts(base, Timeouts::default())
    }

    /// Like [`RelayClient::new`] with other time limits.
    pub fn with_timeouts(base: &str, timeouts: Timeouts) -> Result<Self, RelayError> {
        let mut base = url::Url::parse(base.trim_end_matches('/'))
            .map_err(|e| RelayError::Config(format!("invalid relay URL: {e}")))?;
        if base.cannot_be_a_base() || !matches!(base.scheme(), "http" | "https") {
            return Err(RelayError::Config("the relay URL is not http(s)".into()));
        }
        base.set_query(None);
        base.set_fragment(None);
        // No client-wide timeout: each request sets its own (see `Timeouts`).
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| RelayError::Config(e.to_string()))?;
        Ok(RelayClient {
            base,
            http,
            timeouts,
        })
    }

    /// The base URL with `segments` appended, each percent-encoded.
    fn url(&self, segments: &[&str]) -> url::Url {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .expect("new() accepts only URLs that can be a base")
            .pop_if_empty()
            .extend(segments);
        url
    }

    /// `POST /v1/inboxes`: an inbox bound to `calendly_user`, so the relay refuses webhooks
    /// created by anyone else and revokes only that user's tokens.
    pub async fn register_inbox(&self, calendly_user: &str) -> Result<Inbox, RelayError> {
        self.register(serde_json::json!({ "calendly_user": calendly_user }))
            .await
    }

    /// `POST /v1/inboxes` with `{}`: an inbox bound to no user, for a desktop that has not
    /// connected Calendly yet. It accepts every correctly signed webhook and cannot revoke.
    pub async fn register_unbound_inbox(&self) -> Result<Inbox, RelayError> {
        self.register(serde_json::json!({})).await
    }

    async fn register(&self, body: serde_json::Value) -> Result<Inbox, RelayError> {
        let request = self
            .http
            .post(self.url(&["v1", "inboxes"]))
            .json(&body)
            .timeout(self.timeouts.request);
        let body = send(request, 201, false, BODY_CAP).await?;
        let body: InboxBody =
            serde_json::from_slice(&body).map_err(|_| RelayError::InvalidResponse)?;
        // The id goes into URL paths and the token into a header: refuse anything odd now
        // rather than on every later call.
        let webhook_ok = url::Url::parse(&body.webhook_url)
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
        let token_ok = (1..=1024).contains(&body.consumer_token.len())
            && body.consumer_token.bytes().all(|b| b.is_ascii_graphic());
        if !is_inbox_id(&body.inbox_id) || !webhook_ok || !token_ok {
            return Err(RelayError::InvalidResponse);
        }
        Ok(Inbox {
            inbox_id: body.inbox_id,
            webhook_url: body.webhook_url,
            consumer_token: Secret::new(body.consumer_token),
        })
    }

    /// `GET /v1/inboxes/{id}/events`: up to `limit` events with `seq > after` (`limit`
    /// clamped to 1..=[`MAX_EVENTS_LIMIT`]). With a non-zero `wait` (whole seconds, clamped to
    /// [`MAX_WAIT`]) the relay parks the request until an event arrives or the wait ends,
    /// then answers, possibly with no events. The whole page must arrive within the wait plus
    /// [`Timeouts::poll_grace`], so a desktop on a slow link asks for small pages.
    pub async fn events(
        &self,
        inbox_id: &str,
        consumer_token: &Secret,
        after: i64,
        wait: Duration,
        limit: u32,
    ) -> Result<EventsPage, RelayError> {
        let limit = limit.clamp(1, MAX_EVENTS_LIMIT);
        let mut url = self.url(&["v1", "inboxes", checked_id(inbox_id)?, "events"]);
        url.query_pairs_mut()
            .append_pair("after", &after.to_string())
            .append_pair("wait", &wait_secs(wait).to_string())
            .append_pair("limit", &limit.to_string());
        let request = self
            .http
            .get(url)
            .bearer_auth(consumer_token.expose())
            .timeout(self.timeouts.poll(wait));
        let body = send(request, 200, true, EVENTS_BODY_CAP).await?;
        let page: EventsPage =
            serde_json::from_slice(&body).map_err(|_| RelayError::InvalidResponse)?;
        if !page.is_consistent(after, limit) {
            return Err(RelayError::InvalidResponse);
        }
        Ok(page)
    }

    /// `POST /v1/inboxes/{id}/ack`: the relay deletes every event with `seq <= up_to`.
    pub async fn ack(
        &self,
        inbox_id: &str,
        consumer_token: &Secret,
        up_to: i64,
    ) -> Result<(), RelayError> {
        let request = self
            .http
            .post(self.url(&["v1", "inboxes", checked_id(inbox_id)?, "ack"]))
            .bearer_auth(consumer_token.expose())
            .json(&serde_json::json!({ "up_to": up_to }))
            .timeout(self.timeouts.request);
        send(request, 204, true, BODY_CAP).await.map(drop)
    }

    /// `DELETE /v1/inboxes/{id}`: drops the inbox and its events; later webhooks get 410, so
    /// Calendly removes the subscription. [`RelayError::InboxGone`] means nothing is left.
    pub async fn delete_inbox(
        &self,
        inbox_id: &str,
        consumer_token: &Secret,
    ) -> Result<(), RelayError> {
        let request = self
            .http
            .delete(self.url(&["v1", "inboxes", checked_id(inbox_id)?]))
            .bearer_auth(consumer_token.expose())
            .timeout(self.timeouts.request);
        send(request, 204, true, BODY_CAP).await.map(drop)
    }

    /// `POST /v1/oauth/revoke`: revokes a Calendly access or refresh token of the inbox's
    /// user. An already inactive token counts as revoked; an unbound inbox is refused (403).
    pub async fn revoke(&self, consumer_token: &Secret, token: &Secret) -> Result<(), RelayError> {
        let request = self
            .http
            .post(self.url(&["v1", "oauth", "revoke"]))
            .bearer_auth(consumer_token.expose())
            .json(&serde_json::json!({ "token": token.expose() }))
            .timeout(self.timeouts.request);
        send(request, 204, true, BODY_CAP).await.map(drop)
    }
}

/// Ids the relay issues are 32 hex digits; this accepts any plain token so a future id
/// format still works, but nothing that could change the URL's meaning.
fn is_inbox_id(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
}

fn checked_id(id: &str) -> Result<&str, RelayError> {
    if is_inbox_id(id) {
        Ok(id)
    } else {
        Err(RelayError::Config("not an inbox id".into()))
    }
}

/// Sends `request` and returns the body of an answer with the `expected` status, read up
/// to `cap` bytes. `authenticated` requests carry a consumer token, so 401/410 from the
/// relay mean the inbox is gone.
async fn send(
    request: RequestBuilder,
    expected: u16,
    authenticated: bool,
    cap: usize,
) -> Result<Vec<u8>, RelayError> {
    let response = request.send().await.map_err(network)?;
    if response.status().as_u16() == expected {
        read_capped(response, cap).await
    } else {
        Err(failure(response, authenticated).await)
    }
}

fn timed_out_note(timed_out: &bool) -> &'static str {
    if *timed_out {
        " (timed out)"
    } else {
        ""
    }
}

/// Never the reqwest error itself: it may carry the URL, and says nothing the desktop acts on.
fn network(error: reqwest::Error) -> RelayError {
    if error.is_builder() {
        // The only input that can break a request here is a token unfit for a header.
        return RelayError::Config("the request could not be built".into());
    }
    RelayError::Network {
        timed_out: error.is_timeout(),
    }
}

/// Reads the body chunk by chunk, giving up as soon as it exceeds `cap`.
async fn read_capped(mut response: Response, cap: usize) -> Result<Vec<u8>, RelayError> {
    if response.content_length().is_some_and(|n| n > cap as u64) {
        return Err(RelayError::InvalidResponse);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(network)? {
        if body.len() + chunk.len() > cap {
            return Err(RelayError::InvalidResponse);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Classifies an answer without the expected status. The status decides; the body only
/// contributes the relay's error code (best effort), which must match for `InboxGone` so
/// that a proxy's or captive portal's 401 does not make the desktop drop its inbox.
async fn failure(response: Response, authenticated: bool) -> RelayError {
    let status = response.status().as_u16();
    if !(400..=599).contains(&status) {
        return RelayError::InvalidResponse;
    }
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    let code = read_capped(response, BODY_CAP)
        .await
        .ok()
        .and_then(|body| serde_json::from_slice::<ErrorBody>(&body).ok())
        .map(|body| sanitize(&body.error))
        .filter(|code| !code.is_empty())
        .unwrap_or_else(|| "unknown".into());
    match (status, code.as_str()) {
        (401, "unauthorized") | (410, "gone") if authenticated => RelayError::InboxGone { status },
        (429, _) => RelayError::RateLimited { retry_after },
        (408 | 500..=599, _) => RelayError::Server { status, code },
        _ => RelayError::Refused { status, code },
    }
}

/// The relay's codes are short snake_case words; anything else is cut down to that shape.
fn sanitize(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .take(64)
        .collect()
}
