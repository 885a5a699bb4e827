//! Quotla's hosted webhook relay.
//!
//! Calendly delivers webhooks only to public HTTPS servers; a desktop app is never one. The
//! relay receives them for every Quotla user, verifies the signature, stores each one
//! durably in that user's inbox **before** answering 2xx, and holds it until the desktop
//! collects and acknowledges it (long poll). Storage is SQLite by default, PostgreSQL for
//! several relay processes on one database.

mod checkpoint;
pub mod clock;
pub mod config;
pub mod error;
pub mod inbox_cache;
pub mod limits;
pub mod metrics;
pub mod purge;
pub mod routes;
pub mod serve;
pub mod store;
pub mod tokens;
pub mod wake;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use thiserror::Error;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use clock::{Clock, SystemClock};
pub use config::Config;
use limits::RateLimiter;
use metrics::Metrics;
use routes::AppState;
use store::{BatchWriter, Store, StoreError};
use wake::Wake;

/// Why the relay could not start.
#[derive(Debug, Error)]
pub enum StartError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot build the HTTP client: {0}")]
    Http(#[from] reqwest::Error),
}

/// A running relay.
pub struct Relay {
    addr: SocketAddr,
    backend: &'static str,
    durability: String,
    shutdown: watch::Sender<bool>,
    server: JoinHandle<()>,
}

impl Relay {
    /// The address it listens on (useful with port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        self.backend
    }

    /// The durability settings the database reported at start.
    pub fn durability(&self) -> &str {
        &self.durability
    }

    /// Stops accepting, releases parked long polls, finishes in-flight requests and
    /// commits, then closes the database.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        let _ = self.server.await;
    }

    /// Resolves when the relay stopped.
    pub async fn wait(&mut self) {
        let _ = (&mut self.server).await;
    }
}

/// Opens the database and starts serving.
pub async fn start(config: Config) -> Result<Relay, StartError> {
    let config = Arc::new(config);
    let store = Store::open(&config.database_url, config.db_connections).await?;
    let durability = store.durability().await?;
    if store.is_empty().await? {
        tracing::warn!(
            backend = store.backend(),
            "!!! STARTED ON AN EMPTY DATABASE: no inbox exists. If this relay served users \
             before, it is pointed at the wrong database; webhooks for their inboxes will \
             answer 404 until that is fixed. !!!"
        );
    }
    if config.signing_keys.is_empty() {
        tracing::warn!(
            "{} is not set: every webhook will be refused with 401",
            config::ENV_SIGNING_KEY
        );
    }
    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|source| StartError::Listen {
            addr: config.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| StartError::Listen {
        addr: config.listen,
        source,
    })?;
    let public_base_url: Arc<str> = config
        .public_base_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"))
        .trim_end_matches('/')
        .into();

    let wake = Arc::new(Wake::default());
    let metrics = Arc::new(Metrics::default());
    let (shutdown_tx, shutdown) = watch::channel(false);
    let (writer, writer_task) = BatchWriter::spawn(
        store.clone(),
        Arc::clone(&wake),
        Arc::clone(&metrics),
        config.commit_batch_max,
    );
    let listener_task = spawn_listener(&store, Arc::clone(&wake), shutdown.clone());
    let checkpoint_task = match &store {
        Store::Sqlite(sqlite) => Some(tokio::spawn(checkpoint::run(
            sqlite.clone(),
            shutdown.clone(),
        ))),
        Store::Postgres(_) => None,
    };
    let purge_task = tokio::spawn(purge::run(
        store.clone(),
        Arc::clone(&config),
        Arc::clone(&metrics),
        shutdown.clone(),
    ));
    let state = AppState {
        register_limit: RateLimiter::<IpAddr>::new(
            config.register_per_minute,
            Duration::from_secs(60),
        )
        .map(Arc::new),
        inbox_limit: RateLimiter::<String>::new(config.inbox_per_second, Duration::from_secs(1))
            .map(Arc::new),
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()?,
        config: Arc::clone(&config),
        public_base_url,
        durability: durability.as_str().into(),
        inbox_cache: Arc::default(),
        store: store.clone(),
        writer,
        wake,
        metrics,
        shutdown: shutdown.clone(),
    };
    let app = routes::router(state);
    let backend = store.backend();
    tracing::info!(%addr, backend, durability = %durability, "relay listening");
    let header_timeout = config.header_timeout;
    let server = tokio::spawn(async move {
        serve::serve(listener, app, header_timeout, shutdown).await;
        // Every handler (and its writer handle) is gone now, so the writer drains and ends.
        let _ = writer_task.await;
        let _ = purge_task.await;
        for task in [listener_task, checkpoint_task].into_iter().flatten() {
            let _ = task.await;
        }
        store.close().await;
        tracing::info!("relay stopped");
    });
    Ok(Relay {
        addr,
        backend,
        durability,
        shutdown: shutdown_tx,
        server,
    })
}

/// On PostgreSQL, wakes local long polls when another process commits to their inbox.
fn spawn_listener(
    store: &Store,
    wake: Arc<Wake>,
    mut shutdown: watch::Receiver<bool>,
) -> Option<JoinHandle<()>> {
    let Store::Postgres(pg) = store else {
        return None;
    };
    let pg = pg.clone();
    Some(tokio::spawn(async move {
        loop {
            let mut listener = match pg.listener().await {
                Ok(listener) => listener,
                Err(error) => {
                    tracing::warn!(%error, "LISTEN failed, retrying");
                    tokio::select! {
                        () = tokio::time::sleep(Duration::from_secs(1)) => continue,
                        _ = shutdown.wait_for(|down| *down) => return,
                    }
                }
            };
            // Commits may have happened while no listener was connected.
            wake.notify_all();
            loop {
                tokio::select! {
                    received = listener.try_recv() => match received {
                        Ok(Some(notification)) => {
                            for id in notification.payload().split(',') {
                                wake.notify(id);
                            }
                        }
                        Ok(None) => wake.notify_all(),
                        Err(error) => {
                            tracing::warn!(%error, "LISTEN connection lost");
                            break;
                        }
                    },
                    _ = shutdown.wait_for(|down| *down) => return,
                }
            }
        }
    }))
}
