//! `quotla-relay`: the hosted store-then-forward relay for Calendly webhooks.

use clap::Parser;
use quotla_relay::config::{Cli, Config};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    init_logging();
    let config = Config::from_cli(cli, |name| std::env::var(name).ok());
    let relay = match quotla_relay::start(config).await {
        Ok(relay) => relay,
        Err(error) => {
            tracing::error!(%error, "relay failed to start");
            return std::process::ExitCode::FAILURE;
        }
    };
    wait_for_signal().await;
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

async fn wait_for_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
