//! The SQLite checkpoint task: copies committed WAL frames into the database file from a
//! connection of its own, so the single writer's commits only append to the WAL (the
//! writer keeps a large automatic checkpoint as a backstop). PostgreSQL needs none.

use tokio::sync::watch;

use crate::store::sqlite::{Checkpointer, SqliteStore, CHECKPOINT_INTERVAL};

/// Runs a pass every [`CHECKPOINT_INTERVAL`] until shutdown. A failed pass (or connection)
/// is logged and retried at the next tick; meanwhile the writer's backstop bounds the WAL.
pub async fn run(store: SqliteStore, mut shutdown: watch::Receiver<bool>) {
    let mut checkpointer: Option<Checkpointer> = None;
    loop {
        tokio::select! {
            () = tokio::time::sleep(CHECKPOINT_INTERVAL) => {}
            _ = shutdown.wait_for(|down| *down) => break,
        }
        let pass = match checkpointer.as_mut() {
            Some(open) => open.pass().await,
            None => match store.checkpointer().await {
                Ok(opened) => checkpointer.insert(opened).pass().await,
                Err(error) => Err(error),
            },
        };
        match pass {
            Ok(report) => tracing::trace!(?report, "checkpoint"),
            Err(error) => {
                tracing::warn!(%error, "background checkpoint failed, retrying");
                checkpointer = None;
            }
        }
    }
    if let Some(checkpointer) = checkpointer {
        if let Err(error) = checkpointer.close().await {
            tracing::warn!(%error, "closing the checkpoint connection failed");
        }
    }
}
