//! The OAuth landing page (`GET /oauth/calendly/callback`) and the revoke proxy
//! (`POST /v1/oauth/revoke`), which keeps the client secret off the desktop.

use std::sync::LazyLock;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::AppState;
use crate::error::ApiError;
use crate::tokens;

/// Where the desktop app listens for the OAuth result.
const DEEP_LINK: &str = "quotla://oauth/calendly";
/// Forwarded parameters and their longest accepted value; longer values are dropped.
const FORWARDED: [(&str, usize); 3] = [("code", 512), ("state", 256), ("error", 64)];
/// Longest Calendly token the revoke proxy passes on.
const MAX_TOKEN_LEN: usize = 4096;

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}a.button{display:inline-block;padding:.7rem 1.4rem;background:#2656d9;color:#fff;border-radius:.4rem;text-decoration:none}";

/// CSP allowing nothing but the page's own inline stylesheet (pinned by hash).
static CSP: LazyLock<String> = LazyLock::new(|| {
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(STYLE));
    format!(
        "default-src 'none'; style-src 'sha256-{hash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
});

/// Sends the browser on to the desktop app with only `code`, `state` and `error`.
///
/// The query is parsed here and never logged: it carries an authorization code.
pub async fn landing(RawQuery(query): RawQuery) -> Response {
    let link = deep_link(query.as_deref().unwrap_or(""));
    let href = html_escape(&link);
    let page = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"referrer\" content=\"no-referrer\">\
         <meta http-equiv=\"refresh\" content=\"0;url={href}\">\
         <title>Return to Quotla</title><style>{STYLE}</style></head>\
         <body><h1>Return to Quotla</h1>\
         <p>Calendly has answered. Quotla should open now; if it does not, use the button.</p>\
         <p><a class=\"button\" href=\"{href}\">Open Quotla</a></p>\
         <p>You can close this tab afterwards.</p></body></html>\n"
    );
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&CSP).unwrap_or(HeaderValue::from_static("default-src 'none'")),
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
    ];
    (StatusCode::OK, headers, page).into_response()
}

/// The `quotla://` link carrying the first value of each forwarded parameter, URL-encoded.
pub fn deep_link(query: &str) -> String {
    let mut picked: [Option<String>; 3] = Default::default();
    for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
        if let Some(i) = FORWARDED.iter().position(|(n, _)| *n == name) {
            if picked[i].is_none() && !value.is_empty() && value.len() <= FORWARDED[i].1 {
                picked[i] = Some(value.into_owned());
            }
        }
    }
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for ((name, _), value) in FORWARDED.iter().zip(&picked) {
        if let Some(value) = value {
            out.append_pair(name, value);
        }
    }
    let query = out.finish();
    if query.is_empty() {
        format!("{DEEP_LINK}?error=invalid_request")
    } else {
        format!("{DEEP_LINK}?{query}")
    }
}

fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
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

#[derive(Deserialize)]
pub struct RevokeBody {
    token: String,
}

#[derive(Deserialize)]
struct Introspection {
    #[serde(default)]
    active: bool,
    owner: Option<String>,
}

/// Revokes a Calendly token for the desktop, with the client secret only the relay holds,
/// and only a token Calendly says belongs to the user the caller's inbox is bound to.
pub async fn revoke(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<RevokeBody>, axum::extract::rejection::JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let consumer = super::bearer(&headers).ok_or(ApiError::Unauthorized)?;
    let owner = state
        .store
        .inbox_by_token(&tokens::hash_token(consumer))
        .await?
        .ok_or(ApiError::Unauthorized)?;
    if owner.deleted {
        return Err(ApiError::Gone);
    }
    let bound_user = owner.calendly_user.ok_or(ApiError::Forbidden(
        "this inbox is not bound to a Calendly user",
    ))?;
    let Json(body) = body.map_err(|_| ApiError::BadRequest("body must be {\"token\": TOKEN}"))?;
    if body.token.is_empty() || body.token.len() > MAX_TOKEN_LEN {
        return Err(ApiError::BadRequest("token must be a Calendly token"));
    }
    let (Some(client_id), Some(secret)) = (&state.config.client_id, &state.config.client_secret)
    else {
        return Err(ApiError::NotConfigured("token revocation"));
    };
    let base = state.config.auth_base_url.trim_end_matches('/');
    let form = [
        ("client_id", client_id.as_str()),
        ("client_secret", secret.expose()),
        ("token", body.token.as_str()),
    ];
    let introspection: Introspection = state
        .http
        .post(format!("{base}/oauth/introspect"))
        .form(&form)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|e| upstream("introspect", &e))?
        .json()
        .await
        .map_err(|e| upstream("introspect", &e))?;
    if !introspection.active {
        tracing::info!(inbox = %owner.inbox_id, "revoke: token already inactive");
        return Ok(StatusCode::NO_CONTENT);
    }
    if introspection.owner.as_deref() != Some(bound_user.as_str()) {
        tracing::warn!(inbox = %owner.inbox_id, "revoke refused: token belongs to another user");
        return Err(ApiError::Forbidden(
            "the token does not belong to this inbox's user",
        ));
    }
    state
        .http
        .post(format!("{base}/oauth/revoke"))
        .form(&form)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|e| upstream("revoke", &e))?;
    tracing::info!(inbox = %owner.inbox_id, "Calendly token revoked");
    Ok(StatusCode::NO_CONTENT)
}

/// Logs an upstream failure by kind and status only: a reqwest error can carry the URL,
/// never the form, but the status is all an operator needs.
fn upstream(step: &'static str, error: &reqwest::Error) -> ApiError {
    tracing::warn!(step, status = ?error.status(), timeout = error.is_timeout(), "Calendly call failed");
    ApiError::Upstream
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwards_only_known_parameters_encoded() {
        let link = deep_link("code=a%20b&state=s&error_description=%3Cscript%3E&x=1&code=second");
        assert_eq!(link, "quotla://oauth/calendly?code=a+b&state=s");
        assert_eq!(
            deep_link(""),
            "quotla://oauth/calendly?error=invalid_request"
        );
        let long = format!("code={}&state=ok", "a".repeat(513));
        assert_eq!(deep_link(&long), "quotla://oauth/calendly?state=ok");
        assert_eq!(
            deep_link("error=%22%3E%3Cscript%3E"),
            "quotla://oauth/calendly?error=%22%3E%3Cscript%3E"
        );
    }

    #[test]
    fn escapes_html() {
        assert_eq!(
            html_escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
