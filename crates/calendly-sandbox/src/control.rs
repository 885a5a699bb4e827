//! The control API under `/_sandbox/…`: what a test or the demo does to the Calendly world
//! without a browser. Documented in this crate's README. Answers use Calendly's error shape.

use crate::clock;
use crate::config::AuthorizeMode;
use crate::domain::{self, BookRequest, Canceler};
use crate::ids;
use crate::model::{QuestionAndAnswer, Tracking};
use crate::routes::booking::{book_with_link, prefill_name, tracking_from, LinkError, LinkState};
use crate::routes::{created, ApiError, JsonBody, Params, RawBody};
use crate::seed::Plan;
use crate::state::{valid_scope, App, OrgRecord, RequestFault, Stats, Store};
use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/health", get(health))
        .route("/tokens", post(tokens))
        .route("/tokens/expire", post(expire_tokens))
        .route("/tokens/revoke", post(revoke_tokens))
        .route("/book", post(book))
        .route("/cancel", post(cancel))
        .route("/reschedule", post(reschedule))
        .route("/no_show", post(no_show))
        .route("/no_show/unmark", post(unmark_no_show))
        .route("/clock", get(clock_now))
        .route("/clock/advance", post(advance))
        .route("/plan", post(plan))
        .route("/authorize", post(authorize))
        .route("/faults", get(faults).post(add_fault).delete(clear_faults))
        .route("/deliveries", get(deliveries))
        .route("/webhook_subscriptions", get(subscriptions))
        .route("/webhook_subscriptions/disable", post(disable_subscription))
        .route("/scheduling_links", get(links))
        .route("/event_types/deactivate", post(deactivate_event_type))
        .route("/event_types/delete", post(delete_event_type))
        .route("/user", post(update_user))
        .route("/stats", get(stats))
        .route("/stats/reset", post(reset_stats))
}

type Answer = Result<Json<Value>, ApiError>;

async fn health(State(app): State<Arc<App>>) -> Json<Value> {
    Json(json!({ "ok": true, "base_url": app.base_url }))
}

/// Index in `store.users` of `"first"` (also when absent), `"second"` or a user URI.
fn user_index(store: &Store, user: Option<&str>) -> Result<usize, ApiError> {
    let found = match user {
        None | Some("first") => Some(0),
        Some("second") => (store.users.len() > 1).then_some(1),
        Some(uri) => store.users.iter().position(|u| u.model.uri == uri),
    };
    found.ok_or_else(ApiError::not_found)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenRequest {
    #[serde(default)]
    scope: Option<String>,
    /// `"first"` (default), `"second"` or a user URI.
    #[serde(default)]
    user: Option<String>,
}

/// Tokens for a seeded user without the browser; they behave like OAuth-issued ones.
async fn tokens(State(app): State<Arc<App>>, JsonBody(req): JsonBody<TokenRequest>) -> Answer {
    let scope = req
        .scope
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if scope.len() > 1024 || !valid_scope(&scope) {
        return Err(ApiError::invalid(
            Some("scope"),
            "is not a valid scope list",
        ));
    }
    let now = app.clock.now();
    let mut store = app.store();
    let user = store.users[user_index(&store, req.user.as_deref())?]
        .model
        .clone();
    let (access, refresh) = store.issue_tokens(&user.uri, &scope, now, app.config.access_token_ttl);
    Ok(Json(json!({
        "access_token": access,
        "refresh_token": refresh,
        "expires_in": app.config.access_token_ttl.as_secs(),
        "owner": user.uri,
        "organization": user.current_organization,
        "scope": scope,
    })))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct TokenTarget {
    /// One access or refresh token; all tokens when absent.
    #[serde(default)]
    token: Option<String>,
}

fn target(body: &[u8]) -> Result<TokenTarget, ApiError> {
    if body.is_empty() {
        Ok(TokenTarget::default())
    } else {
        crate::routes::parse_json(body)
    }
}

async fn expire_tokens(State(app): State<Arc<App>>, RawBody(body): RawBody) -> Answer {
    let t = target(&body)?;
    let now = app.clock.now();
    let mut store = app.store();
    let mut n = 0;
    let refresh_partner = t.token.as_ref().and_then(|tok| {
        store
            .refresh_tokens
            .get(tok)
            .map(|r| r.access_token.clone())
    });
    for (tok, a) in store.access_tokens.iter_mut() {
        let hit = match &t.token {
            None => true,
            Some(x) => x == tok || refresh_partner.as_deref() == Some(tok.as_str()),
        };
        if hit && a.expires_at > now {
            a.expires_at = now;
            n += 1;
        }
    }
    if t.token.is_some() && n == 0 && refresh_partner.is_none() {
        return Err(ApiError::not_found());
    }
    Ok(Json(json!({ "expired": n })))
}

async fn revoke_tokens(State(app): State<Arc<App>>, RawBody(body): RawBody) -> Answer {
    let t = target(&body)?;
    let mut store = app.store();
    let n = match t.token {
        Some(tok) => {
            if !store.revoke(&tok) {
                return Err(ApiError::not_found());
            }
            1
        }
        None => {
            let all: Vec<String> = store.access_tokens.keys().cloned().collect();
            all.iter().filter(|tok| store.revoke(tok)).count()
        }
    };
    Ok(Json(json!({ "revoked": n })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Book {
    /// A `booking_url` from `POST /scheduling_links` (spends it) …
    #[serde(default)]
    booking_url: Option<String>,
    /// … or an event type URI (books directly).
    #[serde(default)]
    event_type: Option<String>,
    /// May come from the booking URL's `name` (or `first_name` + `last_name`) instead.
    #[serde(default)]
    name: Option<String>,
    /// May come from the booking URL's `email` instead.
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    start_time: Option<String>,
    #[serde(default)]
    timezone: Option<String>,
    /// Wins, field by field, over the booking URL's tracking parameters.
    #[serde(default)]
    tracking: Tracking,
    #[serde(default)]
    questions_and_answers: Vec<QuestionAndAnswer>,
    #[serde(default)]
    guests: Vec<String>,
}

fn time_field(name: &str, v: Option<&str>) -> Result<Option<time::OffsetDateTime>, ApiError> {
    v.map(|s| {
        clock::parse(s).ok_or_else(|| ApiError::invalid(Some(name), "is not an RFC 3339 time"))
    })
    .transpose()
}

fn invitee_and_event(app: &App, invitee_uri: &str) -> Value {
    let store = app.store();
    let inv = store.invitee_index(invitee_uri).map(|i| &store.invitees[i]);
    let ev = inv
        .and_then(|i| store.event_index(&i.event))
        .map(|e| &store.events[e]);
    json!({ "invitee": inv, "event": ev })
}

/// What `/book` books through: a single-use link's token, or an event type URI.
enum Via {
    Link(String),
    EventType(String),
}

/// Longest booking URL `/book` reads; its query carries at most a few short parameters.
const MAX_BOOKING_URL: usize = 8192;

async fn book(
    State(app): State<Arc<App>>,
    JsonBody(b): JsonBody<Book>,
) -> Result<Response, ApiError> {
    let start_time = time_field("start_time", b.start_time.as_deref())?;
    // Like the booking page, a link's query prefills the invitee and tracks the booking.
    let (link, query) = match (&b.booking_url, &b.event_type) {
        (Some(url), None) => {
            let (token, query) = booking_link(&app, url)?;
            (Via::Link(token), query)
        }
        (None, Some(et)) => (Via::EventType(et.clone()), Params::default()),
        _ => {
            return Err(ApiError::invalid(
                Some("booking_url"),
                "give exactly one of booking_url and event_type",
            ))
        }
    };
    let required = |v: Option<String>, name: &str| {
        v.filter(|v| !v.trim().is_empty())
            .ok_or_else(|| ApiError::invalid(Some(name), "is required"))
    };
    let tracking = with_fallback(b.tracking.clone(), tracking_from(&query)?);
    let name = required(b.name.clone().or(prefill_name(&query)?), "name")?;
    let email = required(
        b.email.clone().or(query.get("email")?.map(str::to_owned)),
        "email",
    )?;
    let make = |event_type: String| BookRequest {
        event_type,
        name: name.clone(),
        email: email.clone(),
        start_time,
        timezone: b.timezone.clone(),
        tracking: tracking.clone(),
        questions_and_answers: b.questions_and_answers.clone(),
        guests: b.guests.clone(),
        old_invitee: None,
    };
    let invitee_uri = match link {
        Via::Link(token) => match book_with_link(&app, &token, |owner| Ok(make(owner))) {
            Ok((_, invitee, _)) => invitee,
            Err(LinkError::Closed(LinkState::Spent)) => {
                return Err(ApiError::forbidden(
                    "This single-use link has already been used",
                ))
            }
            Err(LinkError::Closed(_)) => return Err(ApiError::not_found()),
            Err(LinkError::Invalid(e)) => return Err(e),
        },
        Via::EventType(et) => {
            let now = app.clock.now();
            let mut store = app.store();
            let (idx, hooks) = domain::book(&mut store, &app.base_url, now, make(et))?;
            domain::fire(&app, &mut store, hooks);
            store.invitees[idx].uri.clone()
        }
    };
    Ok(created(invitee_and_event(&app, &invitee_uri)))
}

/// `preferred`'s fields, with `fallback`'s where `preferred` has none.
fn with_fallback(preferred: Tracking, fallback: Tracking) -> Tracking {
    Tracking {
        utm_campaign: preferred.utm_campaign.or(fallback.utm_campaign),
        utm_source: preferred.utm_source.or(fallback.utm_source),
        utm_medium: preferred.utm_medium.or(fallback.utm_medium),
        utm_content: preferred.utm_content.or(fallback.utm_content),
        utm_term: preferred.utm_term.or(fallback.utm_term),
        salesforce_uuid: preferred.salesforce_uuid.or(fallback.salesforce_uuid),
    }
}

/// The link token and the query of a booking URL served by this sandbox.
fn booking_link(app: &App, url: &str) -> Result<(String, Params), ApiError> {
    let bad = || ApiError::invalid(Some("booking_url"), "is not a booking URL of this sandbox");
    if url.len() > MAX_BOOKING_URL {
        return Err(ApiError::invalid(Some("booking_url"), "is too long"));
    }
    let rest = url
        .strip_prefix(app.base_url.as_str())
        .and_then(|r| r.strip_prefix("/d/"))
        .ok_or_else(bad)?;
    let rest = rest.split('#').next().unwrap_or_default();
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let token = path.split('/').next().unwrap_or_default();
    if token.is_empty() {
        return Err(bad());
    }
    Ok((token.to_owned(), Params::from_query(Some(query))))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Cancel {
    #[serde(default)]
    invitee: Option<String>,
    #[serde(default)]
    event: Option<String>,
    #[serde(default = "host")]
    by: Canceler,
    #[serde(default)]
    reason: Option<String>,
}

fn host() -> Canceler {
    Canceler::Host
}

async fn cancel(State(app): State<Arc<App>>, JsonBody(c): JsonBody<Cancel>) -> Answer {
    let now = app.clock.now();
    let invitee = {
        let mut store = app.store();
        match (c.invitee, c.event) {
            (Some(inv), None) => {
                let hooks = domain::cancel_invitee(&mut store, &inv, c.by, c.reason, now)?;
                domain::fire(&app, &mut store, hooks);
                inv
            }
            (None, Some(ev)) => {
                let (_, hooks) = domain::cancel_event(&mut store, &ev, c.by, c.reason, now)?;
                let first = hooks.first().map(|h| h.payload.invitee.uri.clone());
                domain::fire(&app, &mut store, hooks);
                first.unwrap_or_default()
            }
            _ => {
                return Err(ApiError::invalid(
                    Some("invitee"),
                    "give exactly one of invitee and event",
                ))
            }
        }
    };
    Ok(Json(invitee_and_event(&app, &invitee)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Reschedule {
    invitee: String,
    #[serde(default)]
    start_time: Option<String>,
    #[serde(default)]
    reason: Option<String>,
}

async fn reschedule(State(app): State<Arc<App>>, JsonBody(r): JsonBody<Reschedule>) -> Answer {
    let start = time_field("start_time", r.start_time.as_deref())?;
    let now = app.clock.now();
    let new_uri = {
        let mut store = app.store();
        let (idx, hooks) =
            domain::reschedule(&mut store, &app.base_url, &r.invitee, start, r.reason, now)?;
        domain::fire(&app, &mut store, hooks);
        store.invitees[idx].uri.clone()
    };
    let mut out = invitee_and_event(&app, &new_uri);
    out["old_invitee"] = invitee_and_event(&app, &r.invitee)["invitee"].clone();
    Ok(Json(out))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InviteeRef {
    invitee: String,
}

async fn no_show(
    State(app): State<Arc<App>>,
    JsonBody(r): JsonBody<InviteeRef>,
) -> Result<Response, ApiError> {
    let now = app.clock.now();
    let mut store = app.store();
    let (ns, hooks) = domain::mark_no_show(&mut store, &app.base_url, &r.invitee, now)?;
    domain::fire(&app, &mut store, hooks);
    Ok(created(json!({ "no_show": ns })))
}

async fn unmark_no_show(State(app): State<Arc<App>>, JsonBody(r): JsonBody<InviteeRef>) -> Answer {
    let now = app.clock.now();
    let mut store = app.store();
    let uri = store
        .no_shows
        .iter()
        .find(|n| n.invitee == r.invitee)
        .map(|n| n.uri.clone())
        .ok_or_else(ApiError::not_found)?;
    let hooks = domain::unmark_no_show(&mut store, &uri, now)?;
    domain::fire(&app, &mut store, hooks);
    Ok(Json(json!({ "deleted": uri })))
}

async fn clock_now(State(app): State<Arc<App>>) -> Json<Value> {
    Json(json!({
        "now": clock::format(app.clock.now()),
        "offset_seconds": app.clock.offset().whole_seconds(),
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Advance {
    seconds: i64,
}

async fn advance(State(app): State<Arc<App>>, JsonBody(a): JsonBody<Advance>) -> Answer {
    if !(0..=10 * 365 * 86_400).contains(&a.seconds) {
        return Err(ApiError::invalid(
            Some("seconds"),
            "must be between 0 and ten years",
        ));
    }
    app.clock.advance(time::Duration::seconds(a.seconds));
    Ok(clock_now(State(app)).await)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SetPlan {
    plan: Plan,
}

async fn plan(State(app): State<Arc<App>>, JsonBody(p): JsonBody<SetPlan>) -> Answer {
    app.store().plan = p.plan;
    Ok(Json(
        json!({ "plan": p.plan, "rate_limit": app.rate_limit(p.plan) }),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SetAuthorize {
    mode: AuthorizeMode,
    /// Grant this scope instead of the requested one (a user who unticks scopes).
    #[serde(default)]
    grant_scope: Option<String>,
    /// Who the authorize page is signed in as: `"first"` (default), `"second"` or a URI.
    #[serde(default)]
    user: Option<String>,
}

async fn authorize(State(app): State<Arc<App>>, JsonBody(a): JsonBody<SetAuthorize>) -> Answer {
    if let Some(s) = &a.grant_scope {
        if s.len() > 1024 || !valid_scope(s) {
            return Err(ApiError::invalid(
                Some("grant_scope"),
                "is not a valid scope list",
            ));
        }
    }
    let mut store = app.store();
    let user = user_index(&store, a.user.as_deref())?;
    store.authorize_mode = a.mode;
    store.grant_scope = a.grant_scope.clone();
    store.authorize_user = user;
    Ok(Json(json!({
        "mode": a.mode,
        "grant_scope": a.grant_scope,
        "user": store.users[user].model.uri,
    })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AddFault {
    kind: String,
    #[serde(default = "one")]
    count: u32,
    #[serde(default)]
    status: Option<u16>,
    #[serde(default)]
    delay_ms: Option<u64>,
}

fn one() -> u32 {
    1
}

async fn faults(State(app): State<Arc<App>>) -> Json<Value> {
    Json(serde_json::to_value(&app.store().faults).unwrap_or(Value::Null))
}

async fn add_fault(State(app): State<Arc<App>>, JsonBody(f): JsonBody<AddFault>) -> Answer {
    if !(1..=1000).contains(&f.count) {
        return Err(ApiError::invalid(
            Some("count"),
            "must be between 1 and 1000",
        ));
    }
    let request_fault = match f.kind.as_str() {
        "error" => {
            let status = f.status.unwrap_or(503);
            if !(500..=599).contains(&status) {
                return Err(ApiError::invalid(Some("status"), "must be a 5xx status"));
            }
            Some(RequestFault::Error { status })
        }
        "rate_limit" => Some(RequestFault::RateLimit),
        "slow" => {
            let delay_ms = f.delay_ms.unwrap_or(1000);
            if delay_ms > 60_000 {
                return Err(ApiError::invalid(Some("delay_ms"), "must be at most 60000"));
            }
            Some(RequestFault::Slow { delay_ms })
        }
        "duplicate_delivery" | "swap_delivery_order" => None,
        _ => {
            return Err(ApiError::invalid(
                Some("kind"),
                "must be error, rate_limit, slow, duplicate_delivery or swap_delivery_order",
            ))
        }
    };
    let mut store = app.store();
    match request_fault {
        Some(rf) => {
            for _ in 0..f.count {
                store.faults.requests.push_back(rf.clone());
            }
        }
        None if f.kind == "duplicate_delivery" => store.faults.duplicate_deliveries += f.count,
        None => store.faults.swap_deliveries += f.count,
    }
    Ok(Json(
        serde_json::to_value(&store.faults).unwrap_or(Value::Null),
    ))
}

async fn clear_faults(State(app): State<Arc<App>>) -> Answer {
    let mut store = app.store();
    store.faults = Default::default();
    Ok(Json(
        serde_json::to_value(&store.faults).unwrap_or(Value::Null),
    ))
}

async fn deliveries(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Answer {
    let p = Params::from_query(q.as_deref());
    let event = p.get("event")?;
    let sub = p.get("subscription")?;
    let store = app.store();
    let list: Vec<_> = store
        .delivery_log
        .iter()
        .filter(|d| event.is_none_or(|e| d.event == e))
        .filter(|d| sub.is_none_or(|s| d.subscription == s))
        .collect();
    Ok(Json(json!({ "deliveries": list })))
}

async fn subscriptions(State(app): State<Arc<App>>) -> Json<Value> {
    Json(json!({ "subscriptions": app.store().subscriptions }))
}

async fn links(State(app): State<Arc<App>>) -> Json<Value> {
    let store = app.store();
    let links: Vec<_> = store
        .links
        .values()
        .map(|l| json!({ "booking_url": l.booking_url, "owner": l.owner, "spent": l.spent }))
        .collect();
    Json(json!({ "scheduling_links": links }))
}

/// Counters for tests, e.g. that a client refreshed exactly once.
async fn stats(State(app): State<Arc<App>>) -> Json<Value> {
    Json(serde_json::to_value(&app.store().stats).unwrap_or(Value::Null))
}

/// Zeroes every counter, so a test can count the calls of one step.
async fn reset_stats(State(app): State<Arc<App>>) -> Json<Value> {
    let mut store = app.store();
    store.stats = Stats::default();
    Json(serde_json::to_value(&store.stats).unwrap_or(Value::Null))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventTypeRef {
    event_type: String,
}

fn event_type_index(store: &Store, uri: &str) -> Result<usize, ApiError> {
    store
        .event_types
        .iter()
        .position(|e| e.model.uri == uri)
        .ok_or_else(ApiError::not_found)
}

/// Turns an event type off, as its owner can in Calendly: no longer listed as active, no
/// new bookings, no new links; its page answers 404.
async fn deactivate_event_type(
    State(app): State<Arc<App>>,
    JsonBody(r): JsonBody<EventTypeRef>,
) -> Answer {
    let now = app.clock.now();
    let mut store = app.store();
    let i = event_type_index(&store, &r.event_type)?;
    let et = &mut store.event_types[i].model;
    if et.active {
        et.active = false;
        et.updated_at = now;
    }
    Ok(Json(json!({ "event_type": et })))
}

/// Deletes an event type: it is gone from the API; scheduled events keep its URI.
async fn delete_event_type(
    State(app): State<Arc<App>>,
    JsonBody(r): JsonBody<EventTypeRef>,
) -> Answer {
    let mut store = app.store();
    let i = event_type_index(&store, &r.event_type)?;
    let gone = store.event_types.remove(i);
    Ok(Json(json!({ "deleted": gone.model.uri })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdateUser {
    /// `"first"` (default), `"second"` or a user URI.
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    email: Option<String>,
    /// `"new"` moves the user to a freshly made organization.
    #[serde(default)]
    organization: Option<String>,
}

/// Changes a user's account as they (or an admin) could in Calendly: rename, new e-mail,
/// or a move to another organization, which changes `current_organization`.
async fn update_user(State(app): State<Arc<App>>, JsonBody(u): JsonBody<UpdateUser>) -> Answer {
    if u.name.is_none() && u.email.is_none() && u.organization.is_none() {
        return Err(ApiError::invalid(
            None,
            "give at least one of name, email and organization",
        ));
    }
    let name = u.name.as_deref().map(str::trim);
    if let Some(n) = name {
        if n.is_empty() {
            return Err(ApiError::invalid(Some("name"), "is required"));
        }
        domain::check_text("name", n, domain::MAX_FIELD)?;
    }
    let email = u.email.as_deref().map(str::trim);
    if email.is_some_and(|e| !domain::valid_email(e)) {
        return Err(ApiError::invalid(
            Some("email"),
            "is not a valid e-mail address",
        ));
    }
    if u.organization.as_deref().is_some_and(|o| o != "new") {
        return Err(ApiError::invalid(Some("organization"), "must be \"new\""));
    }
    let now = app.clock.now();
    let mut store = app.store();
    let i = user_index(&store, u.user.as_deref())?;
    if u.organization.is_some() {
        let uri = format!("{}/organizations/{}", app.base_url, ids::short_id());
        store.organizations.push(OrgRecord {
            uri: uri.clone(),
            created_at: now,
            updated_at: now,
        });
        store.users[i].model.current_organization = uri;
    }
    let user = &mut store.users[i].model;
    if let Some(n) = name {
        user.name = n.to_owned();
    }
    if let Some(e) = email {
        user.email = e.to_owned();
    }
    user.updated_at = now;
    let user = user.clone();
    // Event types show their owner's current name.
    for et in store.event_types.iter_mut().filter(|e| e.owner == user.uri) {
        if let Some(p) = et.model.profile.as_mut() {
            p.name = user.name.clone();
        }
    }
    Ok(Json(json!({ "user": user })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SubscriptionRef {
    subscription: String,
}

/// Disables a subscription the way Calendly does after failed retries: silently, with
/// `state: "disabled"`; it receives nothing more.
async fn disable_subscription(
    State(app): State<Arc<App>>,
    JsonBody(r): JsonBody<SubscriptionRef>,
) -> Answer {
    let now = app.clock.now();
    let mut store = app.store();
    let sub = store
        .subscriptions
        .iter_mut()
        .find(|s| s.uri == r.subscription)
        .ok_or_else(ApiError::not_found)?;
    if sub.state != "disabled" {
        sub.state = "disabled".into();
        sub.updated_at = now;
    }
    Ok(Json(json!({ "subscription": sub })))
}
