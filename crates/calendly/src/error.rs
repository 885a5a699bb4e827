//! The crate's one error type for talking to Calendly (REST and OAuth).

use std::time::Duration;

use serde::Deserialize;

/// Calendly's error body: `{"title", "message", "details": [{"parameter", "message", "code"}]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ApiErrorBody {
    /// Short title, e.g. `"Resource Not Found"`.
    #[serde(default)]
    pub title: Option<String>,
    /// Human readable explanation.
    #[serde(default)]
    pub message: Option<String>,
    /// Per-parameter details, when Calendly gives them.
    #[serde(default, deserialize_with = "crate::model::null_default")]
    pub details: Vec<ApiErrorDetail>,
}

/// One entry of an error body's `details`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ApiErrorDetail {
    /// The request parameter the detail is about.
    #[serde(default)]
    pub parameter: Option<String>,
    /// What is wrong with it.
    #[serde(default)]
    pub message: Option<String>,
    /// A machine-readable code, when present.
    #[serde(default)]
    pub code: Option<String>,
}

impl ApiErrorBody {
    /// Parses a body, yielding `None` when it is not Calendly's error shape.
    pub fn parse(bytes: &[u8]) -> Option<Self> {
        let body: Self = serde_json::from_slice(bytes).ok()?;
        (body.title.is_some() || body.message.is_some()).then_some(body)
    }

    /// `title: message`, or whichever of the two is present.
    pub fn summary(&self) -> String {
        match (&self.title, &self.message) {
            (Some(t), Some(m)) => format!("{t}: {m}"),
            (Some(s), None) | (None, Some(s)) => s.clone(),
            (None, None) => String::new(),
        }
    }

    fn text(&self) -> String {
        let mut text = self.summary();
        for d in &self.details {
            for s in [&d.parameter, &d.message, &d.code].into_iter().flatten() {
                text.push(' ');
                text.push_str(s);
            }
        }
        text.to_ascii_lowercase()
    }
}

/// Why Calendly refused a request with 403.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForbiddenReason {
    /// The token lacks a scope the endpoint needs (the user granted fewer than asked).
    Scope,
    /// The account's plan does not include the feature (e.g. webhooks on the free plan).
    Plan,
    /// Anything else: not the resource's owner, a past event, an event already canceled, …
    Other,
}

impl ForbiddenReason {
    /// Reads the reason from an error body's words; Calendly has no machine code for it.
    pub fn classify(body: &ApiErrorBody) -> Self {
        let text = body.text();
        if text.contains("scope") {
            Self::Scope
        } else if [
            "upgrade",
            "plan",
            "premium",
            "subscription",
            "payment required",
        ]
        .iter()
        .any(|w| text.contains(w))
        {
            Self::Plan
        } else {
            Self::Other
        }
    }
}

/// Everything that can go wrong when talking to Calendly.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// 401: the access token is invalid, expired or revoked; refresh, then reconnect.
    #[error("Calendly refused the access token: {message}")]
    Unauthenticated {
        /// Calendly's explanation.
        message: String,
    },
    /// 403: a missing scope, a plan limit, or an action not allowed on this resource.
    #[error("Calendly refused the request ({reason:?}): {message}")]
    Forbidden {
        /// Scope, plan or other, read from the body.
        reason: ForbiddenReason,
        /// Calendly's explanation.
        message: String,
        /// The error body, when Calendly sent one.
        body: Option<ApiErrorBody>,
    },
    /// 404: the resource does not exist (or is not visible to this token).
    #[error("Calendly resource not found: {message}")]
    NotFound {
        /// Calendly's explanation.
        message: String,
    },
    /// 409: e.g. a webhook subscription for this callback URL already exists.
    #[error("Calendly reported a conflict: {message}")]
    Conflict {
        /// Calendly's explanation.
        message: String,
    },
    /// 429: too many requests.
    #[error("Calendly rate limit reached (resets after {reset_after:?})")]
    RateLimited {
        /// Time until the limit resets, from `X-RateLimit-Reset` (or `Retry-After`).
        reset_after: Option<Duration>,
    },
    /// 5xx: Calendly is unavailable; try again later.
    #[error("Calendly is unavailable (HTTP {status})")]
    Unavailable {
        /// The HTTP status.
        status: u16,
    },
    /// Any other refusal (400, 422, 424, …) with Calendly's error body when it sent one.
    #[error("Calendly rejected the request (HTTP {status}): {message}")]
    Rejected {
        /// The HTTP status.
        status: u16,
        /// Calendly's explanation.
        message: String,
        /// The error body, when Calendly sent one.
        body: Option<ApiErrorBody>,
    },
    /// The refresh token (or authorization code) was refused: reused, revoked or expired.
    /// The account must be reconnected; retrying cannot help.
    #[error("Calendly refused the grant (reconnect needed): {description}")]
    InvalidGrant {
        /// `error_description`.
        description: String,
    },
    /// Any other OAuth error response (`invalid_client`, `invalid_request`, …).
    #[error("Calendly OAuth error {error}: {description}")]
    OAuth {
        /// `error`.
        error: String,
        /// `error_description`.
        description: String,
    },
    /// A response that does not have the expected shape.
    #[error("unexpected response from Calendly: {0}")]
    InvalidResponse(String),
    /// The request could not be sent or the response not read.
    #[error("could not reach Calendly: {0}")]
    Network(String),
    /// An argument is unusable, e.g. a URI that names no resource.
    #[error("invalid argument: {0}")]
    InvalidInput(String),
    /// A setting of this crate is unusable (e.g. a base URL that cannot be a base).
    #[error("invalid Calendly configuration: {0}")]
    Config(String),
}

impl Error {
    /// Maps a non-success HTTP status with its body (and `X-RateLimit-Reset`) to an error.
    pub fn from_status(status: u16, reset_after: Option<Duration>, body: &[u8]) -> Self {
        let parsed = ApiErrorBody::parse(body);
        let message = parsed
            .as_ref()
            .map(ApiErrorBody::summary)
            .unwrap_or_else(|| String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned());
        match status {
            401 => Self::Unauthenticated { message },
            403 => Self::Forbidden {
                reason: parsed
                    .as_ref()
                    .map_or(ForbiddenReason::Other, ForbiddenReason::classify),
                message,
                body: parsed,
            },
            404 => Self::NotFound { message },
            409 => Self::Conflict { message },
            429 => Self::RateLimited { reset_after },
            500..=599 => Self::Unavailable { status },
            _ => Self::Rejected {
                status,
                message,
                body: parsed,
            },
        }
    }

    /// True when the user has to connect Calendly again (no retry or refresh can help).
    pub fn needs_reconnect(&self) -> bool {
        matches!(self, Self::InvalidGrant { .. })
    }

    /// True for transient failures worth trying again later.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::RateLimited { .. } | Self::Unavailable { .. } | Self::Network(_)
        )
    }
}
