//! Tolerant webhook parsing beyond the fixtures: old payloads, unknown values, no-shows,
//! reschedules and bodies that are not webhooks at all.

use calendly::model::{ConferenceStatus, InviteeStatus, LocationKind};
use calendly::webhook::{WebhookBody, WebhookError, WebhookEvent};
use serde_json::json;

fn parse(v: serde_json::Value) -> WebhookBody {
    WebhookBody::parse(v.to_string().as_bytes()).unwrap()
}

fn invitee(v: serde_json::Value) -> (calendly::webhook::Envelope, calendly::model::Invitee) {
    match parse(v) {
        WebhookBody::Invitee { envelope, invitee } => (envelope, *invitee),
        other => panic!("expected an invitee webhook, got {other:?}"),
    }
}

#[test]
fn pre_2022_payload_without_scheduled_event_created_by_or_name() {
    let (env, inv) = invitee(json!({
        "event": "invitee.created",
        "created_at": "2021-03-01T10:00:00.000000Z",
        "payload": {
            "uri": "https://api.calendly.com/scheduled_events/EV/invitees/INV",
            "email": "old@example.com",
            "name": null,
            "event": "https://api.calendly.com/scheduled_events/EV",
            "status": "active",
            "tracking": null,
            "questions_and_answers": null
        }
    }));
    assert_eq!(env.event, WebhookEvent::InviteeCreated);
    assert!(env.created_by.is_none());
    assert!(inv.name.is_none());
    assert!(inv.scheduled_event.is_none());
    assert_eq!(
        inv.event.as_deref(),
        Some("https://api.calendly.com/scheduled_events/EV")
    );
    assert!(inv.questions_and_answers.is_empty());
    assert_eq!(inv.tracking, Default::default());
}

#[test]
fn unknown_fields_and_enum_values_are_kept_not_fatal() {
    let (env, inv) = invitee(json!({
        "event": "invitee.canceled",
        "created_at": "2026-01-01T00:00:00Z",
        "created_by": "https://api.calendly.com/users/U1",
        "brand_new_envelope_field": {"x": 1},
        "payload": {
            "uri": "https://api.calendly.com/scheduled_events/EV/invitees/INV",
            "email": "a@example.com",
            "status": "archived",
            "some_future_field": [1, 2, 3],
            "cancellation": {"canceled_by": "Host", "canceler_type": "system", "reason": null},
            "scheduled_event": {
                "uri": "https://api.calendly.com/scheduled_events/EV",
                "status": "paused",
                "location": {"type": "whereby_conference", "status": "queued", "join_url": null}
            }
        }
    }));
    assert_eq!(
        env.created_by.as_deref(),
        Some("https://api.calendly.com/users/U1")
    );
    assert_eq!(inv.status, Some(InviteeStatus::Other("archived".into())));
    let c = inv.cancellation.unwrap();
    assert_eq!(c.canceler_type.unwrap().as_str(), "system");
    let ev = inv.scheduled_event.unwrap();
    assert_eq!(ev.status.unwrap().as_str(), "paused");
    let loc = ev.location.unwrap();
    assert_eq!(
        loc.kind,
        Some(LocationKind::Other("whereby_conference".into()))
    );
    assert_eq!(loc.status, Some(ConferenceStatus::Other("queued".into())));
    assert!(loc.join_url.is_none());
}

#[test]
fn every_documented_location_type_is_known() {
    for t in [
        "physical",
        "outbound_call",
        "inbound_call",
        "ask_invitee",
        "custom",
        "google_conference",
        "zoom_conference",
        "gotomeeting",
        "microsoft_teams_conference",
        "webex_conference",
    ] {
        let kind = LocationKind::from(t);
        assert!(!matches!(kind, LocationKind::Other(_)), "{t}");
        assert_eq!(kind.as_str(), t);
    }
}

#[test]
fn conference_join_url_null_while_processing() {
    let (_, inv) = invitee(json!({
        "event": "invitee.created",
        "payload": {
            "uri": "u",
            "scheduled_event": {"uri": "e", "location": {"type": "zoom_conference", "status": "processing", "join_url": null}}
        }
    }));
    let loc = inv.scheduled_event.unwrap().location.unwrap();
    assert_eq!(loc.kind, Some(LocationKind::ZoomConference));
    assert_eq!(loc.status, Some(ConferenceStatus::Processing));
    assert!(loc.join_url.is_none());
}

#[test]
fn reschedule_pair() {
    let (_, old) = invitee(json!({
        "event": "invitee.canceled",
        "payload": {"uri": "old", "status": "canceled", "rescheduled": true, "new_invitee": "new",
                    "cancellation": {"canceled_by": "Invitee", "canceler_type": "invitee", "reason": "moved"}}
    }));
    assert!(old.rescheduled);
    assert_eq!(old.new_invitee.as_deref(), Some("new"));
    let (_, new) = invitee(json!({
        "event": "invitee.created",
        "payload": {"uri": "new", "status": "active", "old_invitee": "old"}
    }));
    assert!(!new.rescheduled);
    assert_eq!(new.old_invitee.as_deref(), Some("old"));
}

#[test]
fn no_show_events_in_both_possible_shapes() {
    // As the docs describe: the invitee, with `no_show` set (created) or null (deleted).
    let (env, inv) = invitee(json!({
        "event": "invitee_no_show.created",
        "created_by": "https://api.calendly.com/users/U1",
        "payload": {"uri": "inv", "email": "a@example.com",
                    "no_show": {"uri": "https://api.calendly.com/invitee_no_shows/NS", "created_at": "2024-01-01T00:00:00Z"}}
    }));
    assert_eq!(env.event, WebhookEvent::InviteeNoShowCreated);
    assert_eq!(
        inv.no_show.unwrap().uri.as_deref(),
        Some("https://api.calendly.com/invitee_no_shows/NS")
    );
    let (env, inv) = invitee(json!({
        "event": "invitee_no_show.deleted",
        "payload": {"uri": "inv", "email": "a@example.com", "no_show": null}
    }));
    assert_eq!(env.event, WebhookEvent::InviteeNoShowDeleted);
    assert!(inv.no_show.is_none());
    // The bare no-show resource, should Calendly send that instead.
    match parse(json!({
        "event": "invitee_no_show.deleted",
        "payload": {"uri": "https://api.calendly.com/invitee_no_shows/NS", "invitee": "inv", "created_at": "2024-01-01T00:00:00Z"}
    })) {
        WebhookBody::NoShow { envelope, no_show } => {
            assert_eq!(envelope.event, WebhookEvent::InviteeNoShowDeleted);
            assert_eq!(no_show.invitee.as_deref(), Some("inv"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_events_are_other_with_their_payload() {
    let body = parse(json!({
        "event": "routing_form_submission.created",
        "created_by": "https://api.calendly.com/users/U1",
        "payload": {"uri": "r", "questions_and_answers": []}
    }));
    assert_eq!(body.event(), &WebhookEvent::RoutingFormSubmissionCreated);
    assert_eq!(body.created_by(), Some("https://api.calendly.com/users/U1"));
    assert!(matches!(body, WebhookBody::Other { .. }));
    let body = parse(json!({"event": "meeting_recap.created", "payload": null}));
    let WebhookBody::Other { envelope, payload } = body else {
        panic!()
    };
    assert_eq!(
        envelope.event,
        WebhookEvent::Other("meeting_recap.created".into())
    );
    assert!(payload.is_null());
}

#[test]
fn legacy_shape_is_reported_not_misparsed() {
    let body = parse(json!({
        "event": "invitee.canceled",
        "payload": {"event": {"uuid": "E"}, "invitee": {"uuid": "I", "email": "x@example.com"}}
    }));
    assert!(matches!(body, WebhookBody::Legacy { .. }));
    assert_eq!(body.event(), &WebhookEvent::InviteeCanceled);
    assert_eq!(body.created_by(), None);
}

#[test]
fn bodies_that_are_not_webhooks() {
    assert!(matches!(
        WebhookBody::parse(b"not json"),
        Err(WebhookError::NotJson(_))
    ));
    assert!(matches!(
        WebhookBody::parse(b""),
        Err(WebhookError::NotJson(_))
    ));
    assert_eq!(
        WebhookBody::parse(b"[1]").unwrap_err(),
        WebhookError::NotAnObject
    );
    assert_eq!(
        WebhookBody::parse(b"{}").unwrap_err(),
        WebhookError::MissingEvent
    );
    assert_eq!(
        WebhookBody::parse(br#"{"event": 5}"#).unwrap_err(),
        WebhookError::MissingEvent
    );
    // A known event whose payload is not an invitee is an error, not a silent skip.
    let e = WebhookBody::parse(br#"{"event": "invitee.created", "payload": {"email": "no uri"}}"#)
        .unwrap_err();
    assert!(matches!(e, WebhookError::InvalidPayload { .. }), "{e:?}");
    // An unreadable envelope timestamp does not drop the event.
    let (env, _) = invitee(
        json!({"event": "invitee.created", "created_at": "yesterday", "payload": {"uri": "u"}}),
    );
    assert!(env.created_at.is_none());
}
