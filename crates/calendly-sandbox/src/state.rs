//! The sandbox's in-memory world: the seeded account, everything booked since, OAuth
//! grants, faults to inject and the delivery log. One mutex guards it; it is never held
//! across an `.await`.

use crate::clock::Clock;
use crate::config::{AuthorizeMode, SandboxConfig};
use crate::delivery::{DeliveryRecord, Job};
use crate::ids;
use crate::model::{
    Event, EventType, Invitee, InviteeNoShow, Location, Profile, User, WebhookSubscription,
};
use crate::seed::Plan;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use time::{Duration, OffsetDateTime};
use tokio::sync::mpsc;

/// Shared by every request handler and the delivery worker.
pub struct App {
    pub config: SandboxConfig,
    pub base_url: String,
    pub clock: Clock,
    pub store: Mutex<Store>,
    /// Feeds the delivery worker.
    pub deliveries: mpsc::UnboundedSender<Job>,
    /// Keys page tokens so they are opaque and tamper-evident.
    pub page_key: [u8; 32],
}

impl App {
    /// Locks the store; a panic elsewhere never makes the sandbox unusable.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The plan's rate limit unless the config overrides it.
    pub fn rate_limit(&self, plan: Plan) -> u32 {
        self.config.rate_limit.unwrap_or_else(|| plan.rate_limit())
    }
}

/// An event type and what the sandbox needs to book it.
#[derive(Debug, Clone)]
pub struct EventTypeRecord {
    pub model: EventType,
    pub uuid: String,
    pub location: Option<Location>,
}

/// A single-use scheduling link.
#[derive(Debug, Clone)]
pub struct LinkRecord {
    pub owner: String,
    pub booking_url: String,
    pub spent: bool,
}

/// An authorization code waiting to be exchanged.
#[derive(Clone)]
pub struct CodeRecord {
    pub client_id: String,
    pub redirect_uri: String,
    pub code_challenge: Option<String>,
    pub scope: String,
    pub expires_at: OffsetDateTime,
    pub used: bool,
}

/// An issued access token.
#[derive(Clone)]
pub struct AccessRecord {
    pub scope: String,
    pub issued_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub revoked: bool,
    pub refresh_token: String,
}

/// Life of a refresh token: single use, rotated on every refresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshState {
    Active,
    Used,
    Revoked,
}

/// An issued refresh token.
#[derive(Clone)]
pub struct RefreshRecord {
    pub scope: String,
    pub state: RefreshState,
    pub access_token: String,
}

/// A one-minute counting window that opens with its first request, so a burst is never
/// split by a minute boundary it did not choose.
#[derive(Debug, Clone, Copy, Default)]
pub struct Window {
    /// Unix second the window opened; `None` before the first request.
    pub start: Option<i64>,
    pub count: u32,
}

impl Window {
    /// Counts one request at `now`; returns the count within the current window.
    pub fn hit(&mut self, now: OffsetDateTime) -> u32 {
        let t = now.unix_timestamp();
        if self.start.is_none_or(|s| t >= s + 60 || t < s) {
            self.start = Some(t);
            self.count = 0;
        }
        self.count += 1;
        self.count
    }

    /// Seconds until the current window closes (at least 1).
    pub fn reset(&self, now: OffsetDateTime) -> i64 {
        let t = now.unix_timestamp();
        self.start.map_or(60, |s| (s + 60 - t).clamp(1, 60))
    }
}

/// A request fault waiting to be injected.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RequestFault {
    /// Answer with this server error.
    Error { status: u16 },
    /// Answer 429 as if the rate limit were spent.
    RateLimit,
    /// Pause this long before handling the request normally.
    Slow { delay_ms: u64 },
}

/// Faults queued by the control API.
#[derive(Debug, Default, serde::Serialize)]
pub struct Faults {
    /// Applied one per request, in order, to API and OAuth requests.
    pub requests: std::collections::VecDeque<RequestFault>,
    /// The next this many webhook events are delivered twice.
    pub duplicate_deliveries: u32,
    /// The next this many pairs of deliveries go out in swapped order.
    pub swap_deliveries: u32,
}

/// Token endpoint requests by grant type (after client authentication), whatever their
/// outcome: tests use them to check that a client refreshes once, not once per caller.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct TokenRequests {
    pub authorization_code: u64,
    pub refresh_token: u64,
    pub other: u64,
}

/// Counters exposed by `GET /_sandbox/stats`.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Stats {
    pub token_requests: TokenRequests,
    /// Authenticated REST requests, including those answered 403 or 429.
    pub api_requests: u64,
    /// REST requests refused with 429 by the rate limit.
    pub rate_limited: u64,
}

/// Everything mutable.
pub struct Store {
    pub user: User,
    pub user_uuid: String,
    pub org_uri: String,
    pub plan: Plan,
    pub authorize_mode: AuthorizeMode,
    /// When set, auto-approval grants this scope instead of the requested one.
    pub grant_scope: Option<String>,
    pub event_types: Vec<EventTypeRecord>,
    pub events: Vec<Event>,
    pub invitees: Vec<Invitee>,
    pub no_shows: Vec<InviteeNoShow>,
    pub links: HashMap<String, LinkRecord>,
    pub subscriptions: Vec<WebhookSubscription>,
    pub codes: HashMap<String, CodeRecord>,
    pub access_tokens: HashMap<String, AccessRecord>,
    pub refresh_tokens: HashMap<String, RefreshRecord>,
    pub rate: Window,
    pub token_rate: Window,
    pub faults: Faults,
    pub delivery_log: Vec<DeliveryRecord>,
    pub next_delivery_id: u64,
    pub stats: Stats,
}

impl Store {
    /// Builds the seeded world with URIs under `base`.
    pub fn seeded(config: &SandboxConfig, base: &str, now: OffsetDateTime) -> Store {
        let seed = &config.seed;
        let user_uuid = seed.user.uuid.clone().unwrap_or_else(ids::short_id);
        let org_uuid = seed.organization_uuid.clone().unwrap_or_else(ids::short_id);
        let created = now - Duration::days(400);
        let org_uri = format!("{base}/organizations/{org_uuid}");
        let user = User {
            uri: format!("{base}/users/{user_uuid}"),
            name: seed.user.name.clone(),
            slug: seed.user.slug.clone(),
            email: seed.user.email.clone(),
            scheduling_url: format!("{base}/{}", seed.user.slug),
            timezone: seed.user.timezone.clone(),
            avatar_url: seed.user.avatar_url.clone(),
            created_at: created,
            updated_at: created + Duration::days(30),
            current_organization: org_uri.clone(),
        };
        let event_types = seed
            .event_types
            .iter()
            .enumerate()
            .map(|(i, et)| {
                let uuid = et.uuid.clone().unwrap_or_else(ids::short_id);
                let description_html = et
                    .description
                    .as_ref()
                    .map(|d| format!("<p>{}</p>", crate::routes::html_escape(d)));
                EventTypeRecord {
                    uuid: uuid.clone(),
                    location: et.location.clone(),
                    model: EventType {
                        uri: format!("{base}/event_types/{uuid}"),
                        name: Some(et.name.clone()),
                        active: et.active,
                        slug: Some(et.slug.clone()),
                        scheduling_url: format!("{base}/{}/{}", seed.user.slug, et.slug),
                        duration: et.duration,
                        kind: et.kind.clone(),
                        pooling_type: None,
                        type_name: "StandardEventType".into(),
                        color: et.color.clone(),
                        created_at: created + Duration::days(i as i64 + 1),
                        updated_at: created + Duration::days(i as i64 + 40),
                        internal_note: None,
                        description_plain: et.description.clone(),
                        description_html,
                        profile: Some(Profile {
                            kind: "User".into(),
                            name: seed.user.name.clone(),
                            owner: user.uri.clone(),
                        }),
                        secret: et.secret,
                        booking_method: "instant".into(),
                        custom_questions: et.custom_questions.clone(),
                        deleted_at: None,
                        kind_description: if et.kind == "group" {
                            "Group".into()
                        } else {
                            "One-on-One".into()
                        },
                        admin_managed: false,
                    },
                }
            })
            .collect();
        Store {
            user,
            user_uuid,
            org_uri,
            plan: seed.plan,
            authorize_mode: config.authorize_mode,
            grant_scope: None,
            event_types,
            events: Vec::new(),
            invitees: Vec::new(),
            no_shows: Vec::new(),
            links: HashMap::new(),
            subscriptions: Vec::new(),
            codes: HashMap::new(),
            access_tokens: HashMap::new(),
            refresh_tokens: HashMap::new(),
            rate: Window::default(),
            token_rate: Window::default(),
            faults: Faults::default(),
            delivery_log: Vec::new(),
            next_delivery_id: 1,
            stats: Stats::default(),
        }
    }

    /// Issues a fresh access + refresh token pair.
    pub fn issue_tokens(
        &mut self,
        scope: &str,
        now: OffsetDateTime,
        ttl: std::time::Duration,
    ) -> (String, String) {
        let access = ids::secret();
        let refresh = ids::secret();
        let ttl = Duration::try_from(ttl).unwrap_or(Duration::hours(2));
        self.access_tokens.insert(
            access.clone(),
            AccessRecord {
                scope: scope.to_owned(),
                issued_at: now,
                expires_at: now + ttl,
                revoked: false,
                refresh_token: refresh.clone(),
            },
        );
        self.refresh_tokens.insert(
            refresh.clone(),
            RefreshRecord {
                scope: scope.to_owned(),
                state: RefreshState::Active,
                access_token: access.clone(),
            },
        );
        (access, refresh)
    }

    /// Revokes a token of either kind together with its partner; false if unknown.
    pub fn revoke(&mut self, token: &str) -> bool {
        let (access, refresh) = if let Some(a) = self.access_tokens.get(token) {
            (token.to_owned(), a.refresh_token.clone())
        } else if let Some(r) = self.refresh_tokens.get(token) {
            (r.access_token.clone(), token.to_owned())
        } else {
            return false;
        };
        if let Some(a) = self.access_tokens.get_mut(&access) {
            a.revoked = true;
        }
        if let Some(r) = self.refresh_tokens.get_mut(&refresh) {
            r.state = RefreshState::Revoked;
        }
        true
    }

    pub fn event_type(&self, uri: &str) -> Option<&EventTypeRecord> {
        self.event_types.iter().find(|e| e.model.uri == uri)
    }

    pub fn event_index(&self, uri: &str) -> Option<usize> {
        self.events.iter().position(|e| e.uri == uri)
    }

    pub fn invitee_index(&self, uri: &str) -> Option<usize> {
        self.invitees.iter().position(|i| i.uri == uri)
    }
}

/// Whether `granted` (space separated) covers `needed`; `:write` implies `:read` and the
/// legacy `default` scope covers everything.
pub fn scope_allows(granted: &str, needed: &str) -> bool {
    granted.split_whitespace().any(|g| {
        g == "default"
            || g == needed
            || (needed
                .strip_suffix(":read")
                .is_some_and(|r| g.strip_suffix(":write").is_some_and(|w| w == r)))
    })
}

/// Whether every entry of a scope string looks like a Calendly scope.
pub fn valid_scope(scope: &str) -> bool {
    scope.split_whitespace().all(|s| {
        s == "default"
            || s.split_once(':').is_some_and(|(res, perm)| {
                !res.is_empty()
                    && res.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                    && matches!(perm, "read" | "write")
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes() {
        assert!(scope_allows("users:read", "users:read"));
        assert!(scope_allows(
            "scheduled_events:write",
            "scheduled_events:read"
        ));
        assert!(!scope_allows(
            "scheduled_events:read",
            "scheduled_events:write"
        ));
        assert!(!scope_allows("users:read", "webhooks:write"));
        assert!(scope_allows("default", "webhooks:write"));
        assert!(!scope_allows("", "users:read"));
        assert!(valid_scope("users:read event_types:read"));
        assert!(!valid_scope("users:admin"));
        assert!(!valid_scope("Users:read"));
        assert!(!valid_scope(":read"));
    }

    #[test]
    fn window_lasts_a_minute_from_its_first_request() {
        let t = OffsetDateTime::from_unix_timestamp(130).expect("ts");
        let mut w = Window::default();
        assert_eq!(w.reset(t), 60);
        assert_eq!(w.hit(t), 1);
        assert_eq!(w.hit(t + Duration::seconds(59)), 2);
        assert_eq!(w.reset(t + Duration::seconds(15)), 45);
        assert_eq!(w.hit(t + Duration::seconds(60)), 1);
    }
}
