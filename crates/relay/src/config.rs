//! One typed configuration, read from flags and environment variables.
//!
//! Secrets (signing keys, client secret) come from the environment only, so they never show
//! up in `ps` output, and are held as [`Secret`], whose `Debug` redacts them.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use calendly::Secret;
use clap::Parser;

use crate::clock::{Clock, SystemClock};

/// Environment variable holding the Calendly webhook signing key.
pub const ENV_SIGNING_KEY: &str = "CALENDLY_WEBHOOK_SIGNING_KEY";
/// Environment variable holding the previous signing key, accepted during a rotation.
pub const ENV_SIGNING_KEY_PREVIOUS: &str = "CALENDLY_WEBHOOK_SIGNING_KEY_PREVIOUS";
/// Environment variable holding the OAuth client secret used by the revoke proxy.
pub const ENV_CLIENT_SECRET: &str = "CALENDLY_CLIENT_SECRET";

const SECRETS_HELP: &str = "\
Secrets are read from the environment only:
  CALENDLY_WEBHOOK_SIGNING_KEY           signing key of the Calendly OAuth app (required to accept webhooks)
  CALENDLY_WEBHOOK_SIGNING_KEY_PREVIOUS  previous signing key, also accepted while rotating keys
  CALENDLY_CLIENT_SECRET                 OAuth client secret, used only by POST /v1/oauth/revoke
Logging: RELAY_LOG sets the filter (default `info`), RELAY_LOG_JSON=1 logs JSON lines.";

/// Command line of `quotla-relay`; every flag also reads the environment variable it names.
#[derive(Parser, Clone)]
#[command(
    name = "quotla-relay",
    version,
    about = "Store-then-forward relay for Calendly webhooks: holds each desktop's events until it collects them.",
    after_help = SECRETS_HELP,
    args_override_self = true
)]
pub struct Cli {
    /// Address to listen on.
    #[arg(long, env = "RELAY_LISTEN", default_value = "127.0.0.1:8787")]
    pub listen: SocketAddr,
    /// Database: a SQLite URL (`sqlite://path.db`) or `postgres://…` for PostgreSQL.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://quotla-relay.db",
        hide_env_values = true
    )]
    pub database_url: String,
    /// Public base URL of this relay, used to build `webhook_url` (default: http://LISTEN).
    #[arg(long, env = "PUBLIC_BASE_URL")]
    pub public_base_url: Option<String>,
    /// OAuth client id, used by the revoke proxy.
    #[arg(long, env = "CALENDLY_CLIENT_ID")]
    pub calendly_client_id: Option<String>,
    /// Base URL of Calendly's OAuth server (introspect and revoke).
    #[arg(
        long,
        env = "CALENDLY_AUTH_BASE_URL",
        default_value = "https://auth.calendly.com"
    )]
    pub calendly_auth_base_url: String,
    /// Inbox registrations per client IP per minute; 0 disables the limit.
    #[arg(long, env = "RELAY_REGISTER_PER_MINUTE", default_value_t = 10)]
    pub register_per_minute: u32,
    /// Webhooks accepted per inbox per second (burst of the same size); 0 disables the limit.
    #[arg(long, env = "RELAY_INBOX_PER_SECOND", default_value_t = 20)]
    pub inbox_per_second: u32,
    /// Peer address allowed to set the client address with X-Forwarded-For (repeatable).
    #[arg(long, env = "RELAY_TRUSTED_PROXY", value_delimiter = ',')]
    pub trusted_proxy: Vec<IpAddr>,
    /// Accepted age of a webhook signature timestamp, in seconds, either direction.
    #[arg(long, env = "RELAY_SIGNATURE_TOLERANCE_SECS", default_value_t = 180)]
    pub signature_tolerance_secs: u32,
    /// Largest webhook body accepted, in bytes (larger answers 413).
    #[arg(long, env = "RELAY_MAX_BODY_BYTES", default_value_t = 256 * 1024)]
    pub max_body_bytes: usize,
    /// Unacknowledged events expire after this many seconds (default 14 days).
    #[arg(long, env = "RELAY_EVENT_RETENTION_SECS", default_value_t = 14 * 86_400)]
    pub event_retention_secs: u64,
    /// An inbox no consumer polled for this many seconds is purged (default 90 days).
    #[arg(long, env = "RELAY_INBOX_IDLE_SECS", default_value_t = 90 * 86_400)]
    pub inbox_idle_secs: u64,
    /// How often the retention task runs, in seconds.
    #[arg(long, env = "RELAY_PURGE_INTERVAL_SECS", default_value_t = 600)]
    pub purge_interval_secs: u64,
    /// Long polls that may be parked on one inbox at once (more answer 429).
    #[arg(long, env = "RELAY_MAX_PARKED_PER_INBOX", default_value_t = 4)]
    pub max_parked_per_inbox: usize,
    /// Timeout of every request except parked long polls, in seconds.
    #[arg(long, env = "RELAY_REQUEST_TIMEOUT_SECS", default_value_t = 15)]
    pub request_timeout_secs: u64,
    /// Seconds a client may take to send a request's headers before it is disconnected.
    #[arg(long, env = "RELAY_HEADER_TIMEOUT_SECS", default_value_t = 10)]
    pub header_timeout_secs: u64,
    /// Most webhooks committed in one transaction (group commit; at most 4096).
    #[arg(long, env = "RELAY_COMMIT_BATCH_MAX", default_value_t = 512)]
    pub commit_batch_max: usize,
    /// Database connections (PostgreSQL pool size; SQLite readers).
    #[arg(long, env = "RELAY_DB_CONNECTIONS", default_value_t = 8)]
    pub db_connections: u32,
}

/// Everything the relay needs to run. No Debug: a PostgreSQL URL carries its password.
#[derive(Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub database_url: String,
    pub public_base_url: Option<String>,
    /// Current key first, then the previous one during a rotation.
    pub signing_keys: Vec<Secret>,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub auth_base_url: String,
    pub register_per_minute: u32,
    pub inbox_per_second: u32,
    pub trusted_proxies: Vec<IpAddr>,
    pub signature_tolerance: Duration,
    pub max_body_bytes: usize,
    pub event_retention: Duration,
    pub inbox_idle: Duration,
    pub purge_interval: Duration,
    pub max_parked_per_inbox: usize,
    pub request_timeout: Duration,
    pub header_timeout: Duration,
    pub commit_batch_max: usize,
    pub db_connections: u32,
    /// Where "now" comes from: the system clock, unless a test sets its own.
    pub clock: Arc<dyn Clock>,
}

impl Config {
    /// Builds the configuration from parsed flags and an environment lookup for secrets.
    pub fn from_cli(cli: Cli, env: impl Fn(&str) -> Option<String>) -> Self {
        let non_empty = |name: &str| env(name).filter(|v| !v.is_empty());
        let signing_keys = [ENV_SIGNING_KEY, ENV_SIGNING_KEY_PREVIOUS]
            .into_iter()
            .filter_map(non_empty)
            .map(Secret::new)
            .collect();
        Self {
            listen: cli.listen,
            database_url: cli.database_url,
            public_base_url: cli.public_base_url.filter(|v| !v.is_empty()),
            signing_keys,
            client_id: cli.calendly_client_id.filter(|v| !v.is_empty()),
            client_secret: non_empty(ENV_CLIENT_SECRET).map(Secret::new),
            auth_base_url: cli.calendly_auth_base_url,
            register_per_minute: cli.register_per_minute,
            inbox_per_second: cli.inbox_per_second,
            trusted_proxies: cli.trusted_proxy,
            signature_tolerance: Duration::from_secs(cli.signature_tolerance_secs.into()),
            max_body_bytes: cli.max_body_bytes,
            event_retention: Duration::from_secs(cli.event_retention_secs),
            inbox_idle: Duration::from_secs(cli.inbox_idle_secs),
            purge_interval: Duration::from_secs(cli.purge_interval_secs.max(1)),
            max_parked_per_inbox: cli.max_parked_per_inbox.max(1),
            request_timeout: Duration::from_secs(cli.request_timeout_secs.max(1)),
            header_timeout: Duration::from_secs(cli.header_timeout_secs.max(1)),
            commit_batch_max: cli.commit_batch_max.clamp(1, crate::store::MAX_BATCH),
            db_connections: cli.db_connections.max(1),
            clock: Arc::new(SystemClock),
        }
    }

    /// Parses `args` (without the program name) like the binary does, secrets from `env`.
    pub fn from_args<I, S>(
        args: I,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, clap::Error>
    where
        I: IntoIterator<Item = S>,
        S: Into<std::ffi::OsString> + Clone,
    {
        let argv = std::iter::once(std::ffi::OsString::from("quotla-relay"))
            .chain(args.into_iter().map(Into::into));
        Ok(Self::from_cli(Cli::try_parse_from(argv)?, env))
    }
}
