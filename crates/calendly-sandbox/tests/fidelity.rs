//! Every implemented operation's responses validate against the response schema in
//! `crates/calendly/tests/data/openapi-2024-04.yaml`, and webhook bodies carry what the fixtures carry
//! and parse with the `calendly` client's types.

mod common;

use common::spec::{Spec, FIXTURES};
use common::{enc, start, Receiver, ALL_SCOPES};
use serde_json::{json, Value};
use std::collections::BTreeSet;

#[tokio::test]
async fn users_and_event_types_match_the_spec() {
    let env = start().await;
    let t = env.tokens(ALL_SCOPES).await;
    let spec = Spec::get();

    let (s, h, me) = env.get(&t.access, "/users/me").await;
    assert_eq!(s, 200);
    assert!(h.contains_key("x-ratelimit-limit"));
    spec.check("/users/me", "get", 200, &me);
    assert_eq!(me["resource"]["uri"], t.owner);
    assert_eq!(me["resource"]["current_organization"], t.organization);

    // Following the user's URI works and gives the same resource.
    let (s, _, by_uri) = env.get(&t.access, &t.owner).await;
    assert_eq!(s, 200);
    spec.check("/users/{uuid}", "get", 200, &by_uri);
    assert_eq!(by_uri, me);

    // The organization URI can be followed too (with its own scope).
    let (s, _, _) = env.get(&t.access, &t.organization).await;
    assert_eq!(s, 403, "organizations:read was not granted");
    let org_token = env.tokens("organizations:read").await;
    let (s, _, org) = env.get(&org_token.access, &t.organization).await;
    assert_eq!(s, 200);
    spec.check_schema("Organization", &org["resource"]);
    assert_eq!(org["resource"]["stage"], "paid");

    let (s, _, list) = env
        .get(&t.access, &format!("/event_types?user={}", enc(&t.owner)))
        .await;
    assert_eq!(s, 200);
    spec.check("/event_types", "get", 200, &list);
    let items = list["collection"].as_array().expect("collection");
    assert!(items.len() >= 3, "seed has several event types");
    let uri = items[0]["uri"].as_str().expect("uri");
    let (s, _, one) = env.get(&t.access, uri).await;
    assert_eq!(s, 200);
    spec.check("/event_types/{uuid}", "get", 200, &one);
    assert_eq!(one["resource"], items[0]);
}

#[tokio::test]
async fn events_invitees_cancellation_and_no_shows_match_the_spec() {
    let env = start().await;
    let t = env.tokens(ALL_SCOPES).await;
    let spec = Spec::get();
    let et = env.event_type(&t).await;

    let (s, _, link) = env
        .post(
            &t.access,
            "/scheduling_links",
            json!({"max_event_count": 1, "owner": et, "owner_type": "EventType"}),
        )
        .await;
    assert_eq!(s, 201);
    spec.check("/scheduling_links", "post", 201, &link);

    let booked = env
        .book(
            &et,
            "pat@example.com",
            json!({"tracking": {"utm_source": "quotla", "utm_content": "tok123"}}),
        )
        .await;
    let event_uri = booked["event"]["uri"].as_str().expect("event").to_owned();
    let invitee_uri = booked["invitee"]["uri"]
        .as_str()
        .expect("invitee")
        .to_owned();

    let (s, _, list) = env
        .get(
            &t.access,
            &format!("/scheduled_events?user={}", enc(&t.owner)),
        )
        .await;
    assert_eq!(s, 200);
    spec.check("/scheduled_events", "get", 200, &list);
    assert_eq!(list["collection"][0]["uri"], event_uri.as_str());

    let (s, _, ev) = env.get(&t.access, &event_uri).await;
    assert_eq!(s, 200);
    spec.check("/scheduled_events/{uuid}", "get", 200, &ev);

    let (s, _, invs) = env.get(&t.access, &format!("{event_uri}/invitees")).await;
    assert_eq!(s, 200);
    spec.check("/scheduled_events/{uuid}/invitees", "get", 200, &invs);
    assert_eq!(invs["collection"][0]["tracking"]["utm_content"], "tok123");

    let (s, _, inv) = env.get(&t.access, &invitee_uri).await;
    assert_eq!(s, 200);
    spec.check(
        "/scheduled_events/{event_uuid}/invitees/{invitee_uuid}",
        "get",
        200,
        &inv,
    );

    let (s, _, ns) = env
        .post(
            &t.access,
            "/invitee_no_shows",
            json!({"invitee": invitee_uri}),
        )
        .await;
    assert_eq!(s, 201);
    spec.check("/invitee_no_shows", "post", 201, &ns);
    let ns_uri = ns["resource"]["uri"]
        .as_str()
        .expect("no-show uri")
        .to_owned();
    let (s, _, ns_get) = env.get(&t.access, &ns_uri).await;
    assert_eq!(s, 200);
    spec.check("/invitee_no_shows/{uuid}", "get", 200, &ns_get);
    let (_, _, inv) = env.get(&t.access, &invitee_uri).await;
    assert_eq!(inv["resource"]["no_show"]["uri"], ns_uri.as_str());
    spec.check(
        "/scheduled_events/{event_uuid}/invitees/{invitee_uuid}",
        "get",
        200,
        &inv,
    );
    let (s, _, _) = env.delete(&t.access, &ns_uri).await;
    assert_eq!(s, 204);

    let (s, _, c) = env
        .post(
            &t.access,
            &format!(
                "{}/cancellation",
                event_uri.trim_start_matches(env.sandbox.base_url())
            ),
            json!({"reason": "Client asked to postpone"}),
        )
        .await;
    assert_eq!(s, 201);
    spec.check("/scheduled_events/{uuid}/cancellation", "post", 201, &c);
    assert_eq!(c["resource"]["canceler_type"], "host");

    // Canceled resources carry their cancellation and still match.
    let (_, _, ev) = env.get(&t.access, &event_uri).await;
    spec.check("/scheduled_events/{uuid}", "get", 200, &ev);
    assert_eq!(ev["resource"]["status"], "canceled");
    assert_eq!(
        ev["resource"]["cancellation"]["reason"],
        "Client asked to postpone"
    );
    let (_, _, inv) = env.get(&t.access, &invitee_uri).await;
    spec.check(
        "/scheduled_events/{event_uuid}/invitees/{invitee_uuid}",
        "get",
        200,
        &inv,
    );
    assert_eq!(inv["resource"]["status"], "canceled");
    assert_eq!(inv["resource"]["cancellation"]["canceler_type"], "host");
}

#[tokio::test]
async fn webhook_subscriptions_match_the_spec() {
    let env = start().await;
    let t = env.tokens(ALL_SCOPES).await;
    let spec = Spec::get();
    let sub = env
        .subscribe(&t, "https://relay.example/hooks/calendly/abc")
        .await;
    spec.check("/webhook_subscriptions", "post", 201, &sub);
    assert_eq!(sub["resource"]["creator"], t.owner.as_str());
    assert_eq!(sub["resource"]["state"], "active");

    let (s, _, list) = env
        .get(
            &t.access,
            &format!(
                "/webhook_subscriptions?organization={}&user={}&scope=user",
                enc(&t.organization),
                enc(&t.owner)
            ),
        )
        .await;
    assert_eq!(s, 200);
    spec.check("/webhook_subscriptions", "get", 200, &list);
    let uri = sub["resource"]["uri"].as_str().expect("uri");
    let (s, _, one) = env.get(&t.access, uri).await;
    assert_eq!(s, 200);
    spec.check("/webhook_subscriptions/{webhook_uuid}", "get", 200, &one);

    let (s, _, dup) = env
        .post(
            &t.access,
            "/webhook_subscriptions",
            json!({"url": "https://relay.example/hooks/calendly/abc", "events": ["invitee.created"],
                   "organization": t.organization, "user": t.owner, "scope": "user"}),
        )
        .await;
    assert_eq!(s, 409);
    spec.check("/webhook_subscriptions", "post", 409, &dup);

    let (s, _, body) = env.delete(&t.access, uri).await;
    assert_eq!((s.as_u16(), body), (204, Value::Null));
    let (s, _, gone) = env.get(&t.access, uri).await;
    assert_eq!(s, 404);
    spec.check("/webhook_subscriptions/{webhook_uuid}", "get", 404, &gone);
}

#[tokio::test]
async fn error_bodies_match_the_spec() {
    let env = start().await;
    let spec = Spec::get();
    let (s, _, e) = env.get("not-a-token", "/users/me").await;
    assert_eq!(s, 401);
    spec.check("/users/me", "get", 401, &e);

    let t = env.tokens("users:read").await;
    let (s, _, e) = env.get(&t.access, "/event_types?user=x").await;
    assert_eq!(s, 403);
    spec.check("/event_types/{uuid}", "get", 403, &e);

    let t = env.tokens(ALL_SCOPES).await;
    let (s, _, e) = env.get(&t.access, "/event_types/NOPE").await;
    assert_eq!(s, 404);
    spec.check("/event_types/{uuid}", "get", 404, &e);
    let (s, _, e) = env.get(&t.access, "/event_types?count=0").await;
    assert_eq!(s, 400);
    spec.check("/event_types", "get", 400, &e);
}

#[test]
fn the_checker_rejects_what_it_should() {
    // A wrong null, a missing required field and a bad timestamp must all fail, or the
    // fidelity tests above prove nothing.
    let spec = Spec::get();
    let good = json!({"resource": {
        "uri": "http://127.0.0.1:1/users/A", "name": "A", "slug": "a", "email": "a@example.com",
        "scheduling_url": "http://127.0.0.1:1/a", "timezone": "UTC", "avatar_url": null,
        "created_at": "2020-01-02T03:04:05.678123Z", "updated_at": "2020-01-02T03:04:05.678123Z",
        "current_organization": "http://127.0.0.1:1/organizations/B"}});
    assert!(spec.is_valid("/users/me", "get", 200, &good));
    let mut v = good.clone();
    v["resource"]["name"] = Value::Null;
    assert!(
        !spec.is_valid("/users/me", "get", 200, &v),
        "name is not nullable"
    );
    let mut v = good.clone();
    v["resource"]
        .as_object_mut()
        .expect("obj")
        .remove("avatar_url");
    assert!(
        !spec.is_valid("/users/me", "get", 200, &v),
        "avatar_url is required"
    );
    let mut v = good.clone();
    v["resource"]["created_at"] = json!("yesterday");
    assert!(
        !spec.is_valid("/users/me", "get", 200, &v),
        "date-time format is asserted"
    );
}

fn keys(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    if let Some(m) = v.as_object() {
        for (k, child) in m {
            let path = format!("{prefix}{k}");
            out.insert(path.clone());
            // Nested objects whose presence depends on state (payment, no_show, …) are
            // compared by name only; tracking, scheduled_event and its parts fully.
            if matches!(
                k.as_str(),
                "payload" | "tracking" | "scheduled_event" | "invitees_counter"
            ) || prefix.ends_with("scheduled_event.")
            {
                keys(child, &format!("{path}."), out);
            }
            if let Some(first) = child.as_array().and_then(|a| a.first()) {
                if prefix.ends_with("scheduled_event.") {
                    keys(first, &format!("{path}[]."), out);
                }
            }
        }
    }
}

fn fixture(name: &str) -> Value {
    let p = format!("{FIXTURES}/calendlyr/{name}");
    serde_json::from_str(&std::fs::read_to_string(&p).expect("fixture")).expect("fixture json")
}

#[tokio::test]
async fn webhook_bodies_carry_the_fixture_fields_and_parse_with_the_client() {
    let env = start().await;
    let t = env.tokens(ALL_SCOPES).await;
    let spec = Spec::get();
    let rx = Receiver::start().await;
    env.subscribe(&t, &rx.url).await;
    // The in-person event type carries a physical location with additional_info, as the
    // fixture's does.
    let (_, _, ets) = env
        .get(&t.access, &format!("/event_types?user={}", enc(&t.owner)))
        .await;
    let site_visit = ets["collection"]
        .as_array()
        .expect("list")
        .iter()
        .find(|e| e["slug"] == "site-visit")
        .and_then(|e| e["uri"].as_str())
        .expect("site-visit event type")
        .to_owned();
    env.book(
        &site_visit,
        "pat@example.com",
        json!({"guests": ["guest@example.com"]}),
    )
    .await;
    let got = rx.wait_for(1).await;
    let body = got[0].json();
    spec.check_schema("WebhookPayload", &body);
    assert_eq!(body["event"], "invitee.created");
    assert_eq!(body["created_by"], t.owner.as_str());

    let mut want = BTreeSet::new();
    keys(&fixture("objects_webhooks_payload.json"), "", &mut want);
    let mut invite = BTreeSet::new();
    keys(
        &fixture("objects_webhooks_invite_payload.json"),
        "payload.",
        &mut invite,
    );
    want.extend(invite);
    let mut have = BTreeSet::new();
    keys(&body, "", &mut have);
    let missing: Vec<_> = want.difference(&have).collect();
    assert!(
        missing.is_empty(),
        "webhook body lacks fixture fields: {missing:?}"
    );

    let parsed = calendly::webhook::WebhookBody::parse(&got[0].body).expect("client parses it");
    match parsed {
        calendly::webhook::WebhookBody::Invitee { envelope, invitee } => {
            assert_eq!(envelope.created_by.as_deref(), Some(t.owner.as_str()));
            assert_eq!(invitee.email.as_deref(), Some("pat@example.com"));
        }
        other => panic!("parsed as {other:?}"),
    }
}

#[tokio::test]
async fn group_events_and_changed_accounts_still_match_the_spec() {
    let env = start().await;
    let scope = format!("{ALL_SCOPES} organizations:read");
    let t = env.tokens(&scope).await;
    let t2 = env.tokens_of(&scope, "second").await;
    let spec = Spec::get();
    let rx = Receiver::start().await;
    env.subscribe(&t2, &rx.url).await;

    // The second user and their event types.
    let (_, _, me) = env.get(&t2.access, "/users/me").await;
    spec.check("/users/me", "get", 200, &me);
    let (_, _, list) = env
        .get(&t2.access, &format!("/event_types?user={}", enc(&t2.owner)))
        .await;
    spec.check("/event_types", "get", 200, &list);

    // A group event type, a shared event and its invitees, before and after one cancels.
    let wk = env.event_type_slug(&t, "group-workshop").await;
    let (_, _, et) = env.get(&t.access, &wk).await;
    spec.check("/event_types/{uuid}", "get", 200, &et);
    let at = json!({"start_time": "2099-08-01T09:00:00Z"});
    env.book(&wk, "a@example.com", at.clone()).await;
    let b = env.book(&wk, "b@example.com", at).await;
    let event = b["event"]["uri"].as_str().expect("event").to_owned();
    spec.check_schema("Event", &b["event"]);
    env.control(
        "cancel",
        json!({"invitee": b["invitee"]["uri"], "by": "invitee"}),
    )
    .await;
    let (_, _, ev) = env.get(&t.access, &event).await;
    spec.check("/scheduled_events/{uuid}", "get", 200, &ev);
    assert_eq!(
        ev["resource"]["invitees_counter"],
        json!({"total": 2, "active": 1, "limit": 5})
    );
    let (_, _, invs) = env.get(&t.access, &format!("{event}/invitees")).await;
    spec.check("/scheduled_events/{uuid}/invitees", "get", 200, &invs);

    // A deactivated event type.
    env.control("event_types/deactivate", json!({"event_type": wk}))
        .await;
    let (_, _, et) = env.get(&t.access, &wk).await;
    spec.check("/event_types/{uuid}", "get", 200, &et);

    // A booking on the second user's event type: delivered with them as creator.
    let theirs = env.event_type(&t2).await;
    env.book(&theirs, "c@example.com", json!({})).await;
    let got = rx.wait_for(1).await;
    spec.check_schema("WebhookPayload", &got[0].json());
    assert_eq!(got[0].json()["created_by"], t2.owner.as_str());

    // A disabled subscription, in the list and alone.
    let sub = env.subscribe(&t, "https://relay.example/h").await;
    let uri = sub["resource"]["uri"].as_str().expect("uri").to_owned();
    env.control(
        "webhook_subscriptions/disable",
        json!({"subscription": uri}),
    )
    .await;
    let (_, _, one) = env.get(&t.access, &uri).await;
    spec.check("/webhook_subscriptions/{webhook_uuid}", "get", 200, &one);
    assert_eq!(one["resource"]["state"], "disabled");
    let (_, _, subs) = env
        .get(
            &t.access,
            &format!(
                "/webhook_subscriptions?organization={}&user={}&scope=user",
                enc(&t.organization),
                enc(&t.owner)
            ),
        )
        .await;
    spec.check("/webhook_subscriptions", "get", 200, &subs);

    // A renamed user moved to a new organization.
    let (s, v) = env
        .control(
            "user",
            json!({"name": "Morgan Stone", "organization": "new"}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let (_, _, me) = env.get(&t.access, "/users/me").await;
    spec.check("/users/me", "get", 200, &me);
    let org = me["resource"]["current_organization"]
        .as_str()
        .expect("org");
    let (s, _, org) = env.get(&t.access, org).await;
    assert_eq!(s, 200);
    spec.check_schema("Organization", &org["resource"]);
    let (s, _, e) = env.get(&t.access, &t.organization).await;
    assert_eq!(s, 403);
    spec.check("/event_types/{uuid}", "get", 403, &e);
}
