//! Remembers which inboxes exist and whom they are bound to, so a webhook costs no lookup
//! query before its commit. Only live inboxes are cached and the binding never changes; a
//! deletion (here or by another process) is caught by the commit, which answers 410.

use std::collections::HashMap;
use std::sync::Mutex;

/// Entries kept before the cache starts over (about 100 bytes each).
const MAX_ENTRIES: usize = 100_000;

/// Inbox id → its bound Calendly user (`None` when unbound).
#[derive(Debug, Default)]
pub struct InboxCache {
    live: Mutex<HashMap<String, Option<String>>>,
}

impl InboxCache {
    /// The binding of a live inbox, if cached.
    pub fn get(&self, inbox_id: &str) -> Option<Option<String>> {
        self.live
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(inbox_id)
            .cloned()
    }

    pub fn insert(&self, inbox_id: &str, calendly_user: Option<String>) {
        let mut live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        if live.len() >= MAX_ENTRIES {
            live.clear();
        }
        live.insert(inbox_id.to_owned(), calendly_user);
    }

    pub fn remove(&self, inbox_id: &str) {
        self.live
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(inbox_id);
    }
}
