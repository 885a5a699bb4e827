//! "Now", injectable: every rule that depends on the current instant (derived statuses,
//! timestamps written to the store, "today" and "tomorrow") asks a [`Clock`], so tests pin
//! it and the sync rules can be checked at any instant.

use std::sync::{Arc, Mutex};

use jiff::{SignedDuration, Timestamp};

/// Where the current instant comes from.
pub trait Clock: Send + Sync {
    /// The current instant (UTC).
    fn now(&self) -> Timestamp;
}

/// The operating system's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that stands still until moved: for tests and benchmarks.
#[derive(Debug)]
pub struct FixedClock(Mutex<Timestamp>);

impl FixedClock {
    /// A clock showing `at`.
    pub fn new(at: Timestamp) -> Arc<Self> {
        Arc::new(FixedClock(Mutex::new(at)))
    }

    /// Moves the clock to `at`.
    pub fn set(&self, at: Timestamp) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = at;
    }

    /// Moves the clock forward (or back, with a negative duration).
    pub fn advance(&self, by: SignedDuration) {
        let mut now = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *now = now.saturating_add(by).unwrap_or(*now);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The clock every store uses unless told otherwise.
pub fn system() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_moves_only_when_told() {
        let at: Timestamp = "2025-03-30T00:30:00Z".parse().unwrap();
        let clock = FixedClock::new(at);
        assert_eq!(clock.now(), at);
        clock.advance(SignedDuration::from_hours(2));
        assert_eq!(clock.now(), "2025-03-30T02:30:00Z".parse().unwrap());
        clock.set(at);
        assert_eq!(clock.now(), at);
    }
}
