//! A faithful local Calendly for tests and the demo.
//!
//! Calendly cannot be reached from the machines that build and test Quotla, so this crate
//! serves, on loopback, everything the product uses of it: OAuth (authorize page, token
//! endpoint with PKCE and rotating single-use refresh tokens, revoke, introspect), the REST
//! endpoints with Calendly's envelopes, pagination, errors and rate limits, single-use
//! booking pages, and signed webhook delivery with Calendly's retry rules, for two users of
//! one organization. A control API under `/_sandbox/` lets tests book, cancel, reschedule,
//! mark no-shows, change accounts and event types, move the clock and inject faults. See
//! README.md in this crate for the routes.
//!
//! ```no_run
//! # async fn demo() -> Result<(), calendly_sandbox::Error> {
//! let sandbox = calendly_sandbox::spawn(calendly_sandbox::SandboxConfig::default()).await?;
//! println!("Calendly at {}", sandbox.base_url());
//! sandbox.shutdown().await;
//! # Ok(()) }
//! ```

pub mod clock;
mod config;
mod control;
mod delivery;
mod domain;
mod ids;
pub mod model;
mod routes;
pub mod seed;
mod state;

pub use config::{AuthorizeMode, DeliveryConfig, SandboxConfig};
pub use seed::{Plan, Seed, SeedError};

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

/// Why a sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Seed(#[from] SeedError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// A running sandbox. Dropping it stops the server and the webhook deliveries.
pub struct Sandbox {
    base_url: String,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
    worker: JoinHandle<()>,
}

/// Starts a sandbox on `config.listen` (port 0 picks a free port).
pub async fn spawn(config: SandboxConfig) -> Result<Sandbox, Error> {
    config.seed.validate()?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| Error::Bind {
            addr: config.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| Error::Bind {
        addr: config.listen,
        source,
    })?;
    let base_url = config
        .base_url
        .clone()
        .map(|b| b.trim_end_matches('/').to_owned())
        .unwrap_or_else(|| format!("http://{addr}"));
    let clock = clock::Clock::default();
    let store = state::Store::seeded(&config, &base_url, clock.now());
    let (tx, rx) = mpsc::unbounded_channel();
    let mut page_key = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut page_key);
    let app = Arc::new(state::App {
        config,
        base_url: base_url.clone(),
        clock,
        store: Mutex::new(store),
        deliveries: tx,
        page_key,
    });
    let worker = tokio::spawn(delivery::worker(app.clone(), rx));
    let router = routes::router(app);
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let shutdown = async {
            let _ = stopped.await;
        };
        if let Err(e) = axum::serve(listener, router)
            .with_graceful_shutdown(shutdown)
            .await
        {
            tracing::error!(error = %e, "sandbox server stopped");
        }
    });
    tracing::info!(%base_url, "calendly sandbox listening");
    Ok(Sandbox {
        base_url,
        addr,
        stop: Some(stop),
        server: Some(server),
        worker,
    })
}

impl Sandbox {
    /// `http://127.0.0.1:PORT`: the base of the API, OAuth, booking pages and `/_sandbox`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting requests, lets in-flight ones finish and stops deliveries.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.worker.abort();
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.worker.abort();
    }
}
