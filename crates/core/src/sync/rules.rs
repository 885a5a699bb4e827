//! The apply rules, pure: given what the store holds for one invitee and a change, what the
//! row becomes and what happened. No I/O here, so every rule is unit-tested on its own.
//!
//! - An older change never overwrites a newer state ([`Order`]); an equal one changes
//!   nothing, except that a cancellation beats a creation.
//! - A canceled invitee stays canceled: Calendly never reactivates one, so a booking that
//!   arrives after its cancellation does not resurrect the meeting.
//! - No-show marks always apply; only no-show events and reconcile speak for them.
//! - Reschedule links (`rescheduled_from` / `rescheduled_to`) are never lost once known.

use jiff::Timestamp;

use super::incoming::{InviteeState, Order, Source};
use crate::model::{Id, MeetingStatus, QuestionAnswer};

/// The owner of a meeting whose Calendly user is not known yet (an unbound inbox and a
/// payload that names no creator or host).
pub const UNKNOWN_OWNER: &str = "unknown";

/// A `meetings` row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRecord {
    pub invitee_uri: String,
    pub event_uri: String,
    pub event_type_uri: Option<String>,
    pub event_type_name: Option<String>,
    pub name: Option<String>,
    pub start_time: Timestamp,
    pub end_time: Timestamp,
    pub location_type: Option<String>,
    pub location: Option<String>,
    pub join_url: Option<String>,
    pub status: MeetingStatus,
    pub canceled_at: Option<Timestamp>,
    pub canceled_by: Option<String>,
    pub canceler_type: Option<String>,
    pub cancel_reason: Option<String>,
    pub rescheduled_from: Option<String>,
    pub rescheduled_to: Option<String>,
    pub no_show: bool,
    pub no_show_uri: Option<String>,
    pub questions_and_answers: Vec<QuestionAnswer>,
    pub invitee_name: Option<String>,
    pub invitee_email: Option<String>,
    pub invitee_timezone: Option<String>,
    pub tracking: Vec<(String, String)>,
    pub calendly_user: String,
    pub client_id: Option<Id>,
    pub quote_id: Option<Id>,
    pub invoice_id: Option<Id>,
    pub order: Order,
    pub event_updated_at: Option<Timestamp>,
}

/// What applying a change did, for the timeline, notifications and the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// A new meeting was booked.
    Booked,
    /// The new half of a reschedule.
    Rescheduled,
    /// The old half of a reschedule: this meeting moved to another.
    Moved,
    Canceled,
    NoShowMarked,
    NoShowCleared,
    /// Details changed (location, answers, …) without a change of state.
    Updated,
    /// Older than what the store holds.
    Stale,
    /// Changes nothing.
    Unchanged,
}

impl Effect {
    /// Whether the row must be written.
    pub fn writes(self) -> bool {
        !matches!(self, Effect::Stale | Effect::Unchanged)
    }
}

/// Applies an invitee change to the stored row (`None`: not seen before).
pub fn apply_invitee(
    stored: Option<&MeetingRecord>,
    state: &InviteeState,
    order: Order,
    source: Source,
    calendly_user: &str,
) -> (Option<MeetingRecord>, Effect) {
    let Some(stored) = stored else {
        let record = new_record(state, order, calendly_user);
        let effect = match (record.status, state.rescheduled) {
            (MeetingStatus::Canceled, true) => Effect::Moved,
            (MeetingStatus::Canceled, false) => Effect::Canceled,
            _ if record.rescheduled_from.is_some() => Effect::Rescheduled,
            _ => Effect::Booked,
        };
        return (Some(record), effect);
    };
    let cancels =
        stored.status == MeetingStatus::Scheduled && state.status == MeetingStatus::Canceled;
    // On an equal `updated_at` a cancellation wins whatever the envelope and sequence say.
    let tie_cancel = cancels && order.updated_at == stored.order.updated_at;
    // Reconcile reads the event too: a changed event (place, link, time) is news even
    // when the invitee's own `updated_at` did not move.
    let event_newer = source == Source::Reconciled
        && state.event_updated_at.is_some()
        && state.event_updated_at > stored.event_updated_at;
    if !(order > stored.order || tie_cancel || event_newer) {
        // Reconcile still speaks for the no-show mark, which does not move `updated_at`.
        if source == Source::Reconciled {
            if let Some((marked, uri)) = &state.no_show {
                return apply_no_show(Some(stored), *marked, uri.clone());
            }
        }
        // A late half of a reschedule still tells where the meeting came from or went.
        let from = state
            .old_invitee
            .clone()
            .filter(|_| stored.rescheduled_from.is_none());
        let to = state
            .new_invitee
            .clone()
            .filter(|_| state.status == MeetingStatus::Canceled && stored.rescheduled_to.is_none());
        if from.is_some() || to.is_some() {
            let mut next = stored.clone();
            next.rescheduled_from = next.rescheduled_from.or(from);
            next.rescheduled_to = next.rescheduled_to.or(to);
            return (Some(next), Effect::Updated);
        }
        let effect = if order < stored.order {
            Effect::Stale
        } else {
            Effect::Unchanged
        };
        return (None, effect);
    }
    let mut next = new_record(state, order.max(stored.order), calendly_user);
    next.client_id = stored.client_id;
    next.quote_id = stored.quote_id;
    next.invoice_id = stored.invoice_id;
    // A meeting keeps its account; one stored before its owner was known learns it now.
    if stored.calendly_user != UNKNOWN_OWNER {
        next.calendly_user = stored.calendly_user.clone();
    }
    next.rescheduled_from = next
        .rescheduled_from
        .or_else(|| stored.rescheduled_from.clone());
    next.rescheduled_to = next
        .rescheduled_to
        .or_else(|| stored.rescheduled_to.clone());
    if next.event_type_name.is_none() {
        next.event_type_name = stored.event_type_name.clone();
    }
    if source != Source::Reconciled || state.no_show.is_none() {
        next.no_show = stored.no_show;
        next.no_show_uri = stored.no_show_uri.clone();
    }
    if stored.status == MeetingStatus::Canceled && next.status == MeetingStatus::Scheduled {
        next.status = MeetingStatus::Canceled;
        next.canceled_at = stored.canceled_at;
        next.canceled_by = stored.canceled_by.clone();
        next.canceler_type = stored.canceler_type.clone();
        next.cancel_reason = stored.cancel_reason.clone();
    }
    let effect = if cancels {
        if next.rescheduled_to.is_some() || state.rescheduled {
            Effect::Moved
        } else {
            Effect::Canceled
        }
    } else if next.no_show != stored.no_show {
        if next.no_show {
            Effect::NoShowMarked
        } else {
            Effect::NoShowCleared
        }
    } else if same_content(stored, &next) {
        Effect::Unchanged
    } else {
        Effect::Updated
    };
    (Some(next), effect)
}

/// Applies a no-show mark or its removal; they always apply.
pub fn apply_no_show(
    stored: Option<&MeetingRecord>,
    marked: bool,
    no_show_uri: Option<String>,
) -> (Option<MeetingRecord>, Effect) {
    let Some(stored) = stored else {
        return (None, Effect::Stale);
    };
    if stored.no_show == marked
        && (!marked || no_show_uri.is_none() || stored.no_show_uri == no_show_uri)
    {
        return (None, Effect::Unchanged);
    }
    let mut next = stored.clone();
    next.no_show = marked;
    next.no_show_uri = if marked {
        no_show_uri.or(next.no_show_uri)
    } else {
        None
    };
    let effect = match (stored.no_show, marked) {
        (false, true) => Effect::NoShowMarked,
        (true, false) => Effect::NoShowCleared,
        _ => Effect::Updated,
    };
    (Some(next), effect)
}

/// A fresh row from a change; links to client, quote and invoice are the caller's.
pub fn new_record(state: &InviteeState, order: Order, calendly_user: &str) -> MeetingRecord {
    let (no_show, no_show_uri) = state.no_show.clone().unwrap_or((false, None));
    MeetingRecord {
        invitee_uri: state.invitee_uri.clone(),
        event_uri: state.event_uri.clone(),
        event_type_uri: state.event_type_uri.clone(),
        event_type_name: None,
        name: state.event_name.clone(),
        start_time: state.start_time,
        end_time: state.end_time,
        location_type: state.location_type.clone(),
        location: state.location.clone(),
        join_url: state.join_url.clone(),
        status: state.status,
        canceled_at: state.canceled_at,
        canceled_by: state.canceled_by.clone(),
        canceler_type: state.canceler_type.clone(),
        cancel_reason: state.cancel_reason.clone(),
        rescheduled_from: state.old_invitee.clone(),
        rescheduled_to: state
            .new_invitee
            .clone()
            .filter(|_| state.status == MeetingStatus::Canceled),
        no_show,
        no_show_uri,
        questions_and_answers: state.questions_and_answers.clone(),
        invitee_name: state.name.clone(),
        invitee_email: state.email.clone(),
        invitee_timezone: state.timezone.clone(),
        tracking: state.tracking.clone(),
        calendly_user: calendly_user.to_string(),
        client_id: None,
        quote_id: None,
        invoice_id: None,
        order,
        event_updated_at: state.event_updated_at,
    }
}

/// Equal apart from the bookkeeping of when and how it arrived.
fn same_content(a: &MeetingRecord, b: &MeetingRecord) -> bool {
    let strip = |r: &MeetingRecord| {
        let mut r = r.clone();
        r.order = Order {
            updated_at: Timestamp::UNIX_EPOCH,
            event_created_at: None,
            seq: None,
        };
        r.event_updated_at = None;
        r
    };
    strip(a) == strip(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER: &str = "https://api.calendly.com/users/HOST";

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn state(uri: &str, status: MeetingStatus) -> InviteeState {
        InviteeState {
            invitee_uri: uri.into(),
            event_uri: "https://api.calendly.com/scheduled_events/EV".into(),
            event_type_uri: Some("https://api.calendly.com/event_types/ET".into()),
            event_name: Some("Intro call".into()),
            start_time: at("2025-07-01T09:00:00Z"),
            end_time: at("2025-07-01T09:30:00Z"),
            location_type: Some("zoom_conference".into()),
            location: None,
            join_url: Some("https://zoom.example/j/1".into()),
            status,
            canceled_at: (status == MeetingStatus::Canceled).then(|| at("2025-06-20T10:00:00Z")),
            canceled_by: (status == MeetingStatus::Canceled).then(|| "Ann".to_string()),
            canceler_type: (status == MeetingStatus::Canceled).then(|| "invitee".to_string()),
            cancel_reason: None,
            rescheduled: false,
            old_invitee: None,
            new_invitee: None,
            no_show: None,
            questions_and_answers: Vec::new(),
            name: Some("Ann Example".into()),
            email: Some("ann@example.com".into()),
            timezone: Some("Europe/London".into()),
            tracking: Vec::new(),
            utm_content: None,
            event_updated_at: None,
            owner: None,
        }
    }

    fn order(updated: &str, created: Option<&str>, seq: Option<i64>) -> Order {
        Order {
            updated_at: at(updated),
            event_created_at: created.map(at),
            seq,
        }
    }

    fn booked(uri: &str) -> MeetingRecord {
        let (rec, effect) = apply_invitee(
            None,
            &state(uri, MeetingStatus::Scheduled),
            order(
                "2025-06-15T10:00:00Z",
                Some("2025-06-15T10:00:01Z"),
                Some(1),
            ),
            Source::Created,
            USER,
        );
        assert_eq!(effect, Effect::Booked);
        rec.unwrap()
    }

    #[test]
    fn a_new_booking_is_booked_and_keeps_its_user() {
        let rec = booked("I1");
        assert_eq!(rec.status, MeetingStatus::Scheduled);
        assert_eq!(rec.calendly_user, USER);
        assert!(!rec.no_show);
    }

    #[test]
    fn duplicates_change_nothing() {
        let rec = booked("I1");
        let (next, effect) = apply_invitee(
            Some(&rec),
            &state("I1", MeetingStatus::Scheduled),
            rec.order,
            Source::Created,
            USER,
        );
        assert_eq!((next, effect), (None, Effect::Unchanged));
    }

    #[test]
    fn an_older_event_never_overwrites_a_newer_state() {
        let mut rec = booked("I1");
        rec.order = order("2025-06-16T00:00:00Z", None, Some(5));
        let mut older = state("I1", MeetingStatus::Scheduled);
        older.location = Some("somewhere old".into());
        let (next, effect) = apply_invitee(
            Some(&rec),
            &older,
            order("2025-06-15T00:00:00Z", None, Some(9)),
            Source::Created,
            USER,
        );
        assert_eq!((next, effect), (None, Effect::Stale));
    }

    #[test]
    fn ties_are_broken_by_envelope_time_then_relay_sequence() {
        let a = order(
            "2025-06-15T10:00:00Z",
            Some("2025-06-15T10:00:01Z"),
            Some(9),
        );
        let b = order(
            "2025-06-15T10:00:00Z",
            Some("2025-06-15T10:00:02Z"),
            Some(1),
        );
        let c = order(
            "2025-06-15T10:00:00Z",
            Some("2025-06-15T10:00:02Z"),
            Some(2),
        );
        assert!(a < b && b < c);
        assert!(order("2025-06-15T10:00:01Z", None, None) > c);
    }

    #[test]
    fn a_cancellation_applies_and_beats_a_creation_on_a_tie() {
        let rec = booked("I1");
        let (next, effect) = apply_invitee(
            Some(&rec),
            &state("I1", MeetingStatus::Canceled),
            rec.order,
            Source::Canceled,
            USER,
        );
        let next = next.unwrap();
        assert_eq!(effect, Effect::Canceled);
        assert_eq!(next.status, MeetingStatus::Canceled);
        assert_eq!(next.canceled_by.as_deref(), Some("Ann"));
    }

    #[test]
    fn a_cancellation_with_the_same_updated_at_wins_whatever_else_says() {
        let rec = booked("I1");
        // Same invitee updated_at, but an older envelope and no sequence (reconcile).
        let (next, effect) = apply_invitee(
            Some(&rec),
            &state("I1", MeetingStatus::Canceled),
            order("2025-06-15T10:00:00Z", None, None),
            Source::Reconciled,
            USER,
        );
        assert_eq!(effect, Effect::Canceled);
        assert_eq!(next.unwrap().status, MeetingStatus::Canceled);
    }

    #[test]
    fn reconcile_applies_a_changed_event_even_when_the_invitee_did_not_move() {
        let mut rec = booked("I1");
        rec.event_updated_at = Some(at("2025-06-15T10:00:00Z"));
        let mut moved_room = state("I1", MeetingStatus::Scheduled);
        moved_room.location = Some("Room 9".into());
        moved_room.event_updated_at = Some(at("2025-06-16T08:00:00Z"));
        let (next, effect) =
            apply_invitee(Some(&rec), &moved_room, rec.order, Source::Reconciled, USER);
        assert_eq!(effect, Effect::Updated);
        let next = next.unwrap();
        assert_eq!(next.location.as_deref(), Some("Room 9"));
        assert_eq!(next.order, rec.order, "the order never goes back");
        // The same from a webhook with an older order is stale.
        let (_, effect) = apply_invitee(
            Some(&rec),
            &moved_room,
            order("2025-06-14T00:00:00Z", None, Some(1)),
            Source::Created,
            USER,
        );
        assert_eq!(effect, Effect::Stale);
    }

    #[test]
    fn an_unknown_owner_is_replaced_once_known_and_a_known_one_is_kept() {
        let (rec, _) = apply_invitee(
            None,
            &state("I1", MeetingStatus::Scheduled),
            order("2025-06-15T10:00:00Z", None, Some(1)),
            Source::Created,
            UNKNOWN_OWNER,
        );
        let rec = rec.unwrap();
        let later = order("2025-06-16T00:00:00Z", None, Some(2));
        let mut changed = state("I1", MeetingStatus::Scheduled);
        changed.location = Some("elsewhere".into());
        let (next, _) = apply_invitee(Some(&rec), &changed, later, Source::Created, USER);
        let next = next.unwrap();
        assert_eq!(next.calendly_user, USER);
        let (again, _) = apply_invitee(
            Some(&next),
            &state("I1", MeetingStatus::Canceled),
            order("2025-06-17T00:00:00Z", None, Some(3)),
            Source::Canceled,
            "https://api.calendly.com/users/OTHER",
        );
        assert_eq!(again.unwrap().calendly_user, USER);
    }

    #[test]
    fn cancel_before_create_stays_canceled() {
        let cancel_order = order(
            "2025-06-15T11:00:00Z",
            Some("2025-06-15T11:00:01Z"),
            Some(1),
        );
        let (rec, effect) = apply_invitee(
            None,
            &state("I1", MeetingStatus::Canceled),
            cancel_order,
            Source::Canceled,
            USER,
        );
        assert_eq!(effect, Effect::Canceled);
        let rec = rec.unwrap();
        // The booking arrives late: older, so stale.
        let (next, effect) = apply_invitee(
            Some(&rec),
            &state("I1", MeetingStatus::Scheduled),
            order(
                "2025-06-15T10:00:00Z",
                Some("2025-06-15T10:00:01Z"),
                Some(2),
            ),
            Source::Created,
            USER,
        );
        assert_eq!((next, effect), (None, Effect::Stale));
        // Even a booking ordered later does not resurrect it.
        let (next, _) = apply_invitee(
            Some(&rec),
            &state("I1", MeetingStatus::Scheduled),
            order("2025-06-15T12:00:00Z", None, Some(3)),
            Source::Created,
            USER,
        );
        assert_eq!(next.unwrap().status, MeetingStatus::Canceled);
    }

    #[test]
    fn reschedule_halves_link_old_and_new_whatever_the_order() {
        let old = booked("OLD");
        let mut new_half = state("NEW", MeetingStatus::Scheduled);
        new_half.old_invitee = Some("OLD".into());
        let mut old_half = state("OLD", MeetingStatus::Canceled);
        old_half.rescheduled = true;
        old_half.new_invitee = Some("NEW".into());
        let later = order("2025-06-16T00:00:00Z", None, Some(7));

        // New half first: it knows where it came from.
        let (new_rec, effect) = apply_invitee(None, &new_half, later, Source::Created, USER);
        assert_eq!(effect, Effect::Rescheduled);
        assert_eq!(new_rec.unwrap().rescheduled_from.as_deref(), Some("OLD"));
        // Old half: moved, not canceled.
        let (old_rec, effect) = apply_invitee(Some(&old), &old_half, later, Source::Canceled, USER);
        assert_eq!(effect, Effect::Moved);
        let old_rec = old_rec.unwrap();
        assert_eq!(old_rec.rescheduled_to.as_deref(), Some("NEW"));
        assert_eq!(old_rec.status, MeetingStatus::Canceled);

        // Old half first, never seen booked: created as moved.
        let (rec, effect) = apply_invitee(None, &old_half, later, Source::Canceled, USER);
        assert_eq!(effect, Effect::Moved);
        assert_eq!(rec.unwrap().rescheduled_to.as_deref(), Some("NEW"));
    }

    #[test]
    fn reschedule_links_survive_later_changes_that_omit_them() {
        let mut new_half = state("NEW", MeetingStatus::Scheduled);
        new_half.old_invitee = Some("OLD".into());
        let (rec, _) = apply_invitee(
            None,
            &new_half,
            order("2025-06-16T00:00:00Z", None, Some(1)),
            Source::Created,
            USER,
        );
        let mut rec = rec.unwrap();
        rec.client_id = Some(4);
        let plain = state("NEW", MeetingStatus::Canceled);
        let (next, effect) = apply_invitee(
            Some(&rec),
            &plain,
            order("2025-06-17T00:00:00Z", None, Some(2)),
            Source::Canceled,
            USER,
        );
        let next = next.unwrap();
        assert_eq!(effect, Effect::Canceled);
        assert_eq!(next.rescheduled_from.as_deref(), Some("OLD"));
        assert_eq!(next.client_id, Some(4), "links are kept");
    }

    #[test]
    fn a_stale_half_of_a_reschedule_still_links_the_chain() {
        let mut rec = booked("B");
        rec.order = order("2025-06-20T00:00:00Z", None, Some(9));
        let mut late = state("B", MeetingStatus::Scheduled);
        late.old_invitee = Some("A".into());
        let (next, effect) = apply_invitee(
            Some(&rec),
            &late,
            order("2025-06-16T00:00:00Z", None, Some(2)),
            Source::Created,
            USER,
        );
        assert_eq!(effect, Effect::Updated);
        let next = next.unwrap();
        assert_eq!(next.rescheduled_from.as_deref(), Some("A"));
        assert_eq!(next.order, rec.order, "the newer state keeps its place");
        assert_eq!(next.status, rec.status);
    }

    #[test]
    fn no_show_toggles_and_always_applies() {
        let rec = booked("I1");
        let (marked, effect) = apply_no_show(Some(&rec), true, Some("NS1".into()));
        assert_eq!(effect, Effect::NoShowMarked);
        let marked = marked.unwrap();
        assert!(marked.no_show);
        assert_eq!(
            apply_no_show(Some(&marked), true, Some("NS1".into())).1,
            Effect::Unchanged
        );
        let (cleared, effect) = apply_no_show(Some(&marked), false, Some("NS1".into()));
        assert_eq!(effect, Effect::NoShowCleared);
        let cleared = cleared.unwrap();
        assert!(!cleared.no_show);
        assert_eq!(cleared.no_show_uri, None);
        assert_eq!(apply_no_show(None, true, None).1, Effect::Stale);
    }

    #[test]
    fn webhook_changes_keep_the_no_show_mark_and_reconcile_sets_it() {
        let rec = booked("I1");
        let (marked, _) = apply_no_show(Some(&rec), true, Some("NS1".into()));
        let marked = marked.unwrap();
        let mut moved = state("I1", MeetingStatus::Scheduled);
        moved.location = Some("Room 2".into());
        let later = order("2025-06-18T00:00:00Z", None, Some(3));
        let (next, effect) = apply_invitee(Some(&marked), &moved, later, Source::Created, USER);
        assert_eq!(effect, Effect::Updated);
        assert!(next.unwrap().no_show, "a webhook without the mark keeps it");

        // Reconcile sees the mark removed, even though updated_at did not move.
        let mut truth = state("I1", MeetingStatus::Scheduled);
        truth.no_show = Some((false, None));
        let (next, effect) = apply_invitee(
            Some(&marked),
            &truth,
            marked.order,
            Source::Reconciled,
            USER,
        );
        assert_eq!(effect, Effect::NoShowCleared);
        assert!(!next.unwrap().no_show);
    }
}
