//! Applying Calendly changes to a real store: matching, reschedules in either order,
//! timelines, skipped events, the cursor, time-zone filters and CSV import.

mod common;

use common::*;
use quotla_core::model::{ActivityKind, ClientInput, MeetingFilter, MeetingStatus};
use quotla_core::store::SyncLogKind;
use quotla_core::sync::incoming::Change;
use quotla_core::sync::rules::Effect;
use quotla_core::transfer::{self, ImportError};
use quotla_core::{CoreError, Store};
use serde_json::{json, Value};

const HOST: &str = "https://api.calendly.com/users/HOST";
const OTHER_HOST: &str = "https://api.calendly.com/users/SOMEONE_ELSE";
const EVENT: &str = "https://api.calendly.com/scheduled_events/EV1";

fn invitee_uri(id: &str) -> String {
    format!("{EVENT}/invitees/{id}")
}

/// An invitee webhook body as Calendly sends it.
struct Hook {
    event: &'static str,
    invitee: String,
    event_uri: String,
    status: &'static str,
    email: String,
    updated_at: String,
    start: String,
    created_by: String,
    extra: Value,
}

impl Hook {
    fn booked(id: &str) -> Hook {
        Hook {
            event: "invitee.created",
            invitee: invitee_uri(id),
            event_uri: EVENT.into(),
            status: "active",
            email: "ann@example.com".into(),
            updated_at: "2025-06-15T10:00:00.000000Z".into(),
            start: "2025-07-01T09:00:00.000000Z".into(),
            created_by: HOST.into(),
            extra: json!({}),
        }
    }

    fn canceled(id: &str) -> Hook {
        Hook {
            event: "invitee.canceled",
            status: "canceled",
            updated_at: "2025-06-15T11:00:00.000000Z".into(),
            extra: json!({"cancellation": {"canceled_by": "Ann", "reason": "clash", "canceler_type": "invitee"}}),
            ..Hook::booked(id)
        }
    }

    fn with(mut self, extra: Value) -> Hook {
        if let (Value::Object(into), Value::Object(from)) = (&mut self.extra, extra) {
            into.extend(from);
        }
        self
    }

    fn body(&self) -> Vec<u8> {
        let start: jiff::Timestamp = self.start.parse().unwrap();
        let end = start + jiff::SignedDuration::from_mins(30);
        let mut payload = json!({
            "uri": self.invitee,
            "email": self.email,
            "name": "Ann Example",
            "status": self.status,
            "timezone": "Europe/London",
            "event": self.event_uri,
            "created_at": "2025-06-15T10:00:00.000000Z",
            "updated_at": self.updated_at,
            "tracking": {"utm_source": null, "utm_content": null},
            "questions_and_answers": [{"question": "Topic?", "answer": "Roof", "position": 0}],
            "rescheduled": false,
            "scheduled_event": {
                "uri": self.event_uri,
                "name": "Site visit",
                "status": "active",
                "start_time": self.start,
                "end_time": end.to_string(),
                "event_type": "https://api.calendly.com/event_types/ET1",
                "location": {"type": "physical", "location": "12 High St"},
                "updated_at": self.updated_at,
                "event_memberships": [{"user": HOST}],
            }
        });
        if let (Value::Object(p), Value::Object(extra)) = (&mut payload, self.extra.clone()) {
            p.extend(extra);
        }
        serde_json::to_vec(&json!({
            "event": self.event,
            "created_at": self.updated_at,
            "created_by": self.created_by,
            "payload": payload,
        }))
        .unwrap()
    }
}

async fn apply(store: &Store, hooks: &[(i64, Vec<u8>)]) -> quotla_core::sync::ApplyReport {
    let changes: Vec<Change> = hooks
        .iter()
        .map(|(seq, body)| Change::from_webhook(*seq, body, Some(HOST)))
        .collect();
    let cursor = hooks.iter().map(|(seq, _)| *seq).max();
    store
        .apply_changes(&changes, cursor, Some(HOST), true)
        .await
        .expect("apply")
}

/// The client whose e-mail the hooks' invitee uses.
async fn ann(store: &Store) -> quotla_core::model::Client {
    store
        .create_client(&ClientInput {
            name: "Ann Example".into(),
            email: Some("ann@example.com".into()),
            ..Default::default()
        })
        .await
        .unwrap()
}

async fn all(store: &Store) -> Vec<quotla_core::model::Meeting> {
    store.meetings(&MeetingFilter::default()).await.unwrap()
}

async fn kinds(store: &Store, client: i64) -> Vec<ActivityKind> {
    let mut kinds: Vec<_> = store
        .client_activity(client)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.kind)
        .filter(|k| format!("{k:?}").starts_with("Meeting"))
        .collect();
    kinds.sort_by_key(|k| format!("{k:?}"));
    kinds
}

#[tokio::test]
async fn a_link_token_attaches_the_booking_to_its_quote_and_not_a_forged_one() {
    let t = store().await;
    let ann = ann(&t.store).await;
    let quote = t.store.create_quote(&quote_input(ann.id)).await.unwrap();
    let link = t
        .store
        .save_scheduling_link(
            "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4",
            "https://calendly.com/d/xyz/visit",
            "https://api.calendly.com/event_types/ET1",
            HOST,
            ann.id,
            Some(quote.id),
            None,
        )
        .await
        .unwrap();
    assert_eq!(link.quote_number.as_deref(), Some(quote.number.as_str()));
    let other = t
        .store
        .create_client(&ClientInput {
            name: "Bob".into(),
            email: Some("bob@example.com".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let booked = Hook::booked("I1").with(json!({"email": "bob@example.com", "tracking": {
        "utm_source": "quotla", "utm_content": "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4"}}));
    // A token nobody issued attaches nothing by token (the e-mail still matches Ann).
    let forged =
        Hook::booked("I2").with(json!({"tracking": {"utm_source": "quotla", "utm_content": "1"}}));
    let report = apply(&t.store, &[(1, booked.body()), (2, forged.body())]).await;
    assert_eq!(report.applied.len(), 2);
    let meetings = all(&t.store).await;
    let by_link = meetings
        .iter()
        .find(|m| m.invitee_uri == invitee_uri("I1"))
        .unwrap();
    assert_eq!(
        by_link.client_id,
        Some(ann.id),
        "the link wins over Bob's e-mail"
    );
    assert_eq!(by_link.quote_number.as_deref(), Some(quote.number.as_str()));
    let by_mail = meetings
        .iter()
        .find(|m| m.invitee_uri == invitee_uri("I2"))
        .unwrap();
    assert_eq!((by_mail.client_id, by_mail.quote_id), (Some(ann.id), None));
    assert!(kinds(&t.store, other.id).await.is_empty());
    assert_eq!(
        kinds(&t.store, ann.id).await,
        vec![ActivityKind::MeetingBooked, ActivityKind::MeetingBooked]
    );
    let filtered = t
        .store
        .meetings(&MeetingFilter {
            quote_number: Some(quote.number.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(filtered.len(), 1);
}

#[tokio::test]
async fn e_mail_matches_one_client_case_insensitively_else_the_meeting_is_unmatched() {
    let t = store().await;
    let ann = ann(&t.store).await;
    let upper = Hook::booked("I1").with(json!({"email": "ANN@Example.COM"}));
    let stranger = Hook::booked("I2").with(json!({"email": "nobody@example.com"}));
    apply(&t.store, &[(1, upper.body()), (2, stranger.body())]).await;
    let meetings = all(&t.store).await;
    assert_eq!(meetings[0].client_id, Some(ann.id));
    assert_eq!(meetings[1].client_id, None, "unmatched");
    // Two clients share an e-mail: no guess.
    t.store
        .create_client(&ClientInput {
            name: "Ann's twin".into(),
            email: Some("ann@example.com".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    apply(&t.store, &[(3, Hook::booked("I3").body())]).await;
    let third = t.store.meeting(&invitee_uri("I3")).await.unwrap();
    assert_eq!(third.client_id, None);
}

#[tokio::test]
async fn duplicates_and_stale_events_change_nothing_and_write_no_second_timeline_entry() {
    let t = store().await;
    let ann = ann(&t.store).await;
    let body = Hook::booked("I1").body();
    apply(&t.store, &[(1, body.clone())]).await;
    let again = apply(&t.store, &[(1, body.clone()), (2, body)]).await;
    assert!(again.applied.is_empty());
    assert_eq!(again.unchanged, 2);
    let cancel = Hook::canceled("I1").body();
    apply(&t.store, &[(3, cancel)]).await;
    // The booking arrives again, late: older than the cancellation.
    let late = apply(&t.store, &[(4, Hook::booked("I1").body())]).await;
    assert!(late.applied.is_empty());
    let m = t.store.meeting(&invitee_uri("I1")).await.unwrap();
    assert_eq!(m.status, MeetingStatus::Canceled);
    assert_eq!(m.cancel_reason.as_deref(), Some("clash"));
    assert_eq!(
        kinds(&t.store, ann.id).await,
        vec![ActivityKind::MeetingBooked, ActivityKind::MeetingCanceled]
    );
}

#[tokio::test]
async fn a_cancellation_before_its_booking_creates_the_meeting_canceled() {
    let t = store().await;
    apply(&t.store, &[(1, Hook::canceled("I1").body())]).await;
    apply(&t.store, &[(2, Hook::booked("I1").body())]).await;
    let m = t.store.meeting(&invitee_uri("I1")).await.unwrap();
    assert_eq!(m.status, MeetingStatus::Canceled);
    assert!(!m.rescheduled);
}

/// The two halves of moving `old` (starting at `from.0`, moved at `from.1`) to `new`
/// starting at `new_start`: the cancellation of `old` and the booking of `new`.
fn moved(old: &str, from: (&str, &str), new: &str, new_start: &str) -> (Vec<u8>, Vec<u8>) {
    let canceled = Hook {
        updated_at: from.1.into(),
        start: from.0.into(),
        ..Hook::canceled(old)
    }
    .with(json!({"rescheduled": true, "new_invitee": invitee_uri(new)}));
    let created = Hook {
        updated_at: from.1.into(),
        start: new_start.into(),
        email: "someone.else@example.com".into(),
        ..Hook::booked(new)
    }
    .with(json!({"old_invitee": invitee_uri(old)}));
    (canceled.body(), created.body())
}

#[tokio::test]
async fn a_reschedule_is_one_moved_meeting_in_either_order_and_a_chain_stays_one_story() {
    for swapped in [false, true] {
        let t = store().await;
        let ann = ann(&t.store).await;
        let quote = t.store.create_quote(&quote_input(ann.id)).await.unwrap();
        t.store
            .save_scheduling_link(
                "tok-quote-0001",
                "https://x/d/1",
                "et",
                HOST,
                ann.id,
                Some(quote.id),
                None,
            )
            .await
            .unwrap();
        let first = Hook::booked("A").with(json!({
            "email": "someone.else@example.com",
            "tracking": {"utm_source": "quotla", "utm_content": "tok-quote-0001"}}));
        apply(&t.store, &[(1, first.body())]).await;

        // A → B, then B → C, halves delivered in either order.
        let (a_canceled, b_created) = moved(
            "A",
            ("2025-07-01T09:00:00.000000Z", "2025-06-16T10:00:00.000000Z"),
            "B",
            "2025-07-02T09:00:00.000000Z",
        );
        let (b_canceled, c_created) = moved(
            "B",
            ("2025-07-02T09:00:00.000000Z", "2025-06-17T10:00:00.000000Z"),
            "C",
            "2025-07-03T09:00:00.000000Z",
        );
        let order = if swapped {
            vec![
                (5, c_created),
                (4, b_canceled),
                (3, b_created),
                (2, a_canceled),
            ]
        } else {
            vec![
                (2, a_canceled),
                (3, b_created),
                (4, b_canceled),
                (5, c_created),
            ]
        };
        for (seq, body) in order {
            apply(&t.store, &[(seq, body)]).await;
        }
        let meetings = all(&t.store).await;
        assert_eq!(meetings.len(), 3, "swapped={swapped}");
        let get = |id: &str| {
            meetings
                .iter()
                .find(|m| m.invitee_uri == invitee_uri(id))
                .unwrap()
        };
        let (a, b, c) = (get("A"), get("B"), get("C"));
        assert!(
            a.rescheduled && b.rescheduled && !c.rescheduled,
            "swapped={swapped}"
        );
        assert_eq!(
            a.moved_to_start_time.as_deref(),
            Some("2025-07-02T09:00:00.000000Z")
        );
        assert_eq!(c.status, MeetingStatus::Scheduled);
        assert_eq!(
            c.rescheduled_from.as_deref(),
            Some(invitee_uri("B").as_str())
        );
        for m in [a, b, c] {
            assert_eq!(
                m.client_id,
                Some(ann.id),
                "swapped={swapped}: {}",
                m.invitee_uri
            );
            assert_eq!(
                m.quote_id,
                Some(quote.id),
                "swapped={swapped}: {}",
                m.invitee_uri
            );
        }
        let timeline = kinds(&t.store, ann.id).await;
        assert_eq!(
            timeline,
            vec![
                ActivityKind::MeetingBooked,
                ActivityKind::MeetingRescheduled,
                ActivityKind::MeetingRescheduled
            ],
            "swapped={swapped}: a move is not a cancellation"
        );
    }
}

#[tokio::test]
async fn no_show_events_toggle_the_mark_and_group_invitees_stay_separate() {
    let t = store().await;
    let ann = ann(&t.store).await;
    let second = Hook::booked("I2").with(json!({"email": "bob@example.com"}));
    apply(
        &t.store,
        &[(1, Hook::booked("I1").body()), (2, second.body())],
    )
    .await;
    let marked = Hook {
        event: "invitee_no_show.created",
        ..Hook::booked("I1")
    }
    .with(json!({"no_show": {"uri": "https://api.calendly.com/invitee_no_shows/NS1", "created_at": "2025-07-01T10:00:00Z"}}));
    let report = apply(&t.store, &[(3, marked.body())]).await;
    assert_eq!(report.applied[0].kind, Effect::NoShowMarked);
    assert!(t.store.meeting(&invitee_uri("I1")).await.unwrap().no_show);
    assert!(!t.store.meeting(&invitee_uri("I2")).await.unwrap().no_show);
    let unmarked = Hook {
        event: "invitee_no_show.deleted",
        ..Hook::booked("I1")
    };
    apply(&t.store, &[(4, unmarked.body())]).await;
    assert!(!t.store.meeting(&invitee_uri("I1")).await.unwrap().no_show);
    // The bare no-show resource shape is read too.
    let bare = serde_json::to_vec(&json!({
        "event": "invitee_no_show.created", "created_by": HOST, "created_at": "2025-07-01T11:00:00Z",
        "payload": {"uri": "https://api.calendly.com/invitee_no_shows/NS2", "invitee": invitee_uri("I1"), "created_at": "2025-07-01T11:00:00Z"}
    }))
    .unwrap();
    apply(&t.store, &[(5, bare)]).await;
    let m = t.store.meeting(&invitee_uri("I1")).await.unwrap();
    assert!(m.no_show);
    assert_eq!(
        kinds(&t.store, ann.id)
            .await
            .iter()
            .filter(|k| **k == ActivityKind::MeetingNoShow)
            .count(),
        1
    );
    let both = all(&t.store).await;
    assert_eq!(both.len(), 2);
    assert!(both.iter().all(|m| m.event_uri == EVENT));
}

#[tokio::test]
async fn foreign_unknown_and_malformed_events_are_skipped_logged_and_never_stop_the_batch() {
    let t = store().await;
    let foreign = Hook {
        created_by: OTHER_HOST.into(),
        ..Hook::booked("F1")
    };
    let unknown = serde_json::to_vec(
        &json!({"event": "routing_form_submission.created", "created_by": HOST, "payload": {}}),
    )
    .unwrap();
    let odd_status = Hook {
        status: "pending_review",
        ..Hook::booked("U1")
    };
    let odd_location = Hook::booked("L1");
    let mut odd_location_body: Value = serde_json::from_slice(&odd_location.body()).unwrap();
    odd_location_body["payload"]["scheduled_event"]["location"]["type"] = json!("holo_deck");
    let report = apply(
        &t.store,
        &[
            (1, foreign.body()),
            (2, unknown),
            (3, b"{not json".to_vec()),
            (4, odd_status.body()),
            (5, serde_json::to_vec(&odd_location_body).unwrap()),
            (6, vec![b'x'; 300_000]),
        ],
    )
    .await;
    assert_eq!(report.skipped, 5);
    assert_eq!(
        report.applied.len(),
        1,
        "the event after the odd ones still applies"
    );
    let m = t.store.meeting(&invitee_uri("L1")).await.unwrap();
    assert_eq!(
        m.location_type.as_deref(),
        Some("holo_deck"),
        "unknown values are kept"
    );
    assert_eq!(t.store.sync_state().await.unwrap().relay_cursor, 6);
    let log = t.store.sync_log_entries(50).await.unwrap();
    let skipped: Vec<_> = log
        .iter()
        .filter(|e| e.kind == SyncLogKind::EventSkipped)
        .collect();
    assert_eq!(skipped.len(), 5);
    assert!(skipped.iter().any(|e| e
        .message
        .contains("not created by the connected Calendly user")));
    assert!(
        log.iter().all(|e| !e.message.contains("ann@example.com")),
        "no bodies in the log"
    );
    // Without a connected user (an unbound inbox) the foreign creator is not checked.
    let change = Change::from_webhook(7, &foreign.body(), None);
    assert!(matches!(change, Change::Invitee { .. }));
}

#[tokio::test]
async fn a_bound_inbox_skips_events_that_name_no_creator() {
    let t = store().await;
    let mut body: Value = serde_json::from_slice(&Hook::booked("I1").body()).unwrap();
    body.as_object_mut().unwrap().remove("created_by");
    let body = serde_json::to_vec(&body).unwrap();
    let report = apply(&t.store, &[(1, body.clone())]).await;
    assert_eq!((report.skipped, report.applied.len()), (1, 0));
    // An unbound inbox has only the relay's signature check to go by.
    let unbound = Change::from_webhook(2, &body, None);
    assert!(matches!(unbound, Change::Invitee { .. }));
}

#[tokio::test]
async fn a_no_show_that_arrives_before_its_meeting_waits_for_it() {
    let t = store().await;
    let bare = serde_json::to_vec(&json!({
        "event": "invitee_no_show.created", "created_by": HOST, "created_at": "2025-07-01T11:00:00Z",
        "payload": {"uri": "https://api.calendly.com/invitee_no_shows/NS9", "invitee": invitee_uri("LATE"), "created_at": "2025-07-01T11:00:00Z"}
    }))
    .unwrap();
    let report = apply(&t.store, &[(1, bare)]).await;
    assert!(report.applied.is_empty());
    assert!(all(&t.store).await.is_empty());
    apply(&t.store, &[(2, Hook::booked("LATE").body())]).await;
    let m = t.store.meeting(&invitee_uri("LATE")).await.unwrap();
    assert!(
        m.no_show,
        "the waiting mark applied when the meeting arrived"
    );
}

#[tokio::test]
async fn the_cursor_never_moves_back() {
    let t = store().await;
    apply(&t.store, &[(9, Hook::booked("I1").body())]).await;
    t.store
        .apply_changes(&[], Some(3), Some(HOST), true)
        .await
        .unwrap();
    assert_eq!(t.store.sync_state().await.unwrap().relay_cursor, 9);
}

#[tokio::test]
async fn date_filters_follow_the_users_zone_across_a_dst_change() {
    let t = store().await;
    // London moves to BST at 01:00 UTC on 2025-03-30.
    let before = Hook {
        start: "2025-03-29T23:30:00.000000Z".into(),
        ..Hook::booked("GMT")
    };
    let after = Hook {
        start: "2025-03-30T23:30:00.000000Z".into(),
        ..Hook::booked("BST")
    };
    apply(&t.store, &[(1, before.body()), (2, after.body())]).await;
    let on = |day: &str| MeetingFilter {
        from: Some(day.into()),
        to: Some(day.into()),
        ..Default::default()
    };
    let names = |ms: Vec<quotla_core::model::Meeting>| {
        ms.into_iter()
            .map(|m| m.invitee_uri.rsplit('/').next().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(t.store.meetings(&on("2025-03-29")).await.unwrap()),
        ["GMT"]
    );
    assert!(t
        .store
        .meetings(&on("2025-03-30"))
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        names(t.store.meetings(&on("2025-03-31")).await.unwrap()),
        ["BST"],
        "23:30Z is 00:30 BST"
    );
    t.store.set_time_zone(Some("UTC")).await.unwrap();
    assert_eq!(
        names(t.store.meetings(&on("2025-03-30")).await.unwrap()),
        ["BST"]
    );
    for bad in ["2025-02-30", "30/03/2025", ""] {
        assert!(t.store.meetings(&on(bad)).await.is_err(), "{bad:?}");
    }
}

#[tokio::test]
async fn another_accounts_meetings_are_kept_apart_and_can_be_deleted() {
    let t = store().await;
    apply(&t.store, &[(1, Hook::booked("MINE").body())]).await;
    let third = "https://api.calendly.com/users/THIRD";
    // Unbound (no owner given): each meeting belongs to whoever created it.
    let theirs: Vec<Change> = [(OTHER_HOST, "THEIRS"), (third, "THIRDS")]
        .iter()
        .zip(2..)
        .map(|((host, id), seq)| {
            let hook = Hook {
                created_by: (*host).into(),
                ..Hook::booked(id)
            };
            Change::from_webhook(seq, &hook.body(), None)
        })
        .collect();
    t.store
        .apply_changes(&theirs, None, None, false)
        .await
        .unwrap();
    let others = t.store.meeting_users_other_than(HOST).await.unwrap();
    assert_eq!(
        others,
        vec![(OTHER_HOST.to_string(), 1), (third.to_string(), 1)]
    );
    let mine = t
        .store
        .meetings(&MeetingFilter {
            calendly_user: Some(HOST.into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(t.store.delete_meetings(Some(OTHER_HOST)).await.unwrap(), 1);
    assert_eq!(all(&t.store).await.len(), 2);
    // Every earlier account at once, and never the connected one's.
    assert_eq!(t.store.delete_meetings_except(HOST).await.unwrap(), 1);
    let left = all(&t.store).await;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].invitee_uri, invitee_uri("MINE"));
}

#[tokio::test]
async fn a_csv_import_reports_every_bad_row_by_line_and_imports_nothing_then() {
    let t = store().await;
    let bad = "Name,Email,Company\nAnn,ann@example.com,Acme\n,nobody@example.com,\nBob,not-an-email,\n\"Cy, Jr\",cy@example.com\n";
    let err = transfer::import_clients(&t.store, bad).await.unwrap_err();
    let ImportError::Rows(rows) = err else {
        panic!("expected row problems, got {err:?}");
    };
    assert_eq!(
        rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        vec![3, 4, 5]
    );
    assert!(t
        .store
        .list_clients(&Default::default())
        .await
        .unwrap()
        .is_empty());
    let good =
        "name,email,notes,tax_number\nAnn,ann@example.com,\"likes\nroofs\",DE811907980\n\"Cy, Jr\",,,\n";
    let ids = transfer::import_clients(&t.store, good).await.unwrap();
    assert_eq!(ids.len(), 2);
    let ann = t.store.client(ids[0]).await.unwrap();
    assert_eq!(ann.tax_number.as_deref(), Some("DE811907980"));
    let cy = t.store.client(ids[1]).await.unwrap();
    assert_eq!(cy.name, "Cy, Jr");
    for hostile in ["", "nombre\nAnn", "email\nann@example.com", "name\n\"open"] {
        assert!(
            transfer::import_clients(&t.store, hostile).await.is_err(),
            "{hostile:?}"
        );
    }
}

#[tokio::test]
async fn an_export_writes_every_kind_of_data_as_csv() {
    let t = store().await;
    let ann = t
        .store
        .create_client(&ClientInput {
            name: "Ann, Example".into(),
            tax_number: Some("GB123".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    t.store.create_quote(&quote_input(ann.id)).await.unwrap();
    apply(&t.store, &[(1, Hook::booked("I1").body())]).await;
    let out = tempfile::tempdir().unwrap();
    let files = transfer::export_csv(&t.store, out.path()).await.unwrap();
    let rows: Vec<usize> = files.iter().map(|f| f.rows).collect();
    assert_eq!(rows, vec![1, 1, 0, 1]);
    let clients = std::fs::read_to_string(out.path().join("clients.csv")).unwrap();
    let parsed = quotla_core::csv::parse(&clients).unwrap();
    assert_eq!(parsed[1].fields[1], "Ann, Example");
    let tax = parsed[0]
        .fields
        .iter()
        .position(|f| f == "tax_number")
        .unwrap();
    assert_eq!(parsed[1].fields[tax], "GB123");
}

/// The short names of meetings (`A` for `…/invitees/A`).
fn short(meetings: &[quotla_core::model::Meeting]) -> Vec<String> {
    meetings
        .iter()
        .map(|m| m.invitee_uri.rsplit('/').next().unwrap().to_string())
        .collect()
}

/// A booked (by Ann's e-mail), moved to B, moved to C.
async fn chain_of_three(store: &Store) {
    let (a_canceled, b_created) = moved(
        "A",
        ("2025-07-01T09:00:00.000000Z", "2025-06-16T10:00:00.000000Z"),
        "B",
        "2025-07-02T09:00:00.000000Z",
    );
    let (b_canceled, c_created) = moved(
        "B",
        ("2025-07-02T09:00:00.000000Z", "2025-06-17T10:00:00.000000Z"),
        "C",
        "2025-07-03T09:00:00.000000Z",
    );
    apply(
        store,
        &[
            (1, Hook::booked("A").body()),
            (2, a_canceled),
            (3, b_created),
            (4, b_canceled),
            (5, c_created),
        ],
    )
    .await;
}

/// Sets a stored meeting's columns as a damaged backup or a hostile payload could.
async fn tamper(store: &Store, id: &str, set: &str, values: &[Option<&str>]) {
    let sql = format!("UPDATE meetings SET {set} WHERE invitee_uri = ?");
    let mut query = sqlx::query(&sql);
    for value in values {
        query = query.bind(*value);
    }
    query
        .bind(invitee_uri(id))
        .execute(&store.pool())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_meetings_detail_is_its_whole_reschedule_chain_oldest_first() {
    let t = store().await;
    chain_of_three(&t.store).await;
    for id in ["A", "B", "C"] {
        let detail = t.store.meeting_detail(&invitee_uri(id)).await.unwrap();
        assert_eq!(detail.meeting.invitee_uri, invitee_uri(id));
        assert_eq!(short(&detail.chain), ["A", "B", "C"], "from {id}");
    }
    apply(&t.store, &[(6, Hook::booked("SOLO").body())]).await;
    let solo = t.store.meeting_detail(&invitee_uri("SOLO")).await.unwrap();
    assert_eq!(solo.chain, vec![solo.meeting.clone()]);
    // Only the new half of a move arrived: the old one still finds it.
    let (_, d_created) = moved(
        "OLD",
        ("2025-07-05T09:00:00.000000Z", "2025-06-18T10:00:00.000000Z"),
        "NEW",
        "2025-07-06T09:00:00.000000Z",
    );
    apply(&t.store, &[(7, Hook::booked("OLD").body()), (8, d_created)]).await;
    let old = t.store.meeting_detail(&invitee_uri("OLD")).await.unwrap();
    assert_eq!(short(&old.chain), ["OLD", "NEW"]);
    for unknown in [invitee_uri("NOPE"), String::new(), "x".repeat(10_000)] {
        assert!(matches!(
            t.store.meeting_detail(&unknown).await,
            Err(CoreError::NotFoundKey {
                entity: "meeting",
                ..
            })
        ));
    }
}

#[tokio::test]
async fn cycles_in_the_reschedule_links_end_the_walk_and_long_chains_are_cut() {
    let t = store().await;
    let ids: Vec<String> = (0..70).map(|i| format!("L{i:02}")).collect();
    let hooks: Vec<_> = ids
        .iter()
        .zip(1..)
        .map(|(id, seq)| (seq, Hook::booked(id).body()))
        .collect();
    apply(&t.store, &hooks).await;
    let uri = |i: usize| invitee_uri(&ids[i]);
    // L00 ⇄ L01; L02 moved to itself; L03 → … → L69 → L03.
    for (from, to) in [(0, 1), (1, 0), (2, 2)] {
        tamper(
            &t.store,
            &ids[from],
            "rescheduled_from = ?, rescheduled_to = ?",
            &[Some(&uri(to)), Some(&uri(to))],
        )
        .await;
    }
    for i in 3..70 {
        let prev = if i == 3 { 69 } else { i - 1 };
        let next = if i == 69 { 3 } else { i + 1 };
        tamper(
            &t.store,
            &format!("L{i:02}"),
            "rescheduled_from = ?, rescheduled_to = ?",
            &[Some(&uri(prev)), Some(&uri(next))],
        )
        .await;
    }
    let ann = ann(&t.store).await;
    let checks = async {
        let pair = t.store.meeting_detail(&uri(0)).await.unwrap();
        assert_eq!(short(&pair.chain), ["L01", "L00"]);
        let alone = t.store.meeting_detail(&uri(2)).await.unwrap();
        assert_eq!(short(&alone.chain), ["L02"]);
        let ring = t.store.meeting_detail(&uri(10)).await.unwrap();
        let names = short(&ring.chain);
        assert_eq!(names.len(), 64, "bounded");
        assert_eq!(
            names.iter().collect::<std::collections::HashSet<_>>().len(),
            64,
            "each meeting once"
        );
        assert!(names.contains(&"L10".to_string()));
        let linked = t
            .store
            .link_meeting(&uri(10), Some(ann.id), None, None)
            .await
            .unwrap();
        assert_eq!(linked.client_id, Some(ann.id));
        t.store
            .link_meeting(&uri(0), Some(ann.id), None, None)
            .await
            .unwrap();
        t.store.meeting_measures("2025-07-01").await.unwrap();
    };
    tokio::time::timeout(std::time::Duration::from_secs(60), checks)
        .await
        .expect("a cycle must not hang");
}

#[tokio::test]
async fn relinking_moves_the_whole_chain_and_every_rows_timeline_entries() {
    let t = store().await;
    let ann = ann(&t.store).await;
    chain_of_three(&t.store).await;
    assert_eq!(kinds(&t.store, ann.id).await.len(), 3);
    let bob = client(&t.store, "Bob").await;
    let quote = t.store.create_quote(&quote_input(bob.id)).await.unwrap();
    let linked = t
        .store
        .link_meeting(&invitee_uri("B"), Some(bob.id), Some(quote.id), None)
        .await
        .unwrap();
    assert_eq!(linked.client_name.as_deref(), Some("Bob"));
    assert_eq!(linked.quote_number.as_deref(), Some(quote.number.as_str()));
    for m in all(&t.store).await {
        assert_eq!(
            (m.client_id, m.quote_id, m.invoice_id),
            (Some(bob.id), Some(quote.id), None),
            "{}",
            m.invitee_uri
        );
    }
    assert!(
        kinds(&t.store, ann.id).await.is_empty(),
        "Ann's timeline lost them"
    );
    assert_eq!(
        kinds(&t.store, bob.id).await,
        [
            ActivityKind::MeetingBooked,
            ActivityKind::MeetingRescheduled,
            ActivityKind::MeetingRescheduled
        ],
        "moved, not written again"
    );
    let meeting_entries = |entries: Vec<quotla_core::model::Activity>| {
        entries
            .into_iter()
            .filter(|a| a.meeting_invitee_uri.is_some())
            .collect::<Vec<_>>()
    };
    let entries = meeting_entries(t.store.client_activity(bob.id).await.unwrap());
    assert!(entries
        .iter()
        .all(|a| a.quote_id == Some(quote.id) && a.quote_number == Some(quote.number.clone())));
    // Relinked to one of Bob's invoices: it replaces the quote on every row and entry.
    let invoice = t
        .store
        .create_invoice(&invoice_input(bob.id))
        .await
        .unwrap();
    let invoice = t
        .store
        .issue_invoice(invoice.id, invoice.version)
        .await
        .unwrap();
    t.store
        .link_meeting(&invitee_uri("A"), Some(bob.id), None, Some(invoice.id))
        .await
        .unwrap();
    assert!(all(&t.store)
        .await
        .iter()
        .all(|m| (m.quote_id, m.invoice_id) == (None, Some(invoice.id))));
    let entries = meeting_entries(t.store.client_activity(bob.id).await.unwrap());
    assert_eq!(entries.len(), 3);
    assert!(entries.iter().all(|a| a.quote_id.is_none()
        && a.invoice_id == Some(invoice.id)
        && a.invoice_number == invoice.number));
}

#[tokio::test]
async fn unlinking_drops_the_entries_and_linking_an_unmatched_meeting_writes_what_sync_would() {
    let t = store().await;
    let nobody = json!({"email": "nobody@example.com"});
    let no_show = Hook {
        event: "invitee_no_show.created",
        ..Hook::booked("S2")
    }
    .with(json!({"email": "nobody@example.com", "no_show": {
        "uri": "https://api.calendly.com/invitee_no_shows/NS1", "created_at": "2025-07-01T10:00:00Z"}}));
    apply(
        &t.store,
        &[
            (1, Hook::booked("S1").with(nobody.clone()).body()),
            (2, Hook::canceled("S1").with(nobody.clone()).body()),
            (3, Hook::booked("S2").with(nobody).body()),
            (4, no_show.body()),
        ],
    )
    .await;
    let ann = ann(&t.store).await;
    assert!(kinds(&t.store, ann.id).await.is_empty());
    let m = t
        .store
        .link_meeting(&invitee_uri("S1"), Some(ann.id), None, None)
        .await
        .unwrap();
    assert_eq!(m.client_name.as_deref(), Some("Ann Example"));
    assert_eq!(
        kinds(&t.store, ann.id).await,
        [ActivityKind::MeetingBooked, ActivityKind::MeetingCanceled]
    );
    // The same link again writes nothing twice.
    t.store
        .link_meeting(&invitee_uri("S1"), Some(ann.id), None, None)
        .await
        .unwrap();
    assert_eq!(kinds(&t.store, ann.id).await.len(), 2);
    t.store
        .link_meeting(&invitee_uri("S2"), Some(ann.id), None, None)
        .await
        .unwrap();
    assert_eq!(
        kinds(&t.store, ann.id).await,
        [
            ActivityKind::MeetingBooked,
            ActivityKind::MeetingBooked,
            ActivityKind::MeetingCanceled,
            ActivityKind::MeetingNoShow
        ]
    );
    // Unlinked: the meeting and its entries leave Ann's timeline; linked again, they return.
    let m = t
        .store
        .link_meeting(&invitee_uri("S1"), None, None, None)
        .await
        .unwrap();
    assert_eq!((m.client_id, m.client_name), (None, None));
    assert_eq!(kinds(&t.store, ann.id).await.len(), 2, "S2's stay");
    t.store
        .link_meeting(&invitee_uri("S1"), Some(ann.id), None, None)
        .await
        .unwrap();
    assert_eq!(kinds(&t.store, ann.id).await.len(), 4);
}

#[tokio::test]
async fn links_to_foreign_unknown_or_two_documents_are_refused_and_change_nothing() {
    let t = store().await;
    let ann = ann(&t.store).await;
    apply(&t.store, &[(1, Hook::booked("I1").body())]).await;
    let bob = client(&t.store, "Bob").await;
    let bobs_quote = t.store.create_quote(&quote_input(bob.id)).await.unwrap();
    let bobs_invoice = t
        .store
        .create_invoice(&invoice_input(bob.id))
        .await
        .unwrap();
    let anns_quote = t.store.create_quote(&quote_input(ann.id)).await.unwrap();
    let anns_invoice = t
        .store
        .create_invoice(&invoice_input(ann.id))
        .await
        .unwrap();
    let uri = invitee_uri("I1");
    let link = |c, q, i| t.store.link_meeting(&uri, c, q, i);
    assert_eq!(
        field(link(None, Some(anns_quote.id), None).await),
        "client_id"
    );
    assert_eq!(
        field(link(None, None, Some(anns_invoice.id)).await),
        "client_id"
    );
    assert_eq!(
        field(link(Some(ann.id), Some(anns_quote.id), Some(anns_invoice.id)).await),
        "invoice_id"
    );
    assert_eq!(
        field(link(Some(ann.id), Some(bobs_quote.id), None).await),
        "quote_id"
    );
    assert_eq!(
        field(link(Some(ann.id), None, Some(bobs_invoice.id)).await),
        "invoice_id"
    );
    assert!(matches!(
        link(Some(9_999), None, None).await,
        Err(CoreError::NotFound {
            entity: "client",
            id: 9_999
        })
    ));
    assert!(matches!(
        link(Some(ann.id), Some(-1), None).await,
        Err(CoreError::NotFound {
            entity: "quote",
            ..
        })
    ));
    assert!(matches!(
        link(Some(ann.id), None, Some(i64::MAX)).await,
        Err(CoreError::NotFound {
            entity: "invoice",
            ..
        })
    ));
    for unknown in [
        invitee_uri("NOPE"),
        "' OR 1=1 --".to_string(),
        "é".repeat(5_000),
    ] {
        assert!(matches!(
            t.store
                .link_meeting(&unknown, Some(ann.id), None, None)
                .await,
            Err(CoreError::NotFoundKey {
                entity: "meeting",
                ..
            })
        ));
    }
    let m = t.store.meeting(&uri).await.unwrap();
    assert_eq!(
        (m.client_id, m.quote_id, m.invoice_id),
        (Some(ann.id), None, None)
    );
    assert_eq!(kinds(&t.store, ann.id).await, [ActivityKind::MeetingBooked]);
    assert!(kinds(&t.store, bob.id).await.is_empty());
}

#[tokio::test]
async fn a_client_is_made_from_the_invitee_once_and_a_twin_is_refused() {
    let t = store().await;
    let first =
        Hook::booked("S1").with(json!({"email": "Nora@Example.com", "name": "  Nora Body "}));
    let second = Hook::booked("S2").with(json!({"email": "nora@example.com"}));
    apply(&t.store, &[(1, first.body()), (2, second.body())]).await;
    let m = t
        .store
        .create_client_from_meeting(&invitee_uri("S1"))
        .await
        .unwrap();
    let nora = t.store.client(m.client_id.unwrap()).await.unwrap();
    assert_eq!(
        (nora.name.as_str(), nora.email.as_deref()),
        ("Nora Body", Some("Nora@Example.com"))
    );
    assert_eq!(m.client_name.as_deref(), Some("Nora Body"));
    assert_eq!(
        kinds(&t.store, nora.id).await,
        [ActivityKind::MeetingBooked]
    );
    // The same person's second booking: link it to Nora rather than make her twin.
    let twin = t.store.create_client_from_meeting(&invitee_uri("S2")).await;
    match twin {
        Err(CoreError::Validation {
            field: Some(f),
            message,
        }) => {
            assert_eq!(f, "email");
            assert!(message.contains("Nora Body"), "{message}");
        }
        other => panic!("expected an email validation error, got {other:?}"),
    }
    assert_eq!(
        t.store.meeting(&invitee_uri("S2")).await.unwrap().client_id,
        None
    );
    assert_eq!(
        t.store
            .list_clients(&Default::default())
            .await
            .unwrap()
            .len(),
        1
    );
    // An archived Nora does not count.
    t.store.create_quote(&quote_input(nora.id)).await.unwrap();
    t.store.delete_client(nora.id).await.unwrap();
    let m = t
        .store
        .create_client_from_meeting(&invitee_uri("S2"))
        .await
        .unwrap();
    assert_ne!(m.client_id, Some(nora.id));
    // A meeting that already has its client is not given a second one.
    let again = t.store.create_client_from_meeting(&invitee_uri("S2")).await;
    assert!(
        matches!(&again, Err(CoreError::Validation { field: Some(f), .. }) if f == "client_id"),
        "{again:?}"
    );
    assert_eq!(
        t.store.meeting(&invitee_uri("S2")).await.unwrap().client_id,
        m.client_id
    );
    assert!(matches!(
        t.store
            .create_client_from_meeting(&invitee_uri("NOPE"))
            .await,
        Err(CoreError::NotFoundKey {
            entity: "meeting",
            ..
        })
    ));
}

#[tokio::test]
async fn hostile_invitee_names_and_e_mails_become_a_valid_client_not_an_error() {
    let t = store().await;
    apply(
        &t.store,
        &[
            (1, Hook::booked("H1").body()),
            (2, Hook::booked("H2").body()),
            (3, Hook::booked("H3").body()),
        ],
    )
    .await;
    let huge_name = format!("<script>\u{0}\u{7}{}", "Ж\n".repeat(5_000));
    let huge_mail = format!("{}@example.com", "a".repeat(10_000));
    tamper(
        &t.store,
        "H1",
        "invitee_name = ?, invitee_email = ?",
        &[Some(&huge_name), Some(&huge_mail)],
    )
    .await;
    tamper(
        &t.store,
        "H2",
        "invitee_name = ?, invitee_email = ?",
        &[Some(" \n\t "), Some("  jo.doe@example.org ")],
    )
    .await;
    tamper(
        &t.store,
        "H3",
        "invitee_name = ?, invitee_email = ?",
        &[None, Some("not an address")],
    )
    .await;
    let mut made = Vec::new();
    for id in ["H1", "H2", "H3"] {
        let m = t
            .store
            .create_client_from_meeting(&invitee_uri(id))
            .await
            .unwrap_or_else(|e| panic!("{id}: {e:?}"));
        made.push(t.store.client(m.client_id.unwrap()).await.unwrap());
    }
    // Cut to the form's 200 characters (less a trailing space the cut left).
    assert!((199..=200).contains(&made[0].name.chars().count()));
    assert!(made[0].name.starts_with("<script>"));
    assert!(!made[0].name.chars().any(char::is_control));
    assert_eq!(made[0].email, None, "too long to be an address");
    assert_eq!(
        (made[1].name.as_str(), made[1].email.as_deref()),
        ("jo.doe", Some("jo.doe@example.org"))
    );
    assert_eq!(
        (made[2].name.as_str(), made[2].email.as_deref()),
        ("Calendly invitee", None)
    );
}

#[tokio::test]
async fn measures_count_this_months_chains_once_and_quotes_with_and_without_meetings() {
    let t = store().await;
    let ann = ann(&t.store).await;
    let at = |id: &str, start: &str| Hook {
        start: start.into(),
        ..Hook::booked(id)
    };
    // June in London (BST) runs from 2025-05-31T23:00Z to 2025-06-30T23:00Z.
    apply(
        &t.store,
        &[
            (1, at("EARLY", "2025-05-31T23:30:00.000000Z").body()),
            (2, at("LATE", "2025-06-30T23:30:00.000000Z").body()),
            (3, at("MAY", "2025-05-31T22:30:00.000000Z").body()),
            (4, at("X", "2025-06-25T09:00:00.000000Z").body()),
            (
                5,
                Hook {
                    start: "2025-06-25T09:00:00.000000Z".into(),
                    ..Hook::canceled("X")
                }
                .body(),
            ),
        ],
    )
    .await;
    // Booked and moved twice within June: one meeting.
    let (a_canceled, b_created) = moved(
        "A",
        ("2025-06-20T09:00:00.000000Z", "2025-06-16T10:00:00.000000Z"),
        "B",
        "2025-06-21T09:00:00.000000Z",
    );
    let (b_canceled, c_created) = moved(
        "B",
        ("2025-06-21T09:00:00.000000Z", "2025-06-17T10:00:00.000000Z"),
        "C",
        "2025-06-22T09:00:00.000000Z",
    );
    apply(
        &t.store,
        &[
            (6, at("A", "2025-06-20T09:00:00.000000Z").body()),
            (7, a_canceled),
            (8, b_created),
            (9, b_canceled),
            (10, c_created),
        ],
    )
    .await;
    let quote = || async {
        let q = t.store.create_quote(&quote_input(ann.id)).await.unwrap();
        t.store.send_quote(q.id, q.version).await.unwrap()
    };
    let met_accepted = quote().await;
    t.store
        .accept_quote(met_accepted.id, met_accepted.version)
        .await
        .unwrap();
    let met_declined = quote().await;
    t.store
        .decline_quote(met_declined.id, met_declined.version)
        .await
        .unwrap();
    let converted = quote().await;
    let converted = t
        .store
        .accept_quote(converted.id, converted.version)
        .await
        .unwrap();
    t.store
        .convert_quote_to_invoice(converted.id)
        .await
        .unwrap();
    quote().await;
    let draft = t.store.create_quote(&quote_input(ann.id)).await.unwrap();
    for (id, quote) in [
        ("EARLY", met_accepted.id),
        ("X", met_declined.id),
        ("LATE", draft.id),
    ] {
        t.store
            .link_meeting(&invitee_uri(id), Some(ann.id), Some(quote), None)
            .await
            .unwrap();
    }
    let june = t.store.meeting_measures("2025-06-15").await.unwrap();
    assert_eq!(
        june,
        quotla_core::model::MeetingMeasures {
            booked_this_month: 3,
            sent_quotes: 4,
            sent_quotes_with_meeting: 2,
            decided_with_meeting: 2,
            accepted_with_meeting: 1,
            decided_without_meeting: 1,
            accepted_without_meeting: 1,
        }
    );
    let july = t.store.meeting_measures("2025-07-31").await.unwrap();
    assert_eq!(july.booked_this_month, 1, "00:30 BST on 1 July");
    let may = t.store.meeting_measures("2025-05-01").await.unwrap();
    assert_eq!(may.booked_this_month, 1);
    for bad in [
        "2025-02-30",
        "",
        "9999-12-31",
        "2025-06-15' OR 1=1",
        &"9".repeat(10_000),
    ] {
        assert_eq!(
            field(t.store.meeting_measures(bad).await),
            "today",
            "{bad:?}"
        );
    }
}

#[tokio::test]
async fn meeting_notifications_need_their_switch_and_the_integration_on() {
    let t = store().await;
    assert!(
        t.store.meeting_alerts_wanted().await.unwrap(),
        "on by default"
    );
    t.store.set_meeting_alerts_enabled(false).await.unwrap();
    assert!(!t.store.meeting_alerts_wanted().await.unwrap());
    t.store.set_meeting_alerts_enabled(true).await.unwrap();
    t.store.set_calendly_enabled(false).await.unwrap();
    assert!(
        !t.store.meeting_alerts_wanted().await.unwrap(),
        "the integration switched off silences them too"
    );
    t.store.set_calendly_enabled(true).await.unwrap();
    assert!(t.store.meeting_alerts_wanted().await.unwrap());
}

#[tokio::test]
async fn a_no_show_that_brings_its_unknown_meeting_keeps_the_quote_its_link_was_made_for() {
    let t = store().await;
    let ann = ann(&t.store).await;
    let quote = t.store.create_quote(&quote_input(ann.id)).await.unwrap();
    let token = "f0e1d2c3b4a5968778695a4b3c2d1e0f00112233";
    t.store
        .save_scheduling_link(
            token,
            "https://calendly.com/d/xyz/visit",
            "https://api.calendly.com/event_types/ET1",
            HOST,
            ann.id,
            Some(quote.id),
            None,
        )
        .await
        .unwrap();
    // The mark arrives first, carrying the whole invitee booked through the quote's link.
    let no_show = Hook {
        event: "invitee_no_show.created",
        ..Hook::booked("NS")
    }
    .with(json!({
        "tracking": {"utm_source": "quotla", "utm_content": token},
        "no_show": {"uri": "https://api.calendly.com/invitee_no_shows/NS1", "created_at": "2025-07-01T10:00:00Z"},
    }));
    apply(&t.store, &[(1, no_show.body())]).await;

    let m = t.store.meeting(&invitee_uri("NS")).await.unwrap();
    assert!(m.no_show);
    assert_eq!((m.client_id, m.quote_id), (Some(ann.id), Some(quote.id)));
    assert_eq!(m.quote_number.as_deref(), Some(quote.number.as_str()));
    // Its booking arriving later changes nothing about the link.
    apply(&t.store, &[(2, Hook::booked("NS").body())]).await;
    let m = t.store.meeting(&invitee_uri("NS")).await.unwrap();
    assert_eq!((m.client_id, m.quote_id), (Some(ann.id), Some(quote.id)));
}

#[tokio::test]
async fn a_few_changes_are_announced_one_by_one_and_many_in_one_summary_without_reading_them() {
    use quotla_core::sync::alerts::alerts;
    let t = store().await;
    ann(&t.store).await;
    let report = apply(
        &t.store,
        &[
            (1, Hook::booked("A1").body()),
            (2, Hook::booked("A2").body()),
        ],
    )
    .await;
    let before_the_meetings: jiff::Timestamp = "2025-06-20T00:00:00Z".parse().unwrap();
    let shown = alerts(&t.store, &report.applied, before_the_meetings)
        .await
        .unwrap();
    assert_eq!(shown.len(), 2);
    assert!(shown
        .iter()
        .all(|a| a.title == "New meeting with Ann Example"));
    // Once they are over, nothing interrupts the user.
    let after: jiff::Timestamp = "2025-08-01T00:00:00Z".parse().unwrap();
    assert!(alerts(&t.store, &report.applied, after)
        .await
        .unwrap()
        .is_empty());

    // Four at once are one summary, read from nothing: these meetings are not even stored.
    let many: Vec<_> = (0..4)
        .map(|i| quotla_core::store::Applied {
            kind: Effect::Booked,
            invitee_uri: invitee_uri(&format!("UNSTORED{i}")),
            client_id: None,
            quote_id: None,
            invoice_id: None,
        })
        .collect();
    let summary = alerts(&t.store, &many, before_the_meetings).await.unwrap();
    assert_eq!(summary.len(), 1);
    assert_eq!(summary[0].title, "4 meetings changed");
}
