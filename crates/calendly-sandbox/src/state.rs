//! The sandbox's in-memory world: the seeded accounts, everything booked since, OAuth
//! grants, faults to inject and the delivery log. One mutex guards it; it is never held
//! across an `.await`.

use crate::clock::Clock;
use crate::config::{AuthorizeMode, SandboxConfig};
use crate::delivery::{DeliveryRecord, Job};
use crate::ids;
use crate::model::{
    Event, EventType, Invitee, InviteeNoShow, Location, Profile, User, WebhookSubscription,
};
use crate::seed::{Plan, SeedEventType, SeedUser};
use std::collections::{BTreeMap, HashMap};
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

/// A user and the identifier in their URI.
#[derive(Debug, Clone)]
pub struct UserRecord {
    pub uuid: String,
    pub model: User,
}

/// An organization: the seeded one, or one made by `POST /_sandbox/user`.
#[derive(Debug, Clone)]
pub struct OrgRecord {
    pub uri: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// An event type and what the sandbox needs to book it.
#[derive(Debug, Clone)]
pub struct EventTypeRecord {
    pub model: EventType,
    pub uuid: String,
    pub location: Option<Location>,
    /// The owning user's URI: whose calendar its meetings block and whose webhooks fire.
    pub owner: String,
    /// Invitees one scheduled event holds (1 for solo event types).
    pub max_invitees: u32,
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
    /// The user who approved.
    pub owner: String,
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
    /// The user the token acts for.
    pub owner: String,
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
    pub owner: String,
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
#[derive(Debug, Clone, serde::Serialize)]
pub struct Stats {
    pub token_requests: TokenRequests,
    /// Authenticated REST requests, including those answered 403 or 429.
    pub api_requests: u64,
    /// The same by `"METHOD /route/{template}"`; every REST route is listed, from 0, so a
    /// test can assert that a route was never called.
    pub api_requests_by_route: BTreeMap<String, u64>,
    /// REST requests refused with 429 by the rate limit.
    pub rate_limited: u64,
}

impl Default for Stats {
    fn default() -> Self {
        Stats {
            token_requests: TokenRequests::default(),
            api_requests: 0,
            api_requests_by_route: crate::routes::API_ROUTES
                .iter()
                .map(|r| ((*r).to_owned(), 0))
                .collect(),
            rate_limited: 0,
        }
    }
}

/// Everything mutable.
pub struct Store {
    /// The seed's user first, then the second user if seeded.
    pub users: Vec<UserRecord>,
    pub organizations: Vec<OrgRecord>,
    /// One plan for every organization.
    pub plan: Plan,
    pub authorize_mode: AuthorizeMode,
    /// Index in `users` of the user the authorize page is signed in as.
    pub authorize_user: usize,
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
    /// REST rate-limit windows by user URI (Calendly limits per user).
    pub rate: HashMap<String, Window>,
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
        let org_uuid = seed.organization_uuid.clone().unwrap_or_else(ids::short_id);
        let created = now - Duration::days(400);
        let org_uri = format!("{base}/organizations/{org_uuid}");
        let mut accounts = vec![(&seed.user, &seed.event_types)];
        if let Some(second) = &seed.second_user {
            accounts.push((&second.user, &second.event_types));
        }
        let mut users = Vec::new();
        let mut event_types = Vec::new();
        for (n, (user, types)) in accounts.into_iter().enumerate() {
            let created = created + Duration::days(n as i64 * 7);
            let record = seeded_user(user, base, &org_uri, created);
            event_types.extend(
                types
                    .iter()
                    .enumerate()
                    .map(|(i, et)| seeded_event_type(et, &record.model, base, created, i)),
            );
            users.push(record);
        }
        Store {
            authorize_user: 0,
            users,
            organizations: vec![OrgRecord {
                uri: org_uri,
                created_at: created,
                updated_at: created + Duration::days(30),
            }],
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
            rate: HashMap::new(),
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
        owner: &str,
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
                owner: owner.to_owned(),
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
                owner: owner.to_owned(),
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

    pub fn user(&self, uri: &str) -> Option<&User> {
        self.users.iter().map(|u| &u.model).find(|u| u.uri == uri)
    }

    /// The organization `user` currently belongs to.
    pub fn org_of(&self, user: &str) -> Option<&str> {
        self.user(user).map(|u| u.current_organization.as_str())
    }

    /// Whether two users are in one organization: what one may see of the other's.
    pub fn same_org(&self, a: &str, b: &str) -> bool {
        self.org_of(a).is_some() && self.org_of(a) == self.org_of(b)
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

    /// The host of the meeting invitee `uri` was booked into.
    pub fn invitee_host(&self, uri: &str) -> Option<&str> {
        let i = self.invitee_index(uri)?;
        let e = self.event_index(&self.invitees[i].event)?;
        Some(host(&self.events[e]))
    }
}

/// The host of a scheduled event: its first (and only) membership.
pub fn host(event: &Event) -> &str {
    event
        .event_memberships
        .first()
        .map_or("", |m| m.user.as_str())
}

fn seeded_user(user: &SeedUser, base: &str, org_uri: &str, created: OffsetDateTime) -> UserRecord {
    let uuid = user.uuid.clone().unwrap_or_else(ids::short_id);
    UserRecord {
        model: User {
            uri: format!("{base}/users/{uuid}"),
            name: user.name.clone(),
            slug: user.slug.clone(),
            email: user.email.clone(),
            scheduling_url: format!("{base}/{}", user.slug),
            timezone: user.timezone.clone(),
            avatar_url: user.avatar_url.clone(),
            created_at: created,
            updated_at: created + Duration::days(30),
            current_organization: org_uri.to_owned(),
        },
        uuid,
    }
}

fn seeded_event_type(
    et: &SeedEventType,
    owner: &User,
    base: &str,
    created: OffsetDateTime,
    i: usize,
) -> EventTypeRecord {
    let uuid = et.uuid.clone().unwrap_or_else(ids::short_id);
    let description_html = et
        .description
        .as_ref()
        .map(|d| format!("<p>{}</p>", crate::routes::html_escape(d)));
    EventTypeRecord {
        uuid: uuid.clone(),
        location: et.location.clone(),
        owner: owner.uri.clone(),
        max_invitees: et.invitee_limit(),
        model: EventType {
            uri: format!("{base}/event_types/{uuid}"),
            name: Some(et.name.clone()),
            active: et.active,
            slug: Some(et.slug.clone()),
            scheduling_url: format!("{base}/{}/{}", owner.slug, et.slug),
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
                name: owner.name.clone(),
                owner: owner.uri.clone(),
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
