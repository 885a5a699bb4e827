//! Wakes long polls parked on an inbox when a webhook for it is committed.
//!
//! One `watch` channel per inbox with parked polls; a commit (local, or announced by
//! PostgreSQL NOTIFY from another process) bumps it and every parked poll re-reads.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::watch;

/// Registry of inboxes that have parked long polls.
#[derive(Debug, Default)]
pub struct Wake {
    inboxes: Mutex<HashMap<String, watch::Sender<u64>>>,
    /// Parked polls inside [`Parked::changed`], i.e. whose last read found nothing new.
    waiting: AtomicUsize,
}

/// A parked long poll; dropping it unregisters the poll.
pub struct Parked {
    wake: Arc<Wake>,
    inbox_id: String,
    receiver: Option<watch::Receiver<u64>>,
}

impl Wake {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, watch::Sender<u64>>> {
        self.inboxes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Parks a poll on `inbox_id`, or returns `None` when `cap` polls are parked already.
    pub fn park(self: &Arc<Self>, inbox_id: &str, cap: usize) -> Option<Parked> {
        let mut map = self.lock();
        let sender = map
            .entry(inbox_id.to_owned())
            .or_insert_with(|| watch::channel(0).0);
        if sender.receiver_count() >= cap {
            return None;
        }
        Some(Parked {
            wake: Arc::clone(self),
            inbox_id: inbox_id.to_owned(),
            receiver: Some(sender.subscribe()),
        })
    }

    /// Wakes every poll parked on `inbox_id`.
    pub fn notify(&self, inbox_id: &str) {
        if let Some(sender) = self.lock().get(inbox_id) {
            sender.send_modify(|n| *n = n.wrapping_add(1));
        }
    }

    /// Wakes every parked poll (after a lost NOTIFY connection, when a wake-up may be missed).
    pub fn notify_all(&self) {
        for sender in self.lock().values() {
            sender.send_modify(|n| *n = n.wrapping_add(1));
        }
    }

    /// Number of parked polls, for `/metrics`.
    pub fn parked(&self) -> usize {
        self.lock().values().map(|s| s.receiver_count()).sum()
    }

    /// Number of parked polls waiting for a commit, for `/metrics`: unlike [`Wake::parked`]
    /// it excludes polls still on their first read, so a commit made after it counted a
    /// poll reaches that poll only through a wake-up.
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::SeqCst)
    }
}

impl Parked {
    /// Resolves when a commit for this inbox happened since the poll was parked or last woken.
    pub async fn changed(&mut self) {
        let _waiting = Waiting::enter(&self.wake.waiting);
        let alive = match self.receiver.as_mut() {
            Some(receiver) => receiver.changed().await.is_ok(),
            None => false,
        };
        if !alive {
            std::future::pending::<()>().await;
        }
    }
}

/// Counts a poll as waiting while its `changed` future lives (a `select!` may drop it).
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn enter(count: &'a AtomicUsize) -> Self {
        count.fetch_add(1, Ordering::SeqCst);
        Self(count)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Drop for Parked {
    fn drop(&mut self) {
        drop(self.receiver.take());
        let mut map = self.wake.lock();
        if map
            .get(&self.inbox_id)
            .is_some_and(|s| s.receiver_count() == 0)
        {
            map.remove(&self.inbox_id);
        }
    }
}

#[cfg(test)]
mod tests {
    use futures_util::FutureExt;

    use super::*;

    #[tokio::test]
    async fn caps_and_wakes_and_cleans_up() {
        let wake = Arc::new(Wake::default());
        let mut a = wake.park("i", 2).expect("first");
        let mut b = wake.park("i", 2).expect("second");
        assert!(wake.park("i", 2).is_none());
        assert_eq!(wake.parked(), 2);
        assert_eq!(wake.waiting(), 0, "parked, but not waiting yet");
        let mut a_waits = Box::pin(a.changed());
        assert!(
            a_waits.as_mut().now_or_never().is_none(),
            "nothing committed yet"
        );
        // Polled once, then dropped, as when `select!` picks another branch.
        assert!(b.changed().now_or_never().is_none());
        assert_eq!(wake.waiting(), 1);
        wake.notify("i");
        a_waits.await;
        assert_eq!(wake.waiting(), 0);
        drop(a);
        drop(b);
        assert_eq!(wake.parked(), 0);
        assert!(wake.lock().is_empty());
    }
}
