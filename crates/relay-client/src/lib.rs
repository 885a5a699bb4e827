//! The desktop's client of Quotla's webhook relay (`crates/relay`).
//!
//! Two calls for now: register this desktop's inbox, bound to its Calendly user, and revoke
//! Calendly tokens through the relay, which holds the OAuth client secret a native app must
//! not ship. Collecting webhooks from the inbox comes with the sync engine.

use std::time::Duration;

use calendly::Secret;
use serde::Deserialize;

/// Why the relay could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    #[error("invalid relay URL: {0}")]
    Config(String),
    #[error("could not reach the relay")]
    Network,
    #[error("the relay refused the request (HTTP {status}, {code})")]
    Refused { status: u16, code: String },
    #[error("unexpected answer from the relay")]
    InvalidResponse,
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
}

impl RelayClient {
    /// A client for the relay at `base` (e.g. `https://relay.quotla.app`).
    pub fn new(base: &str) -> Result<Self, RelayError> {
        let mut base = url::Url::parse(base.trim_end_matches('/'))
            .map_err(|e| RelayError::Config(e.to_string()))?;
        if base.cannot_be_a_base() || !matches!(base.scheme(), "http" | "https") {
            return Err(RelayError::Config("not an http(s) URL".into()));
        }
        base.set_query(None);
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| RelayError::Config(e.to_string()))?;
        Ok(RelayClient { base, http })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base.as_str().trim_end_matches('/'))
    }

    /// `POST /v1/inboxes`: an inbox bound to `calendly_user`, so the relay refuses webhooks
    /// created by anyone else and revokes only that user's tokens.
    pub async fn register_inbox(&self, calendly_user: &str) -> Result<Inbox, RelayError> {
        let response = self
            .http
            .post(self.url("/v1/inboxes"))
            .json(&serde_json::json!({ "calendly_user": calendly_user }))
            .send()
            .await
            .map_err(|_| RelayError::Network)?;
        if response.status().as_u16() != 201 {
            return Err(refused(response).await);
        }
        let body: InboxBody = response
            .json()
            .await
            .map_err(|_| RelayError::InvalidResponse)?;
        Ok(Inbox {
            inbox_id: body.inbox_id,
            webhook_url: body.webhook_url,
            consumer_token: Secret::new(body.consumer_token),
        })
    }

    /// `POST /v1/oauth/revoke`: revokes a Calendly access or refresh token of the inbox's
    /// user. An already inactive token counts as revoked.
    pub async fn revoke(&self, consumer_token: &Secret, token: &Secret) -> Result<(), RelayError> {
        let response = self
            .http
            .post(self.url("/v1/oauth/revoke"))
            .bearer_auth(consumer_token.expose())
            .json(&serde_json::json!({ "token": token.expose() }))
            .send()
            .await
            .map_err(|_| RelayError::Network)?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(refused(response).await)
        }
    }
}

/// A refusal with the relay's stable error code (never the request, which held a token).
async fn refused(response: reqwest::Response) -> RelayError {
    let status = response.status().as_u16();
    let code = response
        .json::<ErrorBody>()
        .await
        .map(|b| b.error.chars().take(64).collect())
        .unwrap_or_else(|_| "unknown".into());
    RelayError::Refused { status, code }
}
