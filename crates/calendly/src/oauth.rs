//! OAuth 2.0 for a **native** Calendly app: authorize URL with PKCE (S256) and `state`, code
//! exchange and refresh with the client id in the form body and no secret.
//!
//! Refresh tokens are single use and rotate: the caller must serialise refreshes (single
//! flight) and persist the new [`TokenSet`] before using it. A refused grant comes back as
//! [`Error::InvalidGrant`], which means "reconnect", never "retry".

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use oauth2::basic::{
    BasicErrorResponse, BasicErrorResponseType, BasicRevocationErrorResponse,
    BasicTokenIntrospectionResponse, BasicTokenType,
};
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, CsrfToken, EndpointNotSet, EndpointSet, ExtraTokenFields,
    HttpRequest, HttpResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken,
    RequestTokenError, StandardRevocableToken, StandardTokenResponse, TokenResponse, TokenUrl,
};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use subtle::ConstantTimeEq;
use time::OffsetDateTime;
use url::Url;

use crate::{Error, Secret};

/// Calendly's OAuth host.
pub const DEFAULT_AUTH_BASE: &str = "https://auth.calendly.com";

/// One OAuth scope, e.g. `users:read`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Scope(Cow<'static, str>);

impl Scope {
    /// Read the user's profile.
    pub const USERS_READ: Scope = Scope(Cow::Borrowed("users:read"));
    /// Read event types.
    pub const EVENT_TYPES_READ: Scope = Scope(Cow::Borrowed("event_types:read"));
    /// Create scheduling links.
    pub const SCHEDULING_LINKS_WRITE: Scope = Scope(Cow::Borrowed("scheduling_links:write"));
    /// Read scheduled events and invitees.
    pub const SCHEDULED_EVENTS_READ: Scope = Scope(Cow::Borrowed("scheduled_events:read"));
    /// Read, cancel and mark no-shows.
    pub const SCHEDULED_EVENTS_WRITE: Scope = Scope(Cow::Borrowed("scheduled_events:write"));
    /// Read webhook subscriptions.
    pub const WEBHOOKS_READ: Scope = Scope(Cow::Borrowed("webhooks:read"));
    /// Create and delete webhook subscriptions.
    pub const WEBHOOKS_WRITE: Scope = Scope(Cow::Borrowed("webhooks:write"));
    /// What a legacy token reports: full access.
    pub const DEFAULT: Scope = Scope(Cow::Borrowed("default"));

    /// A scope by name.
    pub fn new(name: impl Into<String>) -> Self {
        Self(Cow::Owned(name.into()))
    }

    /// The scope's name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A set of scopes, as asked for or as granted (`scope` is space separated on the wire).
///
/// Equality is set equality: the order Calendly lists scopes in does not matter.
#[derive(Debug, Clone, Default)]
pub struct Scopes(Vec<Scope>);

impl PartialEq for Scopes {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len() && self.0.iter().all(|s| other.0.contains(s))
    }
}

impl Eq for Scopes {}

impl Scopes {
    /// The scopes Quotla asks for.
    pub fn product() -> Self {
        Self(vec![
            Scope::USERS_READ,
            Scope::EVENT_TYPES_READ,
            Scope::SCHEDULING_LINKS_WRITE,
            Scope::SCHEDULED_EVENTS_WRITE,
            Scope::WEBHOOKS_WRITE,
        ])
    }

    /// Parses a space-separated `scope` value.
    pub fn parse(value: &str) -> Self {
        let mut scopes: Vec<Scope> = Vec::new();
        for name in value.split_whitespace() {
            let scope = Scope::new(name);
            if !scopes.contains(&scope) {
                scopes.push(scope);
            }
        }
        Self(scopes)
    }

    /// Whether `scope` is granted: directly, through `:write` (which implies `:read`), or
    /// through a legacy `default` token (full access).
    pub fn has(&self, scope: &Scope) -> bool {
        self.0.iter().any(|granted| {
            granted == scope
                || *granted == Scope::DEFAULT
                || scope
                    .as_str()
                    .strip_suffix(":read")
                    .is_some_and(|res| granted.as_str().strip_suffix(":write") == Some(res))
        })
    }

    /// The scopes of `wanted` that are not granted.
    pub fn missing(&self, wanted: &Scopes) -> Scopes {
        Scopes(wanted.0.iter().filter(|s| !self.has(s)).cloned().collect())
    }

    /// The scopes as listed.
    pub fn iter(&self) -> impl Iterator<Item = &Scope> {
        self.0.iter()
    }

    /// True when no scope is listed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A stored `scope` value (what [`Scopes`]' `Display` wrote) read back.
impl From<String> for Scopes {
    fn from(value: String) -> Self {
        Self::parse(&value)
    }
}

impl fmt::Display for Scopes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str(s.as_str())?;
        }
        Ok(())
    }
}

impl Serialize for Scopes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Scopes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Self::parse(&String::deserialize(deserializer)?))
    }
}

/// Calendly's additions to the standard token response.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CalendlyTokenFields {
    /// The user URI the token acts for.
    #[serde(default)]
    pub owner: Option<String>,
    /// The user's organization URI.
    #[serde(default)]
    pub organization: Option<String>,
    /// When the token was issued, unix seconds.
    #[serde(default)]
    pub created_at: Option<i64>,
}

impl ExtraTokenFields for CalendlyTokenFields {}

/// Calendly's token response as `oauth2` reads it.
pub type CalendlyTokenResponse = StandardTokenResponse<CalendlyTokenFields, BasicTokenType>;

/// Access and refresh token with what the app needs to know about them.
///
/// `Debug` shows no token; serialisation includes them (for the OS keyring only).
#[derive(Clone, Serialize, Deserialize)]
pub struct TokenSet {
    /// Bearer token for the REST API.
    pub access_token: Secret,
    /// Single-use refresh token; `None` if Calendly sent none.
    pub refresh_token: Option<Secret>,
    /// When the access token stops working.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    /// What the user actually granted (may be less than asked).
    pub scopes: Scopes,
    /// The Calendly user URI.
    pub owner: Option<String>,
    /// The Calendly organization URI.
    pub organization: Option<String>,
}

impl fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSet")
            .field("access_token", &self.access_token)
            .field("refresh_token", &self.refresh_token)
            .field("expires_at", &self.expires_at)
            .field("scopes", &self.scopes)
            .field("owner", &self.owner)
            .field("organization", &self.organization)
            .finish()
    }
}

impl TokenSet {
    /// Builds a token set from a token response received at `now`.
    ///
    /// The expiry is `created_at + expires_in`, but never later than `now + expires_in`, so a
    /// clock that differs from Calendly's can only make us refresh early. A response without
    /// `scope` grants what was asked (`requested`), as RFC 6749 §5.1 says; a response without
    /// `expires_in` is taken to last Calendly's usual two hours.
    pub fn from_response(
        response: &CalendlyTokenResponse,
        requested: &Scopes,
        now: OffsetDateTime,
    ) -> Self {
        let lifetime = response
            .expires_in()
            .unwrap_or(Duration::from_secs(7200))
            .min(Duration::from_secs(10 * 365 * 86_400));
        let local = now + lifetime;
        let extra = response.extra_fields();
        let expires_at = extra
            .created_at
            .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok())
            // A hostile created_at near the end of time must not overflow the addition.
            .and_then(|issued| issued.checked_add(time::Duration::try_from(lifetime).ok()?))
            .map_or(local, |expires| expires.min(local));
        let scopes = match response.scopes() {
            Some(granted) => Scopes::parse(
                &granted
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            None => requested.clone(),
        };
        Self {
            access_token: Secret::new(response.access_token().secret()),
            refresh_token: response.refresh_token().map(|t| Secret::new(t.secret())),
            expires_at,
            scopes,
            owner: extra.owner.clone(),
            organization: extra.organization.clone(),
        }
    }

    /// True when the access token expires within `margin` of `now` (refresh ahead of time).
    pub fn expires_within(&self, now: OffsetDateTime, margin: Duration) -> bool {
        self.expires_at <= now + margin
    }
}

/// Where and as whom to talk OAuth.
#[derive(Debug, Clone)]
pub struct OAuthConfig {
    /// The app's client id.
    pub client_id: String,
    /// The authorize endpoint.
    pub authorize_url: Url,
    /// The token endpoint.
    pub token_url: Url,
    /// The redirect URI registered for the app.
    pub redirect_uri: Url,
}

impl OAuthConfig {
    /// Endpoints under `auth_base` (`https://auth.calendly.com`, or the sandbox's URL).
    pub fn new(
        client_id: impl Into<String>,
        auth_base: &str,
        redirect_uri: &str,
    ) -> Result<Self, Error> {
        let base = crate::client::base_url(auth_base)?;
        let join = |path: &str| {
            base.join(path)
                .map_err(|e| Error::Config(format!("OAuth URL {auth_base}{path}: {e}")))
        };
        Ok(Self {
            client_id: client_id.into(),
            authorize_url: join("oauth/authorize")?,
            token_url: join("oauth/token")?,
            redirect_uri: Url::parse(redirect_uri)
                .map_err(|e| Error::Config(format!("redirect URI {redirect_uri}: {e}")))?,
        })
    }
}

/// What the app keeps between opening the browser and receiving the callback.
#[derive(Clone)]
pub struct AuthorizationRequest {
    /// The URL to open in the system browser.
    pub url: Url,
    /// The `state` sent; the callback must return exactly this.
    pub state: Secret,
    /// The PKCE verifier; it never leaves the desktop.
    pub pkce_verifier: Secret,
    /// The scopes asked for (the fallback when the token response names none).
    pub scopes: Scopes,
}

impl fmt::Debug for AuthorizationRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthorizationRequest")
            .field("url", &"[contains state]")
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

impl AuthorizationRequest {
    /// Checks the `state` returned on the callback, in constant time.
    pub fn state_matches(&self, returned: &str) -> bool {
        self.state
            .expose()
            .as_bytes()
            .ct_eq(returned.as_bytes())
            .into()
    }
}

type Oauth2Client = oauth2::Client<
    BasicErrorResponse,
    CalendlyTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// OAuth client for a native app (no client secret). Cheap to clone.
#[derive(Debug, Clone)]
pub struct OAuthClient {
    oauth: Oauth2Client,
    http: Transport,
}

impl OAuthClient {
    /// Builds a client; redirects are never followed on token requests.
    pub fn new(config: OAuthConfig) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| Error::Config(format!("HTTP client: {e}")))?;
        let oauth = oauth2::Client::new(ClientId::new(config.client_id))
            .set_auth_type(oauth2::AuthType::RequestBody)
            .set_auth_uri(AuthUrl::from_url(config.authorize_url))
            .set_token_uri(TokenUrl::from_url(config.token_url))
            .set_redirect_uri(RedirectUrl::from_url(config.redirect_uri));
        Ok(Self {
            oauth,
            http: Transport(http),
        })
    }

    /// Starts an authorization: a fresh PKCE verifier (S256) and a random `state` after
    /// `state_prefix` (the caller's routing tag, e.g. which profile started the attempt;
    /// the random part alone carries the CSRF protection).
    pub fn authorize(&self, scopes: &Scopes, state_prefix: &str) -> AuthorizationRequest {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state) = self
            .oauth
            .authorize_url(|| {
                CsrfToken::new(format!(
                    "{state_prefix}{}",
                    CsrfToken::new_random().secret()
                ))
            })
            .add_scopes(
                scopes
                    .iter()
                    .map(|s| oauth2::Scope::new(s.as_str().to_owned())),
            )
            .set_pkce_challenge(challenge)
            .url();
        AuthorizationRequest {
            url,
            state: Secret::new(state.secret()),
            pkce_verifier: Secret::new(verifier.secret()),
            scopes: scopes.clone(),
        }
    }

    /// Redeems an authorization code with its PKCE verifier.
    pub async fn exchange_code(
        &self,
        code: &str,
        pkce_verifier: &Secret,
        requested: &Scopes,
    ) -> Result<TokenSet, Error> {
        let response = self
            .oauth
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.expose().to_owned()))
            .request_async(&self.http)
            .await
            .map_err(map_token_error)?;
        Ok(TokenSet::from_response(
            &response,
            requested,
            OffsetDateTime::now_utc(),
        ))
    }

    /// Trades the (single-use) refresh token of `current` for a new token set.
    ///
    /// On success the old refresh token is dead: persist the result before using it.
    pub async fn refresh(&self, current: &TokenSet) -> Result<TokenSet, Error> {
        let refresh = current
            .refresh_token
            .as_ref()
            .ok_or_else(|| Error::InvalidGrant {
                description: "no refresh token stored".into(),
            })?;
        let refresh = RefreshToken::new(refresh.expose().to_owned());
        let response = self
            .oauth
            .exchange_refresh_token(&refresh)
            .request_async(&self.http)
            .await
            .map_err(map_token_error)?;
        let mut tokens =
            TokenSet::from_response(&response, &current.scopes, OffsetDateTime::now_utc());
        tokens.owner = tokens.owner.or_else(|| current.owner.clone());
        tokens.organization = tokens.organization.or_else(|| current.organization.clone());
        Ok(tokens)
    }
}

/// oauth2's HTTP transport: reqwest, with 429 and 5xx turned into transport errors (their
/// bodies are not OAuth error responses). A named type rather than a closure keeps the token
/// futures `Send`, so exchange and refresh can run on any executor thread.
#[derive(Debug, Clone)]
struct Transport(reqwest::Client);

impl Transport {
    async fn send(
        http: &reqwest::Client,
        request: HttpRequest,
    ) -> Result<HttpResponse, TransportError> {
        let request = reqwest::Request::try_from(request)
            .map_err(|e| TransportError::Network(e.to_string()))?;
        let response = http
            .execute(request)
            .await
            .map_err(|e| TransportError::Network(e.to_string()))?;
        let status = response.status();
        if status.as_u16() == 429 || status.is_server_error() {
            return Err(TransportError::Status {
                status: status.as_u16(),
                reset_after: crate::client::reset_after(response.headers()),
            });
        }
        let mut builder = oauth2::http::Response::builder().status(status.as_u16());
        for (name, value) in response.headers() {
            builder = builder.header(name.as_str(), value.as_bytes());
        }
        let body = response
            .bytes()
            .await
            .map_err(|e| TransportError::Network(e.to_string()))?;
        builder
            .body(body.to_vec())
            .map_err(|e| TransportError::Network(e.to_string()))
    }
}

impl<'c> oauth2::AsyncHttpClient<'c> for Transport {
    type Error = TransportError;
    type Future = std::pin::Pin<
        Box<
            dyn std::future::Future<Output = Result<HttpResponse, TransportError>>
                + Send
                + Sync
                + 'c,
        >,
    >;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(Self::send(&self.0, request))
    }
}

/// A token request that failed below the OAuth layer.
#[derive(Debug, thiserror::Error)]
enum TransportError {
    #[error("{0}")]
    Network(String),
    #[error("HTTP {status}")]
    Status {
        status: u16,
        reset_after: Option<Duration>,
    },
}

fn map_token_error(e: RequestTokenError<TransportError, BasicErrorResponse>) -> Error {
    match e {
        RequestTokenError::ServerResponse(resp) => {
            let description = resp.error_description().cloned().unwrap_or_default();
            match resp.error() {
                BasicErrorResponseType::InvalidGrant => Error::InvalidGrant { description },
                other => Error::OAuth {
                    error: other.as_ref().to_owned(),
                    description,
                },
            }
        }
        RequestTokenError::Request(TransportError::Status {
            status: 429,
            reset_after,
        }) => Error::RateLimited { reset_after },
        RequestTokenError::Request(TransportError::Status { status, .. }) => {
            Error::Unavailable { status }
        }
        RequestTokenError::Request(TransportError::Network(e)) => Error::Network(e),
        RequestTokenError::Parse(e, _) => Error::InvalidResponse(format!("token response: {e}")),
        RequestTokenError::Other(e) => Error::InvalidResponse(format!("token response: {e}")),
    }
}
