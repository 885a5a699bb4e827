//! OAuth 2.0 as Calendly runs it: authorize page (Approve / Deny, or automatic), token
//! endpoint with PKCE S256, single-use codes living 10 minutes, rotating single-use refresh
//! tokens, and revoke / introspect for confidential callers only.

use super::{html, html_escape, Params, RawBody};
use crate::config::AuthorizeMode;
use crate::ids;
use crate::model::TokenResponse;
use crate::state::{valid_scope, App, CodeRecord, RefreshState};
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use subtle::ConstantTimeEq;
use time::Duration;

/// Authorization codes live this long.
const CODE_TTL: Duration = Duration::minutes(10);

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route(
            "/oauth/authorize",
            get(authorize_page).post(authorize_decision),
        )
        .route("/oauth/token", post(token))
        .route("/oauth/revoke", post(revoke))
        .route("/oauth/introspect", post(introspect))
}

/// An OAuth error: `{"error", "error_description"}` with a status.
#[derive(Debug)]
struct OAuthError {
    status: StatusCode,
    error: &'static str,
    description: String,
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let mut r = (
            self.status,
            Json(serde_json::json!({ "error": self.error, "error_description": self.description })),
        )
            .into_response();
        r.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        r
    }
}

fn oauth_error(status: StatusCode, error: &'static str, description: &str) -> OAuthError {
    OAuthError {
        status,
        error,
        description: description.to_owned(),
    }
}

fn invalid_grant() -> OAuthError {
    oauth_error(
        StatusCode::BAD_REQUEST,
        "invalid_grant",
        "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.",
    )
}

fn invalid_client() -> OAuthError {
    oauth_error(
        StatusCode::UNAUTHORIZED,
        "invalid_client",
        "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
    )
}

fn invalid_request(description: &str) -> OAuthError {
    oauth_error(StatusCode::BAD_REQUEST, "invalid_request", description)
}

/// Whether `uri` is a registered redirect URI (exact match) or an allowed loopback one.
fn redirect_allowed(app: &App, uri: &str) -> bool {
    if app.config.redirect_uris.iter().any(|r| r == uri) {
        return true;
    }
    if !app.config.allow_loopback_redirects {
        return false;
    }
    match url::Url::parse(uri) {
        Ok(u) => {
            u.scheme() == "http"
                && u.fragment().is_none()
                && matches!(
                    u.host_str(),
                    Some("127.0.0.1") | Some("localhost") | Some("[::1]")
                )
        }
        Err(_) => false,
    }
}

/// A validated authorize request.
struct AuthRequest {
    redirect_uri: String,
    state: Option<String>,
    scope: String,
    code_challenge: Option<String>,
}

fn valid_pkce_value(v: &str) -> bool {
    (43..=128).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// Why an authorize request is refused.
enum AuthorizeError {
    /// The client or redirect URI is wrong: show a page, never redirect.
    Page(String),
    /// Reported to the client through its redirect URI.
    Redirect {
        redirect_uri: String,
        state: Option<String>,
        error: &'static str,
    },
}

impl IntoResponse for AuthorizeError {
    fn into_response(self) -> Response {
        match self {
            AuthorizeError::Page(msg) => html(
                StatusCode::BAD_REQUEST,
                "Authorization error",
                &format!("<h1>Authorization error</h1><p>{}</p>", html_escape(&msg)),
            ),
            AuthorizeError::Redirect {
                redirect_uri,
                state,
                error,
            } => redirect(&redirect_uri, &[("error", error)], state.as_deref()),
        }
    }
}

/// Checks an authorize request (from the query or the consent form).
fn check_authorize(app: &App, p: &Params) -> Result<AuthRequest, AuthorizeError> {
    let one = |name: &str| {
        p.get(name)
            .map_err(|_| AuthorizeError::Page(format!("{name} is repeated")))
    };
    let client_id = one("client_id")?;
    if client_id != Some(app.config.client_id.as_str()) {
        return Err(AuthorizeError::Page("Unknown client_id.".into()));
    }
    let redirect_uri = match one("redirect_uri")? {
        Some(r) if redirect_allowed(app, r) => r.to_owned(),
        _ => {
            return Err(AuthorizeError::Page(
                "The redirect_uri is not registered for this application.".into(),
            ))
        }
    };
    let state = one("state")?.map(str::to_owned);
    let fail = |error: &'static str| AuthorizeError::Redirect {
        redirect_uri: redirect_uri.clone(),
        state: state.clone(),
        error,
    };
    if one("response_type")? != Some("code") {
        return Err(fail("unsupported_response_type"));
    }
    let code_challenge = one("code_challenge")?.map(str::to_owned);
    match (code_challenge.as_deref(), one("code_challenge_method")?) {
        (None, None) => {}
        (Some(c), Some("S256")) if valid_pkce_value(c) => {}
        _ => return Err(fail("invalid_request")),
    }
    let scope = one("scope")?
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if scope.len() > 1024 || !valid_scope(&scope) {
        return Err(fail("invalid_scope"));
    }
    Ok(AuthRequest {
        redirect_uri,
        state,
        scope,
        code_challenge,
    })
}

/// `302` to `base` with `pairs` (and `state`) added to its query.
fn redirect(base: &str, pairs: &[(&str, &str)], state: Option<&str>) -> Response {
    let Ok(mut url) = url::Url::parse(base) else {
        return invalid_request("redirect_uri is not a valid URL").into_response();
    };
    {
        let mut q = url.query_pairs_mut();
        for (k, v) in pairs {
            q.append_pair(k, v);
        }
        if let Some(s) = state {
            q.append_pair("state", s);
        }
    }
    let mut r = StatusCode::FOUND.into_response();
    if let Ok(v) = HeaderValue::from_str(url.as_str()) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

fn approve(app: &App, req: &AuthRequest) -> Response {
    let code = ids::secret();
    let now = app.clock.now();
    let mut store = app.store();
    let scope = store
        .grant_scope
        .clone()
        .unwrap_or_else(|| req.scope.clone());
    let owner = store.users[store.authorize_user].model.uri.clone();
    store.codes.insert(
        code.clone(),
        CodeRecord {
            owner,
            client_id: app.config.client_id.clone(),
            redirect_uri: req.redirect_uri.clone(),
            code_challenge: req.code_challenge.clone(),
            scope,
            expires_at: now + CODE_TTL,
            used: false,
        },
    );
    tracing::info!("authorization approved");
    redirect(&req.redirect_uri, &[("code", &code)], req.state.as_deref())
}

fn deny(req: &AuthRequest) -> Response {
    tracing::info!("authorization denied");
    redirect(
        &req.redirect_uri,
        &[("error", "access_denied")],
        req.state.as_deref(),
    )
}

async fn authorize_page(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    let params = Params::from_query(q.as_deref());
    let req = match check_authorize(&app, &params) {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let mode = app.store().authorize_mode;
    match mode {
        AuthorizeMode::AutoApprove => approve(&app, &req),
        AuthorizeMode::AutoDeny => deny(&req),
        AuthorizeMode::Interactive => consent_page(&app, &params, &req),
    }
}

fn consent_page(app: &App, params: &Params, req: &AuthRequest) -> Response {
    let mut hidden = String::new();
    for name in [
        "client_id",
        "redirect_uri",
        "response_type",
        "state",
        "scope",
        "code_challenge",
        "code_challenge_method",
    ] {
        if let Ok(Some(v)) = params.get(name) {
            hidden.push_str(&format!(
                "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
                html_escape(v)
            ));
        }
    }
    let scopes: String = if req.scope.is_empty() {
        "<li>no scopes</li>".into()
    } else {
        req.scope
            .split(' ')
            .map(|s| format!("<li><code>{}</code></li>", html_escape(s)))
            .collect()
    };
    let user = {
        let store = app.store();
        store.users[store.authorize_user].model.clone()
    };
    let body = format!(
        "<h1>Calendly Sandbox</h1><p>Signed in as <strong>{}</strong> ({}).</p>\
         <p><strong>{}</strong> would like to access your Calendly account:</p><ul>{scopes}</ul>\
         <form method=\"post\" action=\"/oauth/authorize\">{hidden}\
         <button type=\"submit\" name=\"decision\" value=\"approve\" id=\"approve\">Approve</button>\
         <button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button></form>",
        html_escape(&user.name),
        html_escape(&user.email),
        html_escape(&app.config.client_id),
    );
    html(StatusCode::OK, "Authorize application", &body)
}

async fn authorize_decision(State(app): State<Arc<App>>, RawBody(body): RawBody) -> Response {
    let params = Params::from_query(std::str::from_utf8(&body).ok());
    let req = match check_authorize(&app, &params) {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    match params.get("decision") {
        Ok(Some("approve")) => approve(&app, &req),
        Ok(Some("deny")) => deny(&req),
        _ => invalid_request("decision must be approve or deny").into_response(),
    }
}

/// Client credentials from HTTP Basic or the form.
struct ClientAuth {
    client_id: Option<String>,
    secret: Option<String>,
}

fn client_auth(headers: &HeaderMap, form: &Params) -> Result<ClientAuth, OAuthError> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Basic ")
                .or_else(|| v.strip_prefix("basic "))
        });
    if let Some(b64) = basic {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(b64.trim())
            .ok()
            .and_then(|d| String::from_utf8(d).ok())
            .ok_or_else(invalid_client)?;
        let (id, secret) = decoded.split_once(':').ok_or_else(invalid_client)?;
        return Ok(ClientAuth {
            client_id: Some(id.to_owned()),
            secret: Some(secret.to_owned()),
        });
    }
    let get = |n: &str| {
        form.get(n)
            .map(|v| v.map(str::to_owned))
            .map_err(|_| invalid_request(&format!("{n} is repeated")))
    };
    Ok(ClientAuth {
        client_id: get("client_id")?,
        secret: get("client_secret")?,
    })
}

/// Checks the client; `need_secret` for revoke and introspect (confidential only).
fn authenticate(app: &App, auth: &ClientAuth, need_secret: bool) -> Result<(), OAuthError> {
    if auth.client_id.as_deref() != Some(app.config.client_id.as_str()) {
        return Err(invalid_client());
    }
    match auth.secret.as_deref() {
        Some(s) if bool::from(s.as_bytes().ct_eq(app.config.client_secret.as_bytes())) => Ok(()),
        Some(_) => Err(invalid_client()),
        None if need_secret => Err(invalid_client()),
        None => Ok(()),
    }
}

fn form(body: &[u8]) -> Result<Params, OAuthError> {
    let text = std::str::from_utf8(body).map_err(|_| invalid_request("body is not UTF-8"))?;
    Ok(Params::from_query(Some(text)))
}

async fn token(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> Response {
    token_inner(&app, &headers, &body).unwrap_or_else(IntoResponse::into_response)
}

fn token_inner(app: &App, headers: &HeaderMap, body: &[u8]) -> Result<Response, OAuthError> {
    let form = form(body)?;
    let auth = client_auth(headers, &form)?;
    authenticate(app, &auth, false)?;
    let field = |n: &str| {
        form.get(n)
            .map_err(|_| invalid_request(&format!("{n} is repeated")))
    };
    let now = app.clock.now();
    let mut store = app.store();
    let grant = field("grant_type")?;
    match grant {
        Some("authorization_code") => store.stats.token_requests.authorization_code += 1,
        Some("refresh_token") => store.stats.token_requests.refresh_token += 1,
        _ => store.stats.token_requests.other += 1,
    }
    if store.token_rate.hit(now) > app.config.token_requests_per_minute {
        return Err(oauth_error(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "Too many token requests; try again in a minute.",
        ));
    }
    let (owner, scope) = match grant {
        Some("authorization_code") => {
            let code = field("code")?.ok_or_else(|| invalid_request("code is required"))?;
            let rec = store.codes.get_mut(code).ok_or_else(invalid_grant)?;
            if rec.used || rec.expires_at <= now {
                return Err(invalid_grant());
            }
            // A code is spent by any exchange attempt, as a stolen code must not be retried.
            rec.used = true;
            let rec = rec.clone();
            if field("redirect_uri")? != Some(rec.redirect_uri.as_str())
                || auth.client_id.as_deref() != Some(rec.client_id.as_str())
            {
                return Err(invalid_grant());
            }
            match (&rec.code_challenge, field("code_verifier")?) {
                (Some(challenge), Some(verifier)) => {
                    let digest = Sha256::digest(verifier.as_bytes());
                    let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest);
                    if !valid_pkce_value(verifier)
                        || !bool::from(computed.as_bytes().ct_eq(challenge.as_bytes()))
                    {
                        return Err(invalid_grant());
                    }
                }
                (Some(_), None) => return Err(invalid_request("code_verifier is required")),
                (None, _) if auth.secret.is_none() => return Err(invalid_client()),
                (None, _) => {}
            }
            (rec.owner, rec.scope)
        }
        Some("refresh_token") => {
            let token = field("refresh_token")?
                .ok_or_else(|| invalid_request("refresh_token is required"))?;
            let rec = store
                .refresh_tokens
                .get_mut(token)
                .ok_or_else(invalid_grant)?;
            if rec.state != RefreshState::Active {
                tracing::info!("refresh token reuse refused");
                return Err(invalid_grant());
            }
            rec.state = RefreshState::Used;
            (rec.owner.clone(), rec.scope.clone())
        }
        Some(_) => {
            return Err(oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "The authorization grant type is not supported.",
            ))
        }
        None => return Err(invalid_request("grant_type is required")),
    };
    let (access, refresh) = store.issue_tokens(&owner, &scope, now, app.config.access_token_ttl);
    let organization = store.org_of(&owner).unwrap_or_default().to_owned();
    let body = TokenResponse {
        token_type: "Bearer".into(),
        access_token: access,
        refresh_token: refresh,
        expires_in: app.config.access_token_ttl.as_secs() as i64,
        created_at: now.unix_timestamp(),
        scope,
        owner,
        organization,
    };
    tracing::info!("tokens issued");
    let mut r = Json(body).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

/// Reads `token` from a revoke or introspect request after checking the client secret.
fn confidential_token(app: &App, headers: &HeaderMap, body: &[u8]) -> Result<String, OAuthError> {
    let form = form(body)?;
    authenticate(app, &client_auth(headers, &form)?, true)?;
    form.get("token")
        .map_err(|_| invalid_request("token is repeated"))?
        .map(str::to_owned)
        .ok_or_else(|| invalid_request("token is required"))
}

async fn revoke(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> Response {
    let run = || -> Result<Response, OAuthError> {
        let token = confidential_token(&app, &headers, &body)?;
        if app.store().revoke(&token) {
            tracing::info!("token revoked");
        }
        Ok(Json(serde_json::json!({})).into_response())
    };
    run().unwrap_or_else(IntoResponse::into_response)
}

async fn introspect(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> Response {
    let run = || -> Result<Response, OAuthError> {
        let token = confidential_token(&app, &headers, &body)?;
        let now = app.clock.now();
        let store = app.store();
        let inactive = Json(serde_json::json!({ "active": false })).into_response();
        let answer = if let Some(a) = store.access_tokens.get(&token) {
            if a.revoked || a.expires_at <= now {
                inactive
            } else {
                Json(serde_json::json!({
                    "active": true,
                    "scope": a.scope,
                    "client_id": app.config.client_id,
                    "token_type": "access_token",
                    "exp": a.expires_at.unix_timestamp(),
                    "iat": a.issued_at.unix_timestamp(),
                    "owner": a.owner,
                    "organization": store.org_of(&a.owner),
                }))
                .into_response()
            }
        } else if let Some(r) = store.refresh_tokens.get(&token) {
            if r.state == RefreshState::Active {
                Json(serde_json::json!({
                    "active": true,
                    "scope": r.scope,
                    "client_id": app.config.client_id,
                    "token_type": "refresh_token",
                    "owner": r.owner,
                    "organization": store.org_of(&r.owner),
                }))
                .into_response()
            } else {
                inactive
            }
        } else {
            inactive
        };
        Ok(answer)
    };
    run().unwrap_or_else(IntoResponse::into_response)
}
