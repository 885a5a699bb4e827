//! Everything a sandbox instance can be told at start; most of it can also be changed at
//! run time through the control API.

use crate::seed::Seed;
use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

/// What the authorize page does when a browser (or a test) opens it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthorizeMode {
    /// Show the Approve / Deny page.
    Interactive,
    /// Redirect at once with a code, as if the user clicked Approve.
    AutoApprove,
    /// Redirect at once with `error=access_denied`.
    AutoDeny,
}

/// How webhooks are delivered and retried.
#[derive(Debug, Clone)]
pub struct DeliveryConfig {
    /// First pause before a retry; doubles after each failed attempt.
    pub initial_backoff: Duration,
    /// Longest pause between two attempts.
    pub max_backoff: Duration,
    /// How long after the first failure retries go on before the subscription is disabled
    /// (Calendly: 24 hours).
    pub retry_window: Duration,
    /// Calendly's delivery timeouts.
    pub connect_timeout: Duration,
    pub read_timeout: Duration,
    /// Sign every retry with the first attempt's `t` instead of a fresh one (Calendly's
    /// behaviour here is unconfirmed, so both are testable).
    pub keep_first_timestamp: bool,
}

impl DeliveryConfig {
    /// Calendly's own timings: retries for a day.
    pub fn calendly() -> Self {
        DeliveryConfig {
            initial_backoff: Duration::from_secs(30),
            max_backoff: Duration::from_secs(3600),
            retry_window: Duration::from_secs(24 * 3600),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(15),
            keep_first_timestamp: false,
        }
    }
}

impl Default for DeliveryConfig {
    /// Short timings that let tests see retries within milliseconds and disabling within
    /// a few seconds, with room for a loaded CI machine.
    fn default() -> Self {
        DeliveryConfig {
            initial_backoff: Duration::from_millis(20),
            max_backoff: Duration::from_millis(250),
            retry_window: Duration::from_secs(3),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(15),
            keep_first_timestamp: false,
        }
    }
}

/// Configuration of one sandbox instance. `Default` suits tests: port 0 on loopback,
/// auto-approve, short delivery retries.
#[derive(Clone)]
pub struct SandboxConfig {
    /// Address to bind; port 0 picks a free one.
    pub listen: SocketAddr,
    /// Base URL used in resource URIs and links; defaults to `http://{bound address}`.
    pub base_url: Option<String>,
    pub client_id: String,
    pub client_secret: String,
    /// Webhook signing key, used as its string bytes.
    pub signing_key: String,
    pub access_token_ttl: Duration,
    pub authorize_mode: AuthorizeMode,
    /// Registered redirect URIs, matched exactly.
    pub redirect_uris: Vec<String>,
    /// Also accept any `http://127.0.0.1`, `http://localhost` or `http://[::1]` redirect
    /// (any port and path), as Calendly sandbox apps may use.
    pub allow_loopback_redirects: bool,
    /// Overrides the plan's requests-per-minute limit.
    pub rate_limit: Option<u32>,
    /// Token requests per user per minute (Calendly: 8).
    pub token_requests_per_minute: u32,
    pub delivery: DeliveryConfig,
    pub seed: Seed,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            base_url: None,
            client_id: "quotla-desktop-dev".into(),
            client_secret: "sandbox-client-secret".into(),
            signing_key: "sandbox-signing-key".into(),
            access_token_ttl: Duration::from_secs(7200),
            authorize_mode: AuthorizeMode::AutoApprove,
            redirect_uris: vec!["quotla://oauth/calendly".into()],
            allow_loopback_redirects: true,
            rate_limit: None,
            token_requests_per_minute: 8,
            delivery: DeliveryConfig::default(),
            seed: Seed::default(),
        }
    }
}

impl fmt::Debug for SandboxConfig {
    /// Secrets are left out so a logged config never leaks them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxConfig")
            .field("listen", &self.listen)
            .field("base_url", &self.base_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("signing_key", &"<redacted>")
            .field("access_token_ttl", &self.access_token_ttl)
            .field("authorize_mode", &self.authorize_mode)
            .field("redirect_uris", &self.redirect_uris)
            .field("allow_loopback_redirects", &self.allow_loopback_redirects)
            .field("rate_limit", &self.rate_limit)
            .field("token_requests_per_minute", &self.token_requests_per_minute)
            .field("delivery", &self.delivery)
            .field("seed", &self.seed)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_secrets() {
        let c = SandboxConfig::default();
        let s = format!("{c:?}");
        assert!(!s.contains(&c.client_secret));
        assert!(!s.contains(&c.signing_key));
    }
}
