//! `CalendlyClient`: typed calls to the REST endpoints the product uses, with paging,
//! Calendly's error mapping and bounded, safe retries.

use std::collections::HashSet;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{HeaderMap, AUTHORIZATION};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};
use url::Url;

use crate::model::{
    Cancellation, EventStatus, EventType, Invitee, InviteeNoShow, InviteeStatus, Page, Resource,
    ScheduledEvent, SchedulingLink, User, WebhookScope, WebhookSubscription,
};
use crate::webhook::WebhookEvent;
use crate::{Error, Secret};

/// Calendly's API host.
pub const DEFAULT_API_BASE: &str = "https://api.calendly.com";

/// Parses a base URL and makes sure relative paths join below it (trailing `/`).
pub(crate) fn base_url(value: &str) -> Result<Url, Error> {
    let mut url = Url::parse(value).map_err(|e| Error::Config(format!("base URL {value}: {e}")))?;
    if url.cannot_be_a_base() || !matches!(url.scheme(), "http" | "https") {
        return Err(Error::Config(format!(
            "base URL {value} is not an http(s) base"
        )));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

/// Reads how long until the rate limit resets: `X-RateLimit-Reset` (seconds until reset; a
/// value that looks like a unix time is read as one), else `Retry-After` (seconds).
pub(crate) fn reset_after(headers: &HeaderMap) -> Option<Duration> {
    let seconds = |name: &str| -> Option<f64> {
        let v: f64 = headers.get(name)?.to_str().ok()?.trim().parse().ok()?;
        (v.is_finite() && v >= 0.0).then_some(v)
    };
    let value = seconds("x-ratelimit-reset").or_else(|| seconds("retry-after"))?;
    if value > 1_000_000_000.0 {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .ok()?
            .as_secs_f64();
        // Clamped like the relative form: a far-future value must not overflow Duration.
        return Some(Duration::from_secs_f64((value - now).clamp(0.0, 86_400.0)));
    }
    Some(Duration::from_secs_f64(value.min(86_400.0)))
}

/// How often and how long to retry requests that are safe to retry.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 = never retry).
    pub max_retries: u32,
    /// First back-off delay; doubles with each retry (with jitter).
    pub base_delay: Duration,
    /// Longest single wait. A rate limit that resets later than this is returned to the
    /// caller as [`Error::RateLimited`] instead of being waited out.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    fn backoff(&self, retry: u32) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(retry.min(16)))
            .min(self.max_delay);
        // Full jitter in [50 %, 100 %] so that many clients do not retry in lock-step.
        exp.mul_f64(0.5 + rand::random::<f64>() / 2.0)
    }
}

/// Settings of a [`CalendlyClient`].
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// API base URL (`https://api.calendly.com`, or the sandbox's URL).
    pub api_base: String,
    /// Retry behaviour.
    pub retry: RetryPolicy,
    /// Timeout of one attempt.
    pub timeout: Duration,
}

impl Default for ClientConfig {
    fn default() -> Self {
        Self {
            api_base: DEFAULT_API_BASE.to_owned(),
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(30),
        }
    }
}

/// Typed Calendly REST client. Cloning is cheap and clones share the connection pool and the
/// access token, so one client can serve many tasks.
#[derive(Clone)]
pub struct CalendlyClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base: Url,
    token: RwLock<Secret>,
    retry: RetryPolicy,
    rate_limit: Mutex<Option<RateLimitStatus>>,
}

/// The `X-RateLimit-*` headers of the latest answer, for pacing long syncs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitStatus {
    /// Requests allowed per window (`X-RateLimit-Limit`).
    pub limit: Option<u32>,
    /// Requests left in this window (`X-RateLimit-Remaining`).
    pub remaining: Option<u32>,
    /// Time from `observed_at` until the window resets (`X-RateLimit-Reset`).
    pub reset_after: Option<Duration>,
    /// When the answer arrived.
    pub observed_at: std::time::Instant,
}

impl RateLimitStatus {
    fn from_headers(headers: &HeaderMap) -> Option<Self> {
        let number =
            |name: &str| -> Option<u32> { headers.get(name)?.to_str().ok()?.trim().parse().ok() };
        let status = Self {
            limit: number("x-ratelimit-limit"),
            remaining: number("x-ratelimit-remaining"),
            reset_after: reset_after(headers),
            observed_at: std::time::Instant::now(),
        };
        (status.limit.is_some() || status.remaining.is_some()).then_some(status)
    }
}

impl std::fmt::Debug for CalendlyClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CalendlyClient")
            .field("base", &self.inner.base.as_str())
            .finish_non_exhaustive()
    }
}

impl CalendlyClient {
    /// A client for `api_base` with the default retry policy.
    pub fn new(api_base: &str, access_token: Secret) -> Result<Self, Error> {
        Self::with_config(
            ClientConfig {
                api_base: api_base.to_owned(),
                ..ClientConfig::default()
            },
            access_token,
        )
    }

    /// A client with explicit settings.
    pub fn with_config(config: ClientConfig, access_token: Secret) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .timeout(config.timeout)
            .build()
            .map_err(|e| Error::Config(format!("HTTP client: {e}")))?;
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                base: base_url(&config.api_base)?,
                token: RwLock::new(access_token),
                retry: config.retry,
                rate_limit: Mutex::new(None),
            }),
        })
    }

    /// Replaces the access token for this client and all its clones (after a refresh).
    pub fn set_access_token(&self, token: Secret) {
        *self.inner.token.write().unwrap_or_else(|e| e.into_inner()) = token;
    }

    /// The rate-limit headers of the latest answer that carried them (shared by clones).
    pub fn rate_limit(&self) -> Option<RateLimitStatus> {
        *self
            .inner
            .rate_limit
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// The configured API base URL.
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// `GET /users/me`.
    pub async fn current_user(&self) -> Result<User, Error> {
        self.get_resource(&["users", "me"], &[]).await
    }

    /// `GET /event_types`, page by page.
    pub fn event_types(&self, query: &EventTypesQuery) -> Paginator<EventType> {
        Paginator::new(self.clone(), vec!["event_types".into()], query.params())
    }

    /// `POST /scheduling_links`: a link that books `event_type` at most `max_event_count` times.
    pub async fn create_scheduling_link(
        &self,
        event_type: &str,
        max_event_count: u32,
    ) -> Result<SchedulingLink, Error> {
        let body = serde_json::json!({
            "max_event_count": max_event_count,
            "owner": event_type,
            "owner_type": "EventType",
        });
        self.post_resource(&["scheduling_links"], &body).await
    }

    /// `GET /scheduled_events`, page by page.
    pub fn scheduled_events(&self, query: &ScheduledEventsQuery) -> Paginator<ScheduledEvent> {
        Paginator::new(
            self.clone(),
            vec!["scheduled_events".into()],
            query.params(),
        )
    }

    /// `GET /scheduled_events/{uuid}`; `event` is the event's URI or UUID.
    pub async fn scheduled_event(&self, event: &str) -> Result<ScheduledEvent, Error> {
        self.get_resource(&["scheduled_events", last_segment(event)?], &[])
            .await
    }

    /// `GET /scheduled_events/{uuid}/invitees`, page by page.
    pub fn invitees(
        &self,
        event: &str,
        query: &InviteesQuery,
    ) -> Result<Paginator<Invitee>, Error> {
        let uuid = last_segment(event)?.to_owned();
        Ok(Paginator::new(
            self.clone(),
            vec!["scheduled_events".into(), uuid, "invitees".into()],
            query.params(),
        ))
    }

    /// `GET /scheduled_events/{event}/invitees/{invitee}`; `invitee` is the invitee's URI.
    pub async fn invitee(&self, invitee: &str) -> Result<Invitee, Error> {
        let (event, invitee) = invitee_path(invitee)?;
        self.get_resource(&["scheduled_events", event, "invitees", invitee], &[])
            .await
    }

    /// `POST /scheduled_events/{uuid}/cancellation`; 403 if the event is past or canceled.
    pub async fn cancel_event(
        &self,
        event: &str,
        reason: Option<&str>,
    ) -> Result<Cancellation, Error> {
        let body = match reason {
            Some(reason) => serde_json::json!({ "reason": reason }),
            None => serde_json::json!({}),
        };
        self.post_resource(
            &["scheduled_events", last_segment(event)?, "cancellation"],
            &body,
        )
        .await
    }

    /// `POST /invitee_no_shows`: marks the invitee (by URI) as a no-show.
    pub async fn create_no_show(&self, invitee: &str) -> Result<InviteeNoShow, Error> {
        self.post_resource(
            &["invitee_no_shows"],
            &serde_json::json!({ "invitee": invitee }),
        )
        .await
    }

    /// `DELETE /invitee_no_shows/{uuid}`: removes a no-show mark (URI or UUID).
    pub async fn delete_no_show(&self, no_show: &str) -> Result<(), Error> {
        self.delete(&["invitee_no_shows", last_segment(no_show)?])
            .await
    }

    /// `POST /webhook_subscriptions`. 409 ([`Error::Conflict`]) when the URL is taken; 403
    /// ([`Error::Forbidden`] with [`crate::ForbiddenReason::Plan`]) on the free plan.
    pub async fn create_webhook_subscription(
        &self,
        subscription: &NewWebhookSubscription,
    ) -> Result<WebhookSubscription, Error> {
        self.post_resource(&["webhook_subscriptions"], subscription)
            .await
    }

    /// `GET /webhook_subscriptions`, page by page.
    pub fn webhook_subscriptions(
        &self,
        query: &WebhookSubscriptionsQuery,
    ) -> Paginator<WebhookSubscription> {
        Paginator::new(
            self.clone(),
            vec!["webhook_subscriptions".into()],
            query.params(),
        )
    }

    /// `GET /webhook_subscriptions/{uuid}` (URI or UUID).
    pub async fn webhook_subscription(
        &self,
        subscription: &str,
    ) -> Result<WebhookSubscription, Error> {
        self.get_resource(&["webhook_subscriptions", last_segment(subscription)?], &[])
            .await
    }

    /// `DELETE /webhook_subscriptions/{uuid}` (URI or UUID).
    pub async fn delete_webhook_subscription(&self, subscription: &str) -> Result<(), Error> {
        self.delete(&["webhook_subscriptions", last_segment(subscription)?])
            .await
    }

    async fn get_resource<T: DeserializeOwned>(
        &self,
        path: &[&str],
        query: &[(&'static str, String)],
    ) -> Result<T, Error> {
        let bytes = self.execute(Method::GET, path, query, None).await?;
        decode::<Resource<T>>(&bytes).map(|r| r.resource)
    }

    async fn post_resource<T: DeserializeOwned, B: Serialize + ?Sized>(
        &self,
        path: &[&str],
        body: &B,
    ) -> Result<T, Error> {
        let body =
            serde_json::to_vec(body).map_err(|e| Error::Config(format!("request body: {e}")))?;
        let bytes = self.execute(Method::POST, path, &[], Some(body)).await?;
        decode::<Resource<T>>(&bytes).map(|r| r.resource)
    }

    async fn delete(&self, path: &[&str]) -> Result<(), Error> {
        self.execute(Method::DELETE, path, &[], None)
            .await
            .map(drop)
    }

    fn url(&self, path: &[&str], query: &[(&'static str, String)]) -> Url {
        let mut url = self.inner.base.clone();
        url.path_segments_mut()
            .expect("base_url() checked that the base can be a base")
            .pop_if_empty()
            .extend(path);
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        url
    }

    /// Sends a request, retrying only where that is safe:
    /// - GET and DELETE on network errors, 429 and 5xx;
    /// - POST on 429 (Calendly did not process it) and on failures to connect (nothing was
    ///   sent), never after the request may have reached Calendly.
    ///
    /// A DELETE that finds nothing after an earlier attempt may have gone through counts as
    /// done.
    async fn execute(
        &self,
        method: Method,
        path: &[&str],
        query: &[(&'static str, String)],
        body: Option<Vec<u8>>,
    ) -> Result<Vec<u8>, Error> {
        let url = self.url(path, query);
        let idempotent = method != Method::POST;
        let policy = &self.inner.retry;
        let mut maybe_processed = false;
        let mut retry = 0u32;
        loop {
            let token = self
                .inner
                .token
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .clone();
            let mut request = self
                .inner
                .http
                .request(method.clone(), url.clone())
                .header(AUTHORIZATION, format!("Bearer {}", token.expose()))
                .header(reqwest::header::ACCEPT, "application/json");
            if let Some(body) = &body {
                request = request
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(body.clone());
            }
            let can_retry = retry < policy.max_retries;
            let wait = match request.send().await {
                Err(e) => {
                    let unsent = e.is_connect();
                    if can_retry && (idempotent || unsent) {
                        maybe_processed |= !unsent;
                        tracing::debug!(%method, path = url.path(), error = %e, "retrying Calendly request");
                        policy.backoff(retry)
                    } else {
                        return Err(Error::Network(e.to_string()));
                    }
                }
                Ok(response) => {
                    let status = response.status().as_u16();
                    let reset = reset_after(response.headers());
                    if let Some(seen) = RateLimitStatus::from_headers(response.headers()) {
                        *self
                            .inner
                            .rate_limit
                            .lock()
                            .unwrap_or_else(|e| e.into_inner()) = Some(seen);
                    }
                    if response.status().is_success() {
                        return response
                            .bytes()
                            .await
                            .map(|b| b.to_vec())
                            .map_err(|e| Error::Network(e.to_string()));
                    }
                    if status == 404 && method == Method::DELETE && maybe_processed {
                        return Ok(Vec::new());
                    }
                    let retryable = status == 429 || (idempotent && (500..=599).contains(&status));
                    let wait = match (status, reset) {
                        (429, Some(reset)) => reset,
                        _ => policy.backoff(retry),
                    };
                    if !(can_retry && retryable && wait <= policy.max_delay) {
                        let bytes = response.bytes().await.unwrap_or_default();
                        return Err(Error::from_status(status, reset, &bytes));
                    }
                    maybe_processed |= status != 429;
                    tracing::debug!(%method, path = url.path(), status, ?wait, "retrying Calendly request");
                    wait
                }
            };
            tokio::time::sleep(wait).await;
            retry += 1;
        }
    }
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    serde_json::from_slice(bytes).map_err(|e| Error::InvalidResponse(e.to_string()))
}

/// The UUID at the end of a resource URI (a bare UUID is returned as is).
fn last_segment(uri_or_uuid: &str) -> Result<&str, Error> {
    let path = uri_or_uuid.split(['?', '#']).next().unwrap_or_default();
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Error::InvalidInput(format!("no resource id in {uri_or_uuid:?}")))
}

/// `(event uuid, invitee uuid)` from `…/scheduled_events/EV/invitees/INV`.
fn invitee_path(uri: &str) -> Result<(&str, &str), Error> {
    let path = uri.split(['?', '#']).next().unwrap_or_default();
    let segments: Vec<&str> = path.trim_end_matches('/').rsplit('/').take(4).collect();
    match segments.as_slice() {
        [invitee, "invitees", event, "scheduled_events"]
            if !invitee.is_empty() && !event.is_empty() =>
        {
            Ok((event, invitee))
        }
        _ => Err(Error::InvalidInput(format!(
            "{uri:?} is not an invitee URI (…/scheduled_events/EVENT/invitees/INVITEE)"
        ))),
    }
}

fn time_param(t: OffsetDateTime) -> String {
    t.to_offset(UtcOffset::UTC)
        .format(&Rfc3339)
        .expect("a UTC time within Calendly's range formats as RFC 3339")
}

fn count_param(count: Option<u32>, params: &mut Vec<(&'static str, String)>) {
    if let Some(count) = count {
        params.push(("count", count.clamp(1, 100).to_string()));
    }
}

/// Filters of `GET /event_types`.
#[derive(Debug, Clone, Default)]
pub struct EventTypesQuery {
    /// Event types of this user (URI).
    pub user: Option<String>,
    /// Event types of this organization (URI).
    pub organization: Option<String>,
    /// Only active (or only inactive) ones.
    pub active: Option<bool>,
    /// Page size, 1–100.
    pub count: Option<u32>,
    /// e.g. `name:asc`.
    pub sort: Option<String>,
}

impl EventTypesQuery {
    /// The active event types of `user`.
    pub fn active_of_user(user: impl Into<String>) -> Self {
        Self {
            user: Some(user.into()),
            active: Some(true),
            ..Self::default()
        }
    }

    fn params(&self) -> Vec<(&'static str, String)> {
        let mut p = Vec::new();
        if let Some(v) = &self.user {
            p.push(("user", v.clone()));
        }
        if let Some(v) = &self.organization {
            p.push(("organization", v.clone()));
        }
        if let Some(v) = self.active {
            p.push(("active", v.to_string()));
        }
        if let Some(v) = &self.sort {
            p.push(("sort", v.clone()));
        }
        count_param(self.count, &mut p);
        p
    }
}

/// Filters of `GET /scheduled_events`.
#[derive(Debug, Clone, Default)]
pub struct ScheduledEventsQuery {
    /// Events of this user (URI).
    pub user: Option<String>,
    /// Events of this organization (URI).
    pub organization: Option<String>,
    /// Events starting at or after this time.
    pub min_start_time: Option<OffsetDateTime>,
    /// Events starting before this time.
    pub max_start_time: Option<OffsetDateTime>,
    /// Only active or only canceled events.
    pub status: Option<EventStatus>,
    /// Events with an invitee of this e-mail.
    pub invitee_email: Option<String>,
    /// e.g. `start_time:asc`.
    pub sort: Option<String>,
    /// Page size, 1–100.
    pub count: Option<u32>,
}

impl ScheduledEventsQuery {
    fn params(&self) -> Vec<(&'static str, String)> {
        let mut p = Vec::new();
        if let Some(v) = &self.user {
            p.push(("user", v.clone()));
        }
        if let Some(v) = &self.organization {
            p.push(("organization", v.clone()));
        }
        if let Some(v) = self.min_start_time {
            p.push(("min_start_time", time_param(v)));
        }
        if let Some(v) = self.max_start_time {
            p.push(("max_start_time", time_param(v)));
        }
        if let Some(v) = &self.status {
            p.push(("status", v.to_string()));
        }
        if let Some(v) = &self.invitee_email {
            p.push(("invitee_email", v.clone()));
        }
        if let Some(v) = &self.sort {
            p.push(("sort", v.clone()));
        }
        count_param(self.count, &mut p);
        p
    }
}

/// Filters of `GET /scheduled_events/{uuid}/invitees`.
#[derive(Debug, Clone, Default)]
pub struct InviteesQuery {
    /// Only active or only canceled invitees.
    pub status: Option<InviteeStatus>,
    /// Invitees of this e-mail.
    pub email: Option<String>,
    /// e.g. `created_at:asc`.
    pub sort: Option<String>,
    /// Page size, 1–100.
    pub count: Option<u32>,
}

impl InviteesQuery {
    fn params(&self) -> Vec<(&'static str, String)> {
        let mut p = Vec::new();
        if let Some(v) = &self.status {
            p.push(("status", v.to_string()));
        }
        if let Some(v) = &self.email {
            p.push(("email", v.clone()));
        }
        if let Some(v) = &self.sort {
            p.push(("sort", v.clone()));
        }
        count_param(self.count, &mut p);
        p
    }
}

/// Filters of `GET /webhook_subscriptions` (`organization` and `scope` are required).
#[derive(Debug, Clone)]
pub struct WebhookSubscriptionsQuery {
    /// Organization URI.
    pub organization: String,
    /// `user` for the product's subscriptions.
    pub scope: WebhookScope,
    /// User URI (with `scope: user`).
    pub user: Option<String>,
    /// Page size, 1–100.
    pub count: Option<u32>,
}

impl WebhookSubscriptionsQuery {
    /// The user-scoped subscriptions of `user` in `organization`.
    pub fn of_user(organization: impl Into<String>, user: impl Into<String>) -> Self {
        Self {
            organization: organization.into(),
            scope: WebhookScope::User,
            user: Some(user.into()),
            count: None,
        }
    }

    fn params(&self) -> Vec<(&'static str, String)> {
        let mut p = vec![
            ("organization", self.organization.clone()),
            ("scope", self.scope.to_string()),
        ];
        if let Some(v) = &self.user {
            p.push(("user", v.clone()));
        }
        count_param(self.count, &mut p);
        p
    }
}

/// Body of `POST /webhook_subscriptions`.
#[derive(Debug, Clone, Serialize)]
pub struct NewWebhookSubscription {
    /// The callback URL (cannot be changed later).
    pub url: String,
    /// Events to deliver.
    pub events: Vec<WebhookEvent>,
    /// Organization URI.
    pub organization: String,
    /// User URI (with `scope: user`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// `user` for the product.
    pub scope: WebhookScope,
}

impl NewWebhookSubscription {
    /// A user-scoped subscription to the four invitee events the product handles.
    pub fn for_user(
        url: impl Into<String>,
        organization: impl Into<String>,
        user: impl Into<String>,
    ) -> Self {
        Self {
            url: url.into(),
            events: vec![
                WebhookEvent::InviteeCreated,
                WebhookEvent::InviteeCanceled,
                WebhookEvent::InviteeNoShowCreated,
                WebhookEvent::InviteeNoShowDeleted,
            ],
            organization: organization.into(),
            user: Some(user.into()),
            scope: WebhookScope::User,
        }
    }
}

/// Walks a list page by page, always building the next request from `next_page_token`
/// against the configured base URL (never by following `next_page`).
#[derive(Debug)]
pub struct Paginator<T> {
    client: CalendlyClient,
    path: Vec<String>,
    params: Vec<(&'static str, String)>,
    next: Option<Option<String>>,
    seen: HashSet<String>,
    _item: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Paginator<T> {
    fn new(client: CalendlyClient, path: Vec<String>, params: Vec<(&'static str, String)>) -> Self {
        Self {
            client,
            path,
            params,
            next: Some(None),
            seen: HashSet::new(),
            _item: PhantomData,
        }
    }

    /// Starts at a saved cursor instead of the first page.
    pub fn starting_at(mut self, page_token: impl Into<String>) -> Self {
        self.next = Some(Some(page_token.into()));
        self
    }

    /// The cursor of the page [`Self::next_page`] fetches next, for saving progress.
    pub fn next_token(&self) -> Option<&str> {
        self.next.as_ref().and_then(|t| t.as_deref())
    }

    /// Fetches the next page; `None` after the last one.
    pub async fn next_page(&mut self) -> Result<Option<Page<T>>, Error> {
        let Some(token) = self.next.take() else {
            return Ok(None);
        };
        let mut params = self.params.clone();
        if let Some(token) = &token {
            params.push(("page_token", token.clone()));
        }
        let path: Vec<&str> = self.path.iter().map(String::as_str).collect();
        let bytes = self.client.execute(Method::GET, &path, &params, None).await;
        let page: Page<T> = match bytes.and_then(|b| decode(&b)) {
            Ok(page) => page,
            Err(e) => {
                self.next = Some(token);
                return Err(e);
            }
        };
        if let Some(next) = page.pagination.next_token() {
            if !self.seen.insert(next.clone()) {
                return Err(Error::InvalidResponse(format!(
                    "page token {next:?} came back twice; stopping instead of looping"
                )));
            }
            self.next = Some(Some(next));
        }
        Ok(Some(page))
    }

    /// Fetches every remaining page and returns all items.
    pub async fn all(mut self) -> Result<Vec<T>, Error> {
        let mut items = Vec::new();
        while let Some(page) = self.next_page().await? {
            items.extend(page.collection);
        }
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn reset_after_reads_seconds_unix_times_and_retry_after() {
        fn d(pairs: &[(&'static str, &str)]) -> Option<Duration> {
            reset_after(&headers(pairs))
        }
        assert_eq!(
            d(&[("x-ratelimit-reset", "17")]),
            Some(Duration::from_secs(17))
        );
        assert_eq!(
            d(&[("x-ratelimit-reset", " 1.5 ")]),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(d(&[("retry-after", "3")]), Some(Duration::from_secs(3)));
        assert_eq!(
            d(&[("x-ratelimit-reset", "4"), ("retry-after", "9")]),
            Some(Duration::from_secs(4))
        );
        let soon = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            + 30;
        let from_epoch = d(&[("x-ratelimit-reset", &soon.to_string())]).unwrap();
        assert!(from_epoch <= Duration::from_secs(30) && from_epoch >= Duration::from_secs(25));
        assert_eq!(
            d(&[("x-ratelimit-reset", "1000000001")]),
            Some(Duration::ZERO)
        );
        // A hostile far-future time is capped, never an overflow.
        assert_eq!(
            d(&[("x-ratelimit-reset", "1e20")]),
            Some(Duration::from_secs(86_400))
        );
        assert_eq!(d(&[("x-ratelimit-reset", "-1")]), None);
        assert_eq!(d(&[("x-ratelimit-reset", "soon")]), None);
        assert_eq!(d(&[("x-ratelimit-reset", "NaN")]), None);
        assert_eq!(d(&[]), None);
    }

    #[test]
    fn resource_ids_from_uris() {
        assert_eq!(
            last_segment("https://api.calendly.com/scheduled_events/AB").unwrap(),
            "AB"
        );
        assert_eq!(
            last_segment("https://x/webhook_subscriptions/W1/").unwrap(),
            "W1"
        );
        assert_eq!(
            last_segment("https://x/invitee_no_shows/N?x=1#f").unwrap(),
            "N"
        );
        assert_eq!(last_segment("BARE-UUID").unwrap(), "BARE-UUID");
        assert!(last_segment("").is_err());
        assert_eq!(
            invitee_path("https://api.calendly.com/scheduled_events/EV/invitees/INV").unwrap(),
            ("EV", "INV")
        );
        assert!(invitee_path("https://api.calendly.com/scheduled_events/EV").is_err());
        assert!(invitee_path("https://x/events/EV/invitees/INV").is_err());
        assert!(invitee_path("https://x/scheduled_events//invitees/INV").is_err());
    }

    #[test]
    fn base_urls_are_normalised() {
        assert_eq!(
            base_url("https://api.calendly.com").unwrap().as_str(),
            "https://api.calendly.com/"
        );
        assert_eq!(
            base_url("http://127.0.0.1:8788/v2?x#y").unwrap().as_str(),
            "http://127.0.0.1:8788/v2/"
        );
        assert!(base_url("quotla://oauth").is_err());
        assert!(base_url("mailto:a@b").is_err());
        assert!(base_url("not a url").is_err());
    }

    #[test]
    fn backoff_is_bounded_and_jittered() {
        let p = RetryPolicy::default();
        for retry in 0..40 {
            let d = p.backoff(retry);
            assert!(d <= p.max_delay, "{d:?}");
            assert!(d >= p.base_delay / 2, "{d:?}");
        }
    }
}
