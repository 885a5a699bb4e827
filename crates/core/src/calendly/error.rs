//! What can go wrong with the Calendly integration, in terms a user can act on.

use super::tokens::TokenError;
use crate::CoreError;

/// Failures of connecting to or using Calendly. The app maps each to a stable IPC code.
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
    #[error("Calendly is busy (rate limit reached). Try again in a minute.")]
    RateLimited,
    #[error("Calendly is unavailable right now. Try again later.")]
    Unavailable,
    #[error("Calendly could not be reached. Check your internet connection.")]
    Network,
    #[error("Calendly refused the request: {0}")]
    Calendly(String),
    #[error("The system keyring could not be used: {0}")]
    Keyring(String),
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
            E::RateLimited { .. } => ConnectError::RateLimited,
            E::Unavailable { .. } => ConnectError::Unavailable,
            E::Network(_) => ConnectError::Network,
            other => ConnectError::Calendly(other.to_string()),
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
