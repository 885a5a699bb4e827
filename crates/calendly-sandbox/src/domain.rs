//! What happens in the Calendly world: bookings (group event types fill a slot up to their
//! limit), cancellations, reschedules and no-shows.
//! Each operation changes the store and returns the webhook events it fires; the caller
//! hands them to [`fire`] while still holding the lock, so deliveries keep event order.

use crate::clock;
use crate::delivery::{DeliveryRecord, DeliveryState, Job};
use crate::ids;
use crate::model::{
    Cancellation, Event, EventMembership, Guest, Invitee, InviteeNoShow, InviteesCounter, Location,
    NoShowRef, QuestionAndAnswer, Tracking, WebhookEnvelope, WebhookInvitee,
};
use crate::routes::ApiError;
use crate::state::{self, App, Store};
use time::{Duration, OffsetDateTime};

/// Webhook event names the sandbox fires.
pub const INVITEE_CREATED: &str = "invitee.created";
pub const INVITEE_CANCELED: &str = "invitee.canceled";
pub const NO_SHOW_CREATED: &str = "invitee_no_show.created";
pub const NO_SHOW_DELETED: &str = "invitee_no_show.deleted";
/// Every event a subscription may name.
pub const WEBHOOK_EVENTS: &[&str] = &[
    INVITEE_CREATED,
    INVITEE_CANCELED,
    NO_SHOW_CREATED,
    NO_SHOW_DELETED,
    "routing_form_submission.created",
];

/// A webhook event about to be delivered.
pub struct Hook {
    pub event: &'static str,
    pub payload: WebhookInvitee,
}

/// Longest name, e-mail, answer or tracking value accepted (Calendly's form limits).
pub const MAX_FIELD: usize = 255;
const MAX_ANSWER: usize = 10_000;

/// A booking request, from the booking page, the control API or a reschedule.
#[derive(Debug, Clone, Default)]
pub struct BookRequest {
    pub event_type: String,
    pub name: String,
    pub email: String,
    pub start_time: Option<OffsetDateTime>,
    pub timezone: Option<String>,
    pub tracking: Tracking,
    pub questions_and_answers: Vec<QuestionAndAnswer>,
    pub guests: Vec<String>,
    pub old_invitee: Option<String>,
}

fn invalid(parameter: &str, message: &str) -> ApiError {
    ApiError::invalid(Some(parameter), message)
}

pub fn check_text(parameter: &str, value: &str, max: usize) -> Result<(), ApiError> {
    if value.chars().count() > max {
        return Err(invalid(parameter, "is too long"));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(invalid(parameter, "contains control characters"));
    }
    Ok(())
}

/// A plausible e-mail address: one `@`, something on both sides, no spaces.
pub fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Tracking values are short plain text, as Calendly's form fields are.
pub fn check_tracking(t: &Tracking) -> Result<(), ApiError> {
    for (p, v) in [
        ("utm_campaign", &t.utm_campaign),
        ("utm_source", &t.utm_source),
        ("utm_medium", &t.utm_medium),
        ("utm_content", &t.utm_content),
        ("utm_term", &t.utm_term),
        ("salesforce_uuid", &t.salesforce_uuid),
    ] {
        if let Some(v) = v {
            check_text(p, v, MAX_FIELD)?;
        }
    }
    Ok(())
}

fn validate(req: &BookRequest) -> Result<(), ApiError> {
    let name = req.name.trim();
    if name.is_empty() {
        return Err(invalid("name", "is required"));
    }
    check_text("name", name, MAX_FIELD)?;
    if !valid_email(req.email.trim()) {
        return Err(invalid("email", "is not a valid e-mail address"));
    }
    check_tracking(&req.tracking)?;
    if req.questions_and_answers.len() > 10 {
        return Err(invalid("questions_and_answers", "at most 10 answers"));
    }
    for qa in &req.questions_and_answers {
        check_text("questions_and_answers", &qa.question, MAX_FIELD)?;
        check_text("questions_and_answers", &qa.answer, MAX_ANSWER)?;
    }
    if req.guests.len() > 10 || req.guests.iter().any(|g| !valid_email(g)) {
        return Err(invalid(
            "guests",
            "must be at most 10 valid e-mail addresses",
        ));
    }
    if let Some(tz) = &req.timezone {
        check_text("timezone", tz, 64)?;
    }
    Ok(())
}

/// Whether an active event of `host` other than `except` overlaps `start..end`.
fn overlaps(
    store: &Store,
    host: &str,
    start: OffsetDateTime,
    end: OffsetDateTime,
    except: Option<&str>,
) -> bool {
    store.events.iter().any(|e| {
        e.status == "active"
            && state::host(e) == host
            && Some(e.uri.as_str()) != except
            && e.start_time < end
            && start < e.end_time
    })
}

/// The first slot of `host` free a day or more after `now`, on the hour.
fn next_free_slot(
    store: &Store,
    host: &str,
    now: OffsetDateTime,
    minutes: u32,
    except: Option<&str>,
) -> OffsetDateTime {
    let len = Duration::minutes(i64::from(minutes));
    let day_ahead = now + Duration::days(1);
    let mut start = day_ahead
        .replace_nanosecond(0)
        .and_then(|t| t.replace_second(0))
        .and_then(|t| t.replace_minute(0))
        .unwrap_or(day_ahead)
        + Duration::hours(1);
    while overlaps(store, host, start, start + len, except) {
        start += len;
    }
    start
}

/// Books a meeting: creates the scheduled event and its invitee, or, for a group event
/// type, adds the invitee to the active event already at that exact time.
/// Returns the invitee's index and the `invitee.created` hook.
pub fn book(
    store: &mut Store,
    base: &str,
    now: OffsetDateTime,
    req: BookRequest,
) -> Result<(usize, Vec<Hook>), ApiError> {
    validate(&req)?;
    let et = store
        .event_type(&req.event_type)
        .ok_or_else(|| invalid("event_type", "is not an event type of this account"))?
        .clone();
    if !et.model.active {
        return Err(invalid("event_type", "is not active"));
    }
    let host = store
        .user(&et.owner)
        .cloned()
        .ok_or_else(|| invalid("event_type", "is not an event type of this account"))?;
    if req.start_time.is_some_and(|s| s <= now) {
        return Err(invalid("start_time", "must be in the future"));
    }
    let open_slot = match req.start_time {
        Some(s) if et.model.kind == "group" => store.events.iter().position(|e| {
            e.status == "active" && e.event_type == et.model.uri && e.start_time == s
        }),
        _ => None,
    };
    let event_uri = match open_slot {
        Some(e) => join_group_event(store, e, &req.guests, now)?,
        None => {
            let len = Duration::minutes(i64::from(et.model.duration));
            // A reschedule may overlap the meeting it replaces.
            let replaced = req
                .old_invitee
                .as_deref()
                .and_then(|uri| store.invitee_index(uri))
                .map(|i| store.invitees[i].event.clone());
            let except = replaced.as_deref();
            let start = match req.start_time {
                Some(s) if overlaps(store, &host.uri, s, s + len, except) => {
                    return Err(invalid("start_time", "this time is no longer available"))
                }
                Some(s) => s,
                None => next_free_slot(store, &host.uri, now, et.model.duration, except),
            };
            let event_uuid = ids::uuid();
            let event_uri = format!("{base}/scheduled_events/{event_uuid}");
            let location = et
                .location
                .clone()
                .map(|l| with_join_url(l, base, &event_uuid));
            store.events.push(Event {
                uri: event_uri.clone(),
                name: et.model.name.clone(),
                meeting_notes_plain: None,
                meeting_notes_html: None,
                status: "active".into(),
                start_time: start,
                end_time: start + len,
                event_type: et.model.uri.clone(),
                location,
                invitees_counter: InviteesCounter {
                    total: 1,
                    active: 1,
                    limit: et.max_invitees,
                },
                created_at: now,
                updated_at: now,
                event_memberships: vec![EventMembership {
                    user: host.uri.clone(),
                    user_email: host.email.clone(),
                    user_name: host.name.clone(),
                }],
                event_guests: req.guests.iter().map(|g| guest(g, now)).collect(),
                cancellation: None,
                calendar_event: None,
            });
            event_uri
        }
    };
    let invitee_uuid = ids::uuid();
    let name = req.name.trim().to_owned();
    let (first_name, last_name) = match name.split_once(' ') {
        Some((f, l)) => (Some(f.to_owned()), Some(l.trim().to_owned())),
        None => (None, None),
    };
    let invitee = Invitee {
        uri: format!("{event_uri}/invitees/{invitee_uuid}"),
        email: req.email.trim().to_owned(),
        first_name,
        last_name,
        name,
        status: "active".into(),
        questions_and_answers: req.questions_and_answers,
        timezone: Some(req.timezone.unwrap_or(host.timezone)),
        event: event_uri,
        created_at: now,
        updated_at: now,
        tracking: req.tracking,
        text_reminder_number: None,
        rescheduled: false,
        old_invitee: req.old_invitee,
        new_invitee: None,
        cancel_url: format!("{base}/cancellations/{invitee_uuid}"),
        reschedule_url: format!("{base}/reschedulings/{invitee_uuid}"),
        routing_form_submission: None,
        cancellation: None,
        payment: None,
        no_show: None,
        reconfirmation: None,
        scheduling_method: None,
        invitee_scheduled_by: None,
    };
    store.invitees.push(invitee);
    let idx = store.invitees.len() - 1;
    let hook = hook(store, INVITEE_CREATED, idx);
    Ok((idx, hook.into_iter().collect()))
}

fn guest(email: &str, now: OffsetDateTime) -> Guest {
    Guest {
        email: email.to_owned(),
        created_at: now,
        updated_at: now,
    }
}

/// Adds one invitee to group event `e`; refused when its spots are taken, as Calendly no
/// longer offers a full slot.
fn join_group_event(
    store: &mut Store,
    e: usize,
    guests: &[String],
    now: OffsetDateTime,
) -> Result<String, ApiError> {
    let ev = &mut store.events[e];
    if ev.invitees_counter.active >= ev.invitees_counter.limit {
        return Err(invalid("start_time", "no spots are left at this time"));
    }
    ev.invitees_counter.total += 1;
    ev.invitees_counter.active += 1;
    ev.updated_at = now;
    for g in guests {
        if !ev.event_guests.iter().any(|x| &x.email == g) {
            ev.event_guests.push(guest(g, now));
        }
    }
    Ok(ev.uri.clone())
}

/// Conference locations get a join URL per meeting, as Calendly creates one per booking.
fn with_join_url(location: Location, base: &str, event_uuid: &str) -> Location {
    let url = Some(format!("{base}/meet/{event_uuid}"));
    match location {
        Location::ZoomConference { data, .. } => Location::ZoomConference {
            status: "pushed".into(),
            join_url: url,
            data,
        },
        Location::GoogleConference { .. } => Location::GoogleConference {
            status: "pushed".into(),
            join_url: url,
        },
        Location::MicrosoftTeamsConference { data, .. } => Location::MicrosoftTeamsConference {
            status: "pushed".into(),
            join_url: url,
            data,
        },
        other => other,
    }
}

fn hook(store: &Store, event: &'static str, invitee_idx: usize) -> Option<Hook> {
    let invitee = store.invitees.get(invitee_idx)?.clone();
    let scheduled_event = store.events[store.event_index(&invitee.event)?].clone();
    Some(Hook {
        event,
        payload: WebhookInvitee {
            canceled: invitee.status == "canceled",
            invitee,
            scheduled_event,
        },
    })
}

/// Who cancels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Canceler {
    Host,
    Invitee,
}

/// The current name of the host of event `event_uri`.
fn host_name(store: &Store, event_uri: &str) -> String {
    let Some(ev) = store.event_index(event_uri).map(|e| &store.events[e]) else {
        return String::new();
    };
    store.user(state::host(ev)).map_or_else(
        || {
            ev.event_memberships
                .first()
                .map(|m| m.user_name.clone())
                .unwrap_or_default()
        },
        |u| u.name.clone(),
    )
}

fn cancellation(
    store: &Store,
    idx: usize,
    by: Canceler,
    reason: Option<String>,
    now: OffsetDateTime,
) -> Cancellation {
    let (canceled_by, canceler_type) = match by {
        Canceler::Host => (host_name(store, &store.invitees[idx].event), "host"),
        Canceler::Invitee => (store.invitees[idx].name.clone(), "invitee"),
    };
    Cancellation {
        canceled_by,
        reason,
        canceler_type: canceler_type.into(),
        created_at: now,
    }
}

/// Cancels one active invitee; the event is canceled with its last active invitee.
fn cancel_at(
    store: &mut Store,
    idx: usize,
    by: Canceler,
    reason: Option<String>,
    now: OffsetDateTime,
    new_invitee: Option<String>,
) -> Vec<Hook> {
    let c = cancellation(store, idx, by, reason, now);
    {
        let inv = &mut store.invitees[idx];
        inv.status = "canceled".into();
        inv.updated_at = now;
        inv.rescheduled = new_invitee.is_some();
        inv.new_invitee = new_invitee;
        inv.cancellation = Some(c.clone());
    }
    let event_uri = store.invitees[idx].event.clone();
    if let Some(e) = store.event_index(&event_uri) {
        let ev = &mut store.events[e];
        ev.invitees_counter.active = ev.invitees_counter.active.saturating_sub(1);
        ev.updated_at = now;
        if ev.invitees_counter.active == 0 {
            ev.status = "canceled".into();
            ev.cancellation = Some(c);
        }
    }
    hook(store, INVITEE_CANCELED, idx).into_iter().collect()
}

fn active_invitee(store: &Store, uri: &str) -> Result<usize, ApiError> {
    let idx = store.invitee_index(uri).ok_or_else(ApiError::not_found)?;
    if store.invitees[idx].status != "active" {
        return Err(ApiError::forbidden("Invitee is already canceled"));
    }
    Ok(idx)
}

/// Cancels one invitee (the invitee's own cancel link, or the host).
pub fn cancel_invitee(
    store: &mut Store,
    uri: &str,
    by: Canceler,
    reason: Option<String>,
    now: OffsetDateTime,
) -> Result<Vec<Hook>, ApiError> {
    if let Some(r) = &reason {
        check_text("reason", r, MAX_ANSWER)?;
    }
    let idx = active_invitee(store, uri)?;
    Ok(cancel_at(store, idx, by, reason, now, None))
}

/// Cancels a whole event as `POST /scheduled_events/{uuid}/cancellation` does.
pub fn cancel_event(
    store: &mut Store,
    event_uri: &str,
    by: Canceler,
    reason: Option<String>,
    now: OffsetDateTime,
) -> Result<(Cancellation, Vec<Hook>), ApiError> {
    if let Some(r) = &reason {
        check_text("reason", r, MAX_ANSWER)?;
    }
    let e = store
        .event_index(event_uri)
        .ok_or_else(ApiError::not_found)?;
    if store.events[e].status == "canceled" {
        return Err(ApiError::forbidden("Event is already canceled"));
    }
    if store.events[e].start_time <= now {
        return Err(ApiError::forbidden("Event in the past"));
    }
    let active: Vec<usize> = (0..store.invitees.len())
        .filter(|&i| store.invitees[i].event == event_uri && store.invitees[i].status == "active")
        .collect();
    let mut hooks = Vec::new();
    for i in active {
        hooks.extend(cancel_at(store, i, by, reason.clone(), now, None));
    }
    let c = match store.events[e].cancellation.clone() {
        Some(c) => c,
        None => {
            let c = Cancellation {
                canceled_by: host_name(store, event_uri),
                reason,
                canceler_type: "host".into(),
                created_at: now,
            };
            let ev = &mut store.events[e];
            ev.status = "canceled".into();
            ev.updated_at = now;
            ev.cancellation = Some(c.clone());
            c
        }
    };
    Ok((c, hooks))
}

/// Moves an invitee to a new time: the old invitee is canceled with `rescheduled: true`
/// and `new_invitee`, the new one carries `old_invitee`. Fires both events.
pub fn reschedule(
    store: &mut Store,
    base: &str,
    uri: &str,
    start_time: Option<OffsetDateTime>,
    reason: Option<String>,
    now: OffsetDateTime,
) -> Result<(usize, Vec<Hook>), ApiError> {
    let idx = active_invitee(store, uri)?;
    let old = store.invitees[idx].clone();
    let e = store
        .event_index(&old.event)
        .ok_or_else(ApiError::not_found)?;
    let old_start = store.events[e].start_time;
    let minutes =
        u32::try_from((store.events[e].end_time - old_start).whole_minutes()).unwrap_or(30);
    let host = state::host(&store.events[e]).to_owned();
    let start_time = start_time.or_else(|| {
        Some(next_free_slot(
            store,
            &host,
            old_start.max(now),
            minutes,
            Some(&old.event),
        ))
    });
    let req = BookRequest {
        event_type: store.events[e].event_type.clone(),
        name: old.name.clone(),
        email: old.email.clone(),
        start_time,
        timezone: old.timezone.clone(),
        tracking: old.tracking.clone(),
        questions_and_answers: old.questions_and_answers.clone(),
        guests: store.events[e]
            .event_guests
            .iter()
            .map(|g| g.email.clone())
            .collect(),
        old_invitee: Some(old.uri.clone()),
    };
    let (new_idx, created) = book(store, base, now, req)?;
    let new_uri = store.invitees[new_idx].uri.clone();
    let mut hooks = cancel_at(store, idx, Canceler::Invitee, reason, now, Some(new_uri));
    hooks.extend(created);
    Ok((new_idx, hooks))
}

/// Marks an invitee as a no-show.
pub fn mark_no_show(
    store: &mut Store,
    base: &str,
    invitee_uri: &str,
    now: OffsetDateTime,
) -> Result<(InviteeNoShow, Vec<Hook>), ApiError> {
    let idx = store
        .invitee_index(invitee_uri)
        .ok_or_else(|| invalid("invitee", "is not an invitee of this account"))?;
    if store.invitees[idx].no_show.is_some() {
        return Err(invalid("invitee", "is already marked as a no-show"));
    }
    let ns = InviteeNoShow {
        uri: format!("{base}/invitee_no_shows/{}", ids::uuid()),
        invitee: invitee_uri.to_owned(),
        created_at: now,
    };
    let inv = &mut store.invitees[idx];
    inv.no_show = Some(NoShowRef {
        uri: ns.uri.clone(),
        created_at: now,
    });
    inv.updated_at = now;
    store.no_shows.push(ns.clone());
    let hooks = hook(store, NO_SHOW_CREATED, idx).into_iter().collect();
    Ok((ns, hooks))
}

/// Removes a no-show mark by its URI.
pub fn unmark_no_show(
    store: &mut Store,
    no_show_uri: &str,
    now: OffsetDateTime,
) -> Result<Vec<Hook>, ApiError> {
    let pos = store
        .no_shows
        .iter()
        .position(|n| n.uri == no_show_uri)
        .ok_or_else(ApiError::not_found)?;
    let ns = store.no_shows.remove(pos);
    let mut hooks = Vec::new();
    if let Some(idx) = store.invitee_index(&ns.invitee) {
        let inv = &mut store.invitees[idx];
        inv.no_show = None;
        inv.updated_at = now;
        hooks.extend(hook(store, NO_SHOW_DELETED, idx));
    }
    Ok(hooks)
}

/// Queues deliveries of `hooks` to every active subscription that asked for them: the
/// host's own user-scope subscriptions and those of the host's organization. A subscription
/// made in an organization the host has since left gets nothing.
pub fn fire(app: &App, store: &mut Store, hooks: Vec<Hook>) {
    let now = app.clock.now();
    for h in hooks {
        let copies = if store.faults.duplicate_deliveries > 0 {
            store.faults.duplicate_deliveries -= 1;
            2
        } else {
            1
        };
        let host = state::host(&h.payload.scheduled_event);
        let org = store.org_of(host);
        let targets: Vec<_> = store
            .subscriptions
            .iter()
            .filter(|s| s.state == "active" && s.events.iter().any(|e| e == h.event))
            .filter(|s| Some(s.organization.as_str()) == org)
            .filter(|s| s.scope == "organization" || s.user.as_deref() == Some(host))
            .map(|s| {
                (
                    s.uri.clone(),
                    s.callback_url.clone(),
                    s.creator.clone().unwrap_or_else(|| host.to_owned()),
                )
            })
            .collect();
        for (sub, url, created_by) in targets {
            let envelope = WebhookEnvelope {
                event: h.event.to_owned(),
                created_at: now,
                created_by,
                payload: h.payload.clone(),
            };
            let Ok(body) = serde_json::to_vec(&envelope) else {
                continue;
            };
            for copy in 0..copies {
                let id = store.next_delivery_id;
                store.next_delivery_id += 1;
                store.delivery_log.push(DeliveryRecord {
                    id,
                    event: h.event.to_owned(),
                    subscription: sub.clone(),
                    callback_url: url.clone(),
                    invitee: h.payload.invitee.uri.clone(),
                    duplicate: copy > 0,
                    created_at: clock::format(now),
                    state: DeliveryState::Pending,
                    attempts: Vec::new(),
                });
                let job = Job {
                    id,
                    subscription: sub.clone(),
                    url: url.clone(),
                    body: body.clone().into(),
                };
                if app.deliveries.send(job).is_err() {
                    tracing::warn!(id, "delivery worker is gone; webhook dropped");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(valid_email("a@b.co"));
        assert!(!valid_email("a@b"));
        assert!(!valid_email("@b.co"));
        assert!(!valid_email("a b@c.co"));
        assert!(!valid_email("a@@b.co"));
        assert!(!valid_email("a@b.co\n"));
    }
}
