//! `quotla-relay`: the hosted store-then-forward relay for Calendly webhooks.

use clap::Parser;
use quotla_relay::config::{Cli, Config};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    init_logging();
    // Installed before start-up so a SIGTERM at any point ends in a graceful shutdown.
    let stop = shutdown_signal();
    let config = Config::from_cli(cli, |name| std::env::var(name).ok());
    let relay = match quotla_relay::start(config).await {
        Ok(relay) => relay,
        Err(error) => {
            tracing::error!(%error, "relay failed to start");
            return std::process::ExitCode::FAILURE;
        }
    };
    stop.await;
    tracing::info!("shutting down: finishing in-flight requests");
    relay.shutdown().await;
    std::process::ExitCode::SUCCESS
}

fn init_logging() {
    let filter = EnvFilter::try_from_env("RELAY_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let json = std::env::var("RELAY_LOG_JSON").is_ok_and(|v| v == "1" || v == "true");
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// Resolves on SIGTERM or Ctrl-C; the handlers are installed when this is called.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    let ctrl_c = tokio::spawn(tokio::signal::ctrl_c());
    async move {
        #[cfg(unix)]
        if let Some(mut term) = term {
            tokio::select! {
                _ = ctrl_c => {}
                _ = term.recv() => {}
            }
            return;
        }
        let _ = ctrl_c.await;
    }
}
