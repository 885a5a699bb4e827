//! Group commit: webhooks arriving while a transaction commits are queued and committed
//! together in the next one, so one disk sync serves many. Each sender is answered only
//! after the transaction holding its webhook committed.

use std::sync::Arc;
use std::time::Duration;

use thiserror::Error;
use tokio::sync::{mpsc, oneshot};

use super::{Incoming, Outcome, Store};
use crate::metrics::Metrics;
use crate::wake::Wake;

/// Webhooks that may wait for a commit before senders are pushed back.
const QUEUE_CAPACITY: usize = 16_384;
/// Attempts of one batch (PostgreSQL may abort a transaction, e.g. on a lock conflict).
const ATTEMPTS: u32 = 3;

/// Why a webhook could not be committed.
#[derive(Debug, Error)]
pub enum WriteError {
    #[error("the relay is shutting down")]
    Closed,
    #[error("the database refused the commit")]
    Database,
}

type Reply = oneshot::Sender<Result<Outcome, WriteError>>;

/// Handle to the writer task.
#[derive(Debug, Clone)]
pub struct BatchWriter {
    queue: mpsc::Sender<(Incoming, Reply)>,
}

impl BatchWriter {
    /// Starts the writer; it stops once every handle is dropped and the queue is drained.
    pub fn spawn(
        store: Store,
        wake: Arc<Wake>,
        metrics: Arc<Metrics>,
        batch_max: usize,
    ) -> (Self, tokio::task::JoinHandle<()>) {
        let (queue, rx) = mpsc::channel(QUEUE_CAPACITY);
        let task = tokio::spawn(run(store, wake, metrics, rx, batch_max));
        (Self { queue }, task)
    }

    /// Queues `item` and waits until it is committed (or refused).
    pub async fn write(&self, item: Incoming) -> Result<Outcome, WriteError> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send((item, reply))
            .await
            .map_err(|_| WriteError::Closed)?;
        answer.await.map_err(|_| WriteError::Closed)?
    }
}

async fn run(
    store: Store,
    wake: Arc<Wake>,
    metrics: Arc<Metrics>,
    mut rx: mpsc::Receiver<(Incoming, Reply)>,
    batch_max: usize,
) {
    let mut batch = Vec::with_capacity(batch_max);
    while rx.recv_many(&mut batch, batch_max).await > 0 {
        let (items, replies): (Vec<Incoming>, Vec<Reply>) = batch.drain(..).unzip();
        let result = commit(&store, &items).await;
        match result {
            Ok(outcomes) => {
                let stored = outcomes
                    .iter()
                    .filter(|o| matches!(o, Outcome::Stored { .. }))
                    .count();
                Metrics::add(&metrics.commits, 1);
                Metrics::add(&metrics.stored, stored as u64);
                let duplicates = outcomes
                    .iter()
                    .filter(|o| **o == Outcome::Duplicate)
                    .count();
                Metrics::add(&metrics.duplicates, duplicates as u64);
                for (item, outcome) in items.iter().zip(&outcomes) {
                    if matches!(outcome, Outcome::Stored { .. }) {
                        wake.notify(&item.inbox_id);
                    }
                }
                for (reply, outcome) in replies.into_iter().zip(outcomes) {
                    let _ = reply.send(Ok(outcome));
                }
            }
            Err(()) => {
                for reply in replies {
                    let _ = reply.send(Err(WriteError::Database));
                }
            }
        }
    }
}

async fn commit(store: &Store, items: &[Incoming]) -> Result<Vec<Outcome>, ()> {
    let mut attempt = 1;
    loop {
        match store.write_batch(items).await {
            Ok(outcomes) => return Ok(outcomes),
            Err(error) if attempt < ATTEMPTS => {
                tracing::warn!(%error, attempt, size = items.len(), "batch commit failed, retrying");
                tokio::time::sleep(Duration::from_millis(20 * u64::from(attempt))).await;
                attempt += 1;
            }
            Err(error) => {
                tracing::error!(%error, size = items.len(), "batch commit failed, answering 503");
                return Err(());
            }
        }
    }
}
