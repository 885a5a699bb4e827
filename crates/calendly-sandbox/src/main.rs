//! `calendly-sandbox`: a local Calendly (OAuth, REST API, booking pages, signed webhooks and
//! a `/_sandbox` control API) for tests and the demo.

use calendly_sandbox::{AuthorizeMode, DeliveryConfig, SandboxConfig, Seed};
use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// A faithful local Calendly: OAuth under /oauth/*, the REST API at the root with
/// Calendly's paths, single-use booking pages under /d/*, signed webhook deliveries, and a
/// control API under /_sandbox/* (see crates/calendly-sandbox/README.md).
// No Debug: the arguments hold the signing key and the client secret.
#[derive(Parser)]
#[command(name = "calendly-sandbox", version)]
struct Args {
    /// Address to listen on.
    #[arg(long, env = "SANDBOX_LISTEN", default_value = "127.0.0.1:8788")]
    listen: SocketAddr,
    /// Base URL written into resource URIs and links (default: http://LISTEN).
    #[arg(long, env = "SANDBOX_BASE_URL")]
    base_url: Option<String>,
    /// Webhook signing key (the OAuth app's key, used as its string bytes).
    #[arg(
        long,
        env = "CALENDLY_WEBHOOK_SIGNING_KEY",
        hide_env_values = true,
        default_value = "sandbox-signing-key"
    )]
    signing_key: String,
    /// OAuth client id of the registered app.
    #[arg(long, env = "CALENDLY_CLIENT_ID", default_value = "quotla-desktop-dev")]
    client_id: String,
    /// OAuth client secret (needed for revoke and introspect).
    #[arg(
        long,
        env = "CALENDLY_CLIENT_SECRET",
        hide_env_values = true,
        default_value = "sandbox-client-secret"
    )]
    client_secret: String,
    /// JSON seed file: user, organization_uuid, plan ("free"|"paid"), event_types,
    /// second_user.
    #[arg(long, env = "SANDBOX_SEED")]
    seed: Option<PathBuf>,
    /// Approve every authorization at once instead of showing the Approve / Deny page.
    #[arg(long, conflicts_with = "auto_deny")]
    auto_approve: bool,
    /// Deny every authorization at once (redirects with error=access_denied).
    #[arg(long)]
    auto_deny: bool,
    /// Access token lifetime in seconds.
    #[arg(long, env = "SANDBOX_ACCESS_TOKEN_TTL", default_value_t = 7200)]
    access_token_ttl: u64,
    /// Extra registered redirect URI (repeatable); quotla://oauth/calendly and loopback
    /// http URIs are always accepted.
    #[arg(long = "redirect-uri")]
    redirect_uris: Vec<String>,
    /// How long failed webhook deliveries are retried before the subscription is disabled,
    /// in seconds (Calendly: 24 hours).
    #[arg(long, default_value_t = 86_400)]
    delivery_retry_window: u64,
    /// First back-off between delivery attempts, in milliseconds; doubles each time.
    #[arg(long, default_value_t = 30_000)]
    delivery_initial_backoff_ms: u64,
    /// Sign retries with the first attempt's timestamp instead of a fresh one.
    #[arg(long)]
    keep_first_timestamp: bool,
    /// REST requests per user per minute (default: the plan's, 500 paid / 50 free).
    #[arg(long)]
    rate_limit: Option<u32>,
    /// Token endpoint requests per minute (Calendly: 8).
    #[arg(long, default_value_t = 8)]
    token_requests_per_minute: u32,
}

#[tokio::main]
async fn main() -> ExitCode {
    // Logs go to stderr; stdout carries only the "listening on" line scripts wait for.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let args = Args::parse();
    let seed = match &args.seed {
        Some(path) => match Seed::from_file(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("calendly-sandbox: {e}");
                return ExitCode::from(2);
            }
        },
        None => Seed::default(),
    };
    let mut redirect_uris = vec!["quotla://oauth/calendly".to_owned()];
    redirect_uris.extend(args.redirect_uris);
    let config = SandboxConfig {
        listen: args.listen,
        base_url: args.base_url,
        client_id: args.client_id,
        client_secret: args.client_secret,
        signing_key: args.signing_key,
        access_token_ttl: Duration::from_secs(args.access_token_ttl.max(1)),
        authorize_mode: if args.auto_approve {
            AuthorizeMode::AutoApprove
        } else if args.auto_deny {
            AuthorizeMode::AutoDeny
        } else {
            AuthorizeMode::Interactive
        },
        redirect_uris,
        rate_limit: args.rate_limit,
        token_requests_per_minute: args.token_requests_per_minute,
        delivery: DeliveryConfig {
            retry_window: Duration::from_secs(args.delivery_retry_window),
            initial_backoff: Duration::from_millis(args.delivery_initial_backoff_ms.max(1)),
            keep_first_timestamp: args.keep_first_timestamp,
            ..DeliveryConfig::calendly()
        },
        seed,
        ..SandboxConfig::default()
    };
    let sandbox = match calendly_sandbox::spawn(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("calendly-sandbox: {e}");
            return ExitCode::from(1);
        }
    };
    println!("calendly-sandbox listening on {}", sandbox.base_url());
    stop_signal().await;
    sandbox.shutdown().await;
    ExitCode::SUCCESS
}

/// Ctrl-C, or SIGTERM where there is one (how `make demo` and test harnesses stop it).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
