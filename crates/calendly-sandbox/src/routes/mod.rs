//! HTTP surface: one router serves OAuth, the REST API, booking pages and the control API.

pub mod booking;
pub mod event_types;
pub mod events;
pub mod invitee_pages;
pub mod no_shows;
pub mod oauth;
pub mod scheduling_links;
pub mod users;
pub mod webhooks;

use crate::model::{Collection, ErrorDetail, ErrorResponse, Pagination};
use crate::state::{App, RequestFault, Store};
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::sync::Arc;

/// Largest request body any endpoint reads; Calendly's own bodies are tiny.
pub const BODY_LIMIT: usize = 64 * 1024;

/// Every REST route as `GET /stats` counts it (method and route template).
pub const API_ROUTES: &[&str] = &[
    "GET /users/me",
    "GET /users/{uuid}",
    "GET /organizations/{uuid}",
    "GET /event_types",
    "GET /event_types/{uuid}",
    "POST /scheduling_links",
    "GET /scheduled_events",
    "GET /scheduled_events/{uuid}",
    "GET /scheduled_events/{uuid}/invitees",
    "GET /scheduled_events/{uuid}/invitees/{invitee}",
    "POST /scheduled_events/{uuid}/cancellation",
    "POST /invitee_no_shows",
    "GET /invitee_no_shows/{uuid}",
    "DELETE /invitee_no_shows/{uuid}",
    "POST /webhook_subscriptions",
    "GET /webhook_subscriptions",
    "GET /webhook_subscriptions/{uuid}",
    "DELETE /webhook_subscriptions/{uuid}",
];

/// The whole router.
pub fn router(app: Arc<App>) -> Router {
    let api = Router::new()
        .merge(users::routes())
        .merge(event_types::routes())
        .merge(scheduling_links::routes())
        .merge(events::routes())
        .merge(no_shows::routes())
        .merge(webhooks::routes())
        .layer(middleware::from_fn_with_state(app.clone(), api_guard));
    let oauth = oauth::routes();
    Router::new()
        .merge(api)
        .merge(oauth)
        .layer(middleware::from_fn_with_state(app.clone(), fault_guard))
        .merge(booking::routes())
        .merge(invitee_pages::routes())
        .merge(booking::scheduling_pages(&app))
        .nest("/_sandbox", crate::control::routes())
        .fallback(|| async { ApiError::not_found() })
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(app)
}

/// An error in Calendly's `{title, message, details}` form.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub title: &'static str,
    pub message: String,
    pub details: Vec<ErrorDetail>,
}

impl ApiError {
    fn new(status: StatusCode, title: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            title,
            message: message.into(),
            details: Vec::new(),
        }
    }

    /// 400 with one detail naming the offending parameter.
    pub fn invalid(parameter: Option<&str>, message: &str) -> Self {
        let mut e = Self::new(
            StatusCode::BAD_REQUEST,
            "Invalid Argument",
            "The supplied parameters are invalid.",
        );
        e.details.push(ErrorDetail {
            parameter: parameter.map(str::to_owned),
            message: message.to_owned(),
        });
        e
    }

    pub fn unauthenticated(message: &str) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "Unauthenticated", message)
    }

    pub fn forbidden(message: &str) -> Self {
        Self::new(StatusCode::FORBIDDEN, "Permission Denied", message)
    }

    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "Resource Not Found",
            "The server could not find the requested resource.",
        )
    }

    pub fn conflict(message: &str) -> Self {
        Self::new(StatusCode::CONFLICT, "Already Exists", message)
    }

    pub fn too_large() -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Payload Too Large",
            "The request body is too large.",
        )
    }

    pub fn server_error(status: StatusCode) -> Self {
        Self::new(
            status,
            "Internal Server Error",
            "The server encountered an unexpected condition that prevented it from fulfilling the request.",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorResponse {
            title: self.title.to_owned(),
            message: self.message,
            details: self.details,
        };
        (self.status, Json(body)).into_response()
    }
}

/// A JSON body read within [`BODY_LIMIT`]; failures answer in Calendly's error form.
pub struct JsonBody<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, ApiError> {
        let bytes = axum::body::to_bytes(req.into_body(), BODY_LIMIT)
            .await
            .map_err(|_| ApiError::too_large())?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// A raw body read within [`BODY_LIMIT`]; too large answers 413 in Calendly's error form.
pub struct RawBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, ApiError> {
        axum::body::to_bytes(req.into_body(), BODY_LIMIT)
            .await
            .map(RawBody)
            .map_err(|_| ApiError::too_large())
    }
}

/// Parses a JSON body, naming the problem without echoing the input.
pub fn parse_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.is_empty() {
        return Err(ApiError::invalid(None, "a JSON body is required"));
    }
    serde_json::from_slice(bytes).map_err(|e| {
        let msg = match e.classify() {
            serde_json::error::Category::Data => "the body has a missing or invalid field",
            _ => "the body is not valid JSON",
        };
        ApiError::invalid(None, msg)
    })
}

/// Query parameters in request order (duplicates kept, so they can be refused).
#[derive(Debug, Default, Clone)]
pub struct Params(pub Vec<(String, String)>);

impl Params {
    pub fn from_query(q: Option<&str>) -> Self {
        Params(
            q.map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default(),
        )
    }

    /// The single value of `name`; a repeated parameter is an error.
    pub fn get(&self, name: &str) -> Result<Option<&str>, ApiError> {
        let mut it = self.0.iter().filter(|(k, _)| k == name);
        let first = it.next().map(|(_, v)| v.as_str());
        if it.next().is_some() {
            return Err(ApiError::invalid(Some(name), "must be given only once"));
        }
        Ok(first)
    }

    pub fn require(&self, name: &str) -> Result<&str, ApiError> {
        self.get(name)?
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ApiError::invalid(Some(name), "is required"))
    }

    pub fn bool(&self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.get(name)? {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(_) => Err(ApiError::invalid(Some(name), "must be true or false")),
        }
    }

    pub fn time(&self, name: &str) -> Result<Option<time::OffsetDateTime>, ApiError> {
        self.get(name)?
            .map(|v| {
                crate::clock::parse(v)
                    .ok_or_else(|| ApiError::invalid(Some(name), "must be an RFC 3339 timestamp"))
            })
            .transpose()
    }

    /// Ascending or descending on the one field allowed, e.g. `start_time:asc`.
    pub fn sort(&self, field: &str, default_desc: bool) -> Result<bool, ApiError> {
        match self.get("sort")? {
            None => Ok(default_desc),
            Some(s) if s == format!("{field}:asc") => Ok(false),
            Some(s) if s == format!("{field}:desc") => Ok(true),
            Some(_) => Err(ApiError::invalid(
                Some("sort"),
                &format!("must be {field}:asc or {field}:desc"),
            )),
        }
    }
}

/// Whose items a list shows, from its `user` / `organization` filter.
pub enum Owner {
    User(String),
    Organization(String),
}

impl Owner {
    /// Whether an item owned by user `owner` belongs in the list.
    pub fn includes(&self, store: &Store, owner: &str) -> bool {
        match self {
            Owner::User(u) => u == owner,
            Owner::Organization(o) => store.org_of(owner) == Some(o.as_str()),
        }
    }
}

/// Checks a list's `user` / `organization` filter: one is required, and it must be the
/// caller or the caller's current organization.
pub fn check_owner(store: &Store, caller: &Caller, params: &Params) -> Result<Owner, ApiError> {
    let org = store.org_of(&caller.user).unwrap_or_default();
    match (params.get("user")?, params.get("organization")?) {
        (None, None) => Err(ApiError::invalid(
            Some("user"),
            "user or organization is required",
        )),
        (Some(u), _) if u != caller.user => Err(if store.same_org(u, &caller.user) {
            ApiError::forbidden("You do not have permission")
        } else {
            ApiError::forbidden("This user is not in your organization")
        }),
        (_, Some(o)) if o != org => Err(ApiError::forbidden("You do not have permission")),
        (Some(u), _) => Ok(Owner::User(u.to_owned())),
        (None, Some(o)) => Ok(Owner::Organization(o.to_owned())),
    }
}

/// One page of `items` with Calendly's pagination block.
///
/// Page tokens carry the offset and a MAC over the path and filters, so a token from
/// another query or a forged one is refused rather than silently misread.
pub fn paginate<T>(
    app: &App,
    path: &str,
    params: &Params,
    items: Vec<T>,
) -> Result<Collection<T>, ApiError> {
    let count = match params.get("count")? {
        None => 20,
        Some(c) => c
            .parse::<usize>()
            .ok()
            .filter(|c| (1..=100).contains(c))
            .ok_or_else(|| ApiError::invalid(Some("count"), "must be between 1 and 100"))?,
    };
    let filters: Vec<(String, String)> = {
        let mut f: Vec<_> = params
            .0
            .iter()
            .filter(|(k, _)| k != "count" && k != "page_token")
            .cloned()
            .collect();
        f.sort();
        f
    };
    let offset = match params.get("page_token")? {
        None => 0,
        Some(tok) => decode_page_token(app, path, &filters, tok)
            .ok_or_else(|| ApiError::invalid(Some("page_token"), "is invalid or stale"))?,
    };
    let total = items.len();
    let page: Vec<T> = items.into_iter().skip(offset).take(count).collect();
    let link = |off: usize| {
        let tok = encode_page_token(app, path, &filters, off);
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &filters {
            q.append_pair(k, v);
        }
        q.append_pair("count", &count.to_string());
        q.append_pair("page_token", &tok);
        (format!("{}{path}?{}", app.base_url, q.finish()), tok)
    };
    let next = (offset + count < total).then(|| link(offset + count));
    let prev = (offset > 0).then(|| link(offset.saturating_sub(count)));
    Ok(Collection {
        pagination: Pagination {
            count: page.len(),
            next_page: next.as_ref().map(|n| n.0.clone()),
            next_page_token: next.map(|n| n.1),
            previous_page: prev.as_ref().map(|p| p.0.clone()),
            previous_page_token: prev.map(|p| p.1),
        },
        collection: page,
    })
}

fn page_mac(app: &App, path: &str, filters: &[(String, String)], offset: u32) -> [u8; 32] {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(&app.page_key).expect("HMAC accepts keys of any length");
    mac.update(path.as_bytes());
    for (k, v) in filters {
        mac.update(&[0]);
        mac.update(k.as_bytes());
        mac.update(&[1]);
        mac.update(v.as_bytes());
    }
    mac.update(&offset.to_be_bytes());
    mac.finalize().into_bytes().into()
}

fn encode_page_token(app: &App, path: &str, filters: &[(String, String)], offset: usize) -> String {
    let offset = u32::try_from(offset).unwrap_or(u32::MAX);
    let mut raw = offset.to_be_bytes().to_vec();
    raw.extend_from_slice(&page_mac(app, path, filters, offset)[..12]);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
}

fn decode_page_token(
    app: &App,
    path: &str,
    filters: &[(String, String)],
    token: &str,
) -> Option<usize> {
    if token.len() > 64 {
        return None;
    }
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .ok()?;
    if raw.len() != 16 {
        return None;
    }
    let offset = u32::from_be_bytes(raw[..4].try_into().ok()?);
    let mac = page_mac(app, path, filters, offset);
    // Constant time is not needed for a page token, but it costs nothing.
    let ok = raw[4..]
        .iter()
        .zip(&mac[..12])
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0;
    ok.then_some(offset as usize)
}

/// Who is calling the REST API: resolved from the bearer token by [`api_guard`].
#[derive(Debug, Clone)]
pub struct Caller {
    pub scope: String,
    /// The token owner's user URI.
    pub user: String,
}

impl Caller {
    /// Whether the caller may see what user `owner` owns: both are in one organization.
    pub fn sees(&self, store: &Store, owner: &str) -> bool {
        store.same_org(&self.user, owner)
    }

    /// 403 unless the token's scopes cover `needed`.
    pub fn require(&self, needed: &str) -> Result<(), ApiError> {
        if crate::state::scope_allows(&self.scope, needed) {
            Ok(())
        } else {
            let mut e = ApiError::forbidden("You do not have permission to access this resource.");
            e.details.push(ErrorDetail {
                parameter: Some("scope".into()),
                message: format!("the access token lacks the {needed} scope"),
            });
            Err(e)
        }
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// Authenticates, rate-limits (per user) and counts every REST request; adds
/// `X-RateLimit-*`.
async fn api_guard(State(app): State<Arc<App>>, mut req: Request, next: Next) -> Response {
    let now = app.clock.now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| format!("{} {}", req.method(), p.as_str()));
    let checked = {
        let mut store = app.store();
        let found = bearer(req.headers()).and_then(|t| store.access_tokens.get(t).cloned());
        match found {
            None => Err(ApiError::unauthenticated("The access token is invalid")),
            Some(a) if a.revoked => Err(ApiError::unauthenticated("The access token is revoked")),
            Some(a) if a.expires_at <= now => {
                Err(ApiError::unauthenticated("The access token expired"))
            }
            Some(a) => {
                let limit = app.rate_limit(store.plan);
                let window = store.rate.entry(a.owner.clone()).or_default();
                let used = window.hit(now);
                let reset = window.reset(now);
                store.stats.api_requests += 1;
                if let Some(route) = route {
                    *store.stats.api_requests_by_route.entry(route).or_default() += 1;
                }
                if used > limit {
                    store.stats.rate_limited += 1;
                }
                Ok((
                    Caller {
                        scope: a.scope,
                        user: a.owner,
                    },
                    limit,
                    used,
                    reset,
                ))
            }
        }
    };
    let (caller, limit, used, reset) = match checked {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let mut resp = if used > limit {
        too_many_requests()
    } else {
        req.extensions_mut().insert(caller);
        next.run(req).await
    };
    set_rate_headers(resp.headers_mut(), limit, limit.saturating_sub(used), reset);
    resp
}

fn too_many_requests() -> Response {
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "Too Many Requests",
        "You have exceeded the rate limit. Please try again later.",
    )
    .into_response()
}

fn set_rate_headers(h: &mut HeaderMap, limit: u32, remaining: u32, reset: i64) {
    for (name, value) in [
        ("x-ratelimit-limit", limit.to_string()),
        ("x-ratelimit-remaining", remaining.to_string()),
        ("x-ratelimit-reset", reset.to_string()),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(name, v);
        }
    }
}

/// Injects queued request faults into API and OAuth requests.
async fn fault_guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let fault = app.store().faults.requests.pop_front();
    match fault {
        None => next.run(req).await,
        Some(RequestFault::Error { status }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            ApiError::server_error(status).into_response()
        }
        Some(RequestFault::RateLimit) => {
            let (limit, reset) = {
                let store = app.store();
                let window = bearer(req.headers())
                    .and_then(|t| store.access_tokens.get(t))
                    .and_then(|a| store.rate.get(&a.owner))
                    .copied()
                    .unwrap_or_default();
                (app.rate_limit(store.plan), window.reset(app.clock.now()))
            };
            let mut resp = too_many_requests();
            set_rate_headers(resp.headers_mut(), limit, 0, reset);
            resp
        }
        Some(RequestFault::Slow { delay_ms }) => {
            tokio::time::sleep(std::time::Duration::from_millis(delay_ms)).await;
            next.run(req).await
        }
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An HTML page response with a strict CSP (the pages need no scripts).
pub fn html(status: StatusCode, title: &str, body: &str) -> Response {
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>body{{font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}}\
         label{{display:block;margin:.6rem 0}}input{{width:100%}}button{{margin:.5rem .5rem 0 0;padding:.4rem 1rem}}</style>\
         </head><body>{}</body></html>",
        html_escape(title),
        body
    );
    let mut resp = (status, page).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
        ),
    );
    resp
}

/// `201 Created` with a JSON body.
pub fn created<T: serde::Serialize>(body: T) -> Response {
    (StatusCode::CREATED, Json(body)).into_response()
}

/// `204 No Content`.
pub fn no_content() -> Response {
    Response::builder()
        .status(StatusCode::NO_CONTENT)
        .body(Body::empty())
        .unwrap_or_default()
}
