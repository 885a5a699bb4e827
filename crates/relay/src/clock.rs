//! Where the relay reads the current time.
//!
//! Signature timestamps, the replay window, retention and inbox bookkeeping all compare
//! against "now"; one injectable source lets tests move time instead of sleeping through it.

use std::time::{SystemTime, UNIX_EPOCH};

/// A source of the current wall-clock time.
pub trait Clock: Send + Sync {
    /// Unix time in milliseconds.
    fn now_millis(&self) -> i64;
}

/// The operating system's clock, what the binary uses.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_millis(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0)
    }
}
