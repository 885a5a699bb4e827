//! Connection attempts waiting for their OAuth callback.
//!
//! Each attempt keeps its PKCE verifier and `state` in memory only, for ten minutes, and can
//! be completed once. A callback is matched by its `state`; anything else is refused, and a
//! `state` that was already used is told apart from one never issued so the user hears
//! "this link was already used" rather than a generic failure.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use calendly::oauth::AuthorizationRequest;

/// How long a connection attempt waits for its callback (the code's own life at Calendly).
pub const FLOW_TTL: Duration = Duration::from_secs(10 * 60);
/// Attempts kept at once; starting more drops the oldest (a user clicking Connect repeatedly).
const MAX_PENDING: usize = 4;
/// Completed `state`s remembered to recognise replays.
const MAX_SPENT: usize = 32;

/// Why a callback matches no waiting attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FlowError {
    #[error("no Calendly connection was in progress for this link")]
    Unknown,
    #[error("this Calendly link was already used")]
    Replayed,
    #[error("the Calendly connection attempt expired; start again")]
    Expired,
}

struct Pending {
    request: AuthorizationRequest,
    started: Instant,
}

/// Attempts in flight, newest last.
#[derive(Default)]
pub struct PendingFlows {
    pending: VecDeque<Pending>,
    spent: VecDeque<String>,
}

impl PendingFlows {
    /// Remembers a new attempt.
    pub fn start(&mut self, request: AuthorizationRequest, now: Instant) {
        self.drop_expired(now);
        if self.pending.len() == MAX_PENDING {
            self.pending.pop_front();
        }
        self.pending.push_back(Pending {
            request,
            started: now,
        });
    }

    /// True while at least one attempt waits for its callback.
    pub fn any_waiting(&self, now: Instant) -> bool {
        self.pending
            .iter()
            .any(|p| now.duration_since(p.started) < FLOW_TTL)
    }

    /// Takes the attempt `state` belongs to; it can never be taken again.
    pub fn take(&mut self, state: &str, now: Instant) -> Result<AuthorizationRequest, FlowError> {
        let Some(index) = self
            .pending
            .iter()
            .position(|p| p.request.state_matches(state))
        else {
            return Err(if self.spent.iter().any(|s| s == state) {
                FlowError::Replayed
            } else {
                FlowError::Unknown
            });
        };
        let found = self.pending.remove(index).expect("index from position");
        self.remember_spent(state);
        if now.duration_since(found.started) >= FLOW_TTL {
            return Err(FlowError::Expired);
        }
        Ok(found.request)
    }

    /// Forgets every attempt (e.g. the user cancelled).
    pub fn clear(&mut self) {
        self.pending.clear();
    }

    fn drop_expired(&mut self, now: Instant) {
        self.pending
            .retain(|p| now.duration_since(p.started) < FLOW_TTL);
    }

    fn remember_spent(&mut self, state: &str) {
        if self.spent.len() == MAX_SPENT {
            self.spent.pop_front();
        }
        self.spent.push_back(state.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calendly::oauth::{OAuthClient, OAuthConfig, Scopes};

    fn request() -> AuthorizationRequest {
        let config = OAuthConfig::new("client", "http://127.0.0.1:9", "quotla://oauth/calendly")
            .expect("config");
        OAuthClient::new(config)
            .expect("client")
            .authorize(&Scopes::product(), "")
    }

    #[test]
    fn a_state_completes_once_then_reads_as_replayed() {
        let mut flows = PendingFlows::default();
        let now = Instant::now();
        let req = request();
        let state = req.state.expose().to_string();
        flows.start(req, now);
        assert!(flows.any_waiting(now));
        assert!(flows.take(&state, now).is_ok());
        assert_eq!(flows.take(&state, now).err(), Some(FlowError::Replayed));
        assert!(!flows.any_waiting(now));
    }

    #[test]
    fn unknown_and_expired_states_are_refused() {
        let mut flows = PendingFlows::default();
        let now = Instant::now();
        let req = request();
        let state = req.state.expose().to_string();
        flows.start(req, now);
        assert_eq!(
            flows.take("forged-state", now).err(),
            Some(FlowError::Unknown)
        );
        let later = now + FLOW_TTL + Duration::from_secs(1);
        assert_eq!(flows.take(&state, later).err(), Some(FlowError::Expired));
        // An expired attempt is spent too: replaying it reads as a replay.
        assert_eq!(flows.take(&state, later).err(), Some(FlowError::Replayed));
    }

    #[test]
    fn the_oldest_attempt_makes_room_for_a_new_one() {
        let mut flows = PendingFlows::default();
        let now = Instant::now();
        let first = request();
        let first_state = first.state.expose().to_string();
        flows.start(first, now);
        let mut last_state = String::new();
        for _ in 0..MAX_PENDING {
            let req = request();
            last_state = req.state.expose().to_string();
            flows.start(req, now);
        }
        assert_eq!(
            flows.take(&first_state, now).err(),
            Some(FlowError::Unknown)
        );
        assert!(flows.take(&last_state, now).is_ok());
    }
}
