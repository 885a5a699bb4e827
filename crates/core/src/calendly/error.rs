//! What can go wrong with the Calendly integration, in terms a user can act on. Calendly's
//! refusals stay distinguishable because callers branch on them: a 403 for the plan means
//! polling mode, a 403 for a scope means "reconnect and allow it", a 409 means "adopt what
//! exists", a 429 means "back off until it resets".

use std::time::Duration;

use calendly::ForbiddenReason;

use super::tokens::TokenError;
use crate::error::ErrorCode;
use crate::CoreError;

/// Failures of connecting to or using Calendly. Each has a stable [`ErrorCode`].
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("Calendly is not set up in this build: add a client id under Advanced.")]
    NotConfigured,
    #[error("Calendly is not connected.")]
    NotConnected,
    #[error("Calendly needs to be reconnected: it no longer accepts Quotla's access.")]
    ReconnectNeeded,
    #[error("You declined access in Calendly, so Quotla was not connected.")]
    Denied,
    #[error("Calendly did not grant access ({0}). Try connecting again.")]
    AuthorizationFailed(String),
    #[error("This Calendly link was not accepted: {0}.")]
    LinkRejected(String),
    /// 429; `retry_after` from Calendly's reset header when it sent one.
    #[error("Calendly is busy (rate limit reached). Try again in a minute.")]
    RateLimited { retry_after: Option<Duration> },
    #[error("Calendly is unavailable right now. Try again later.")]
    Unavailable,
    #[error("Calendly could not be reached. Check your internet connection.")]
    Network,
    /// 403: the account's Calendly plan does not include this (e.g. webhooks on Free).
    #[error("Your Calendly plan does not include this: {0}")]
    PlanRequired(String),
    /// 403: the user did not grant the scope this needs.
    #[error("Calendly did not give Quotla permission for this. Reconnect and allow it: {0}")]
    ScopeMissing(String),
    /// 403 for any other reason (not the owner, an event in the past, …).
    #[error("Calendly does not allow this: {0}")]
    Forbidden(String),
    /// 404.
    #[error("Calendly does not know this item any more: {0}")]
    NotFound(String),
    /// 409: e.g. a webhook subscription for this callback URL exists already.
    #[error("This already exists in Calendly: {0}")]
    AlreadyExists(String),
    /// Any other refusal (400, 422, …) or a response Quotla could not read.
    #[error("Calendly refused the request: {0}")]
    Rejected(String),
    #[error("The system keyring could not be used: {0}")]
    Keyring(String),
    /// No relay is configured, so webhooks cannot reach this desktop.
    #[error("No webhook relay is configured.")]
    RelayNotConfigured,
    /// The relay could not be used (down, refused, or this desktop's inbox is gone).
    #[error("The webhook relay could not be used: {0}")]
    RelayUnavailable(String),
    /// A booking link needs an event type and none is chosen.
    #[error("Choose a default Calendly event type first (Settings → Integrations).")]
    NoEventType,
    /// The chosen event type was deleted or switched off in Calendly since.
    #[error("This event type is no longer available in Calendly (deleted or switched off). Choose another one.")]
    EventTypeGone,
    #[error(transparent)]
    Core(#[from] CoreError),
    #[error("{0}")]
    Internal(String),
}

impl ConnectError {
    /// Maps a Calendly client error; messages from Calendly never carry tokens.
    pub fn from_calendly(err: calendly::Error) -> Self {
        use calendly::Error as E;
        match err {
            E::InvalidGrant { .. } | E::Unauthenticated { .. } => ConnectError::ReconnectNeeded,
            E::RateLimited { reset_after } => ConnectError::RateLimited {
                retry_after: reset_after,
            },
            E::Unavailable { .. } => ConnectError::Unavailable,
            E::Network(_) => ConnectError::Network,
            E::Forbidden {
                reason, message, ..
            } => match reason {
                ForbiddenReason::Plan => ConnectError::PlanRequired(message),
                ForbiddenReason::Scope => ConnectError::ScopeMissing(message),
                ForbiddenReason::Other => ConnectError::Forbidden(message),
            },
            E::NotFound { message } => ConnectError::NotFound(message),
            E::Conflict { message } => ConnectError::AlreadyExists(message),
            E::Rejected { .. }
            | E::OAuth { .. }
            | E::InvalidResponse(_)
            | E::InvalidInput(_)
            | E::Config(_) => ConnectError::Rejected(err.to_string()),
        }
    }

    /// The stable code the UI and the CLI branch on.
    pub fn code(&self) -> ErrorCode {
        use ErrorCode as C;
        match self {
            ConnectError::NotConfigured => C::CalendlyNotConfigured,
            ConnectError::NotConnected => C::CalendlyNotConnected,
            ConnectError::ReconnectNeeded => C::CalendlyReconnectNeeded,
            ConnectError::Denied => C::CalendlyDenied,
            ConnectError::AuthorizationFailed(_) => C::CalendlyAuthorizationFailed,
            ConnectError::LinkRejected(_) => C::CalendlyLinkRejected,
            ConnectError::RateLimited { .. } => C::CalendlyRateLimited,
            ConnectError::Unavailable => C::CalendlyUnavailable,
            ConnectError::Network => C::Network,
            ConnectError::PlanRequired(_) => C::CalendlyPlanRequired,
            ConnectError::ScopeMissing(_) => C::CalendlyScopeMissing,
            ConnectError::Forbidden(_) => C::CalendlyForbidden,
            ConnectError::NotFound(_) => C::CalendlyNotFound,
            ConnectError::AlreadyExists(_) => C::CalendlyAlreadyExists,
            ConnectError::Rejected(_) => C::CalendlyRejected,
            ConnectError::Keyring(_) => C::KeyringUnavailable,
            ConnectError::RelayNotConfigured => C::RelayNotConfigured,
            ConnectError::RelayUnavailable(_) => C::RelayUnavailable,
            ConnectError::NoEventType => C::CalendlyNoEventType,
            ConnectError::EventTypeGone => C::CalendlyEventTypeGone,
            ConnectError::Core(core) => core.code(),
            ConnectError::Internal(_) => C::Internal,
        }
    }
}

impl From<TokenError> for ConnectError {
    fn from(err: TokenError) -> Self {
        match err {
            TokenError::Missing => ConnectError::NotConnected,
            TokenError::ReconnectNeeded => ConnectError::ReconnectNeeded,
            TokenError::Keyring(e) => ConnectError::Keyring(e.to_string()),
            TokenError::Calendly(e) => ConnectError::from_calendly(e),
            TokenError::Storage(e) => ConnectError::Internal(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calendly::ApiErrorBody;

    fn forbidden(message: &str) -> calendly::Error {
        let body = format!(r#"{{"title":"Permission Denied","message":"{message}"}}"#);
        calendly::Error::from_status(403, None, body.as_bytes())
    }

    #[test]
    fn calendly_refusals_keep_their_meaning() {
        let cases = [
            (
                forbidden("Please upgrade your Calendly account to Standard"),
                ErrorCode::CalendlyPlanRequired,
            ),
            (
                forbidden("This token is missing the required scope webhooks:write"),
                ErrorCode::CalendlyScopeMissing,
            ),
            (
                forbidden("You do not have permission"),
                ErrorCode::CalendlyForbidden,
            ),
            (
                calendly::Error::from_status(
                    409,
                    None,
                    br#"{"title":"Already Exists","message":"Hook with this url already exists"}"#,
                ),
                ErrorCode::CalendlyAlreadyExists,
            ),
            (
                calendly::Error::from_status(404, None, b"{}"),
                ErrorCode::CalendlyNotFound,
            ),
            (
                calendly::Error::from_status(422, None, b"not json"),
                ErrorCode::CalendlyRejected,
            ),
            (
                calendly::Error::from_status(503, None, b""),
                ErrorCode::CalendlyUnavailable,
            ),
            (
                calendly::Error::from_status(401, None, b""),
                ErrorCode::CalendlyReconnectNeeded,
            ),
        ];
        for (err, code) in cases {
            let text = err.to_string();
            assert_eq!(ConnectError::from_calendly(err).code(), code, "{text}");
        }
        assert!(ApiErrorBody::parse(b"[]").is_none());
    }

    #[test]
    fn a_rate_limit_keeps_when_it_resets() {
        let err = calendly::Error::from_status(429, Some(Duration::from_secs(42)), b"");
        match ConnectError::from_calendly(err) {
            ConnectError::RateLimited { retry_after } => {
                assert_eq!(retry_after, Some(Duration::from_secs(42)))
            }
            other => panic!("not a rate limit: {other:?}"),
        }
    }
}
