//! Webhook delivery: signed like Calendly, retried with back-off on anything but 2xx,
//! 410 deletes the subscription, exhausted retries disable it, and the delivery faults.

mod common;

use calendly::webhook::WebhookBody;
use calendly_sandbox::{DeliveryConfig, SandboxConfig};
use common::{eventually, hooked, start, Env, Hooked, Received, Receiver, ALL_SCOPES};
use serde_json::{json, Value};
use std::time::Duration;

const KEY: &str = "sandbox-signing-key";

fn verify(r: &Received) -> i64 {
    let header = r.signature.as_deref().expect("signature header");
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    calendly::signature::verify(header, &r.body, &[KEY], now, 180)
        .expect("signature verifies")
        .timestamp
}

async fn delivery_states(env: &Env) -> Vec<(String, String, usize)> {
    env.deliveries()
        .await
        .iter()
        .map(|d| {
            (
                d["event"].as_str().unwrap_or("").to_owned(),
                d["state"].as_str().unwrap_or("").to_owned(),
                d["attempts"].as_array().map_or(0, Vec::len),
            )
        })
        .collect()
}

async fn settled(env: &Env, n: usize) -> Vec<(String, String, usize)> {
    eventually(|| async {
        let s = delivery_states(env).await;
        (s.len() >= n && s.iter().all(|d| d.1 != "pending")).then_some(s)
    })
    .await
}

#[tokio::test]
async fn deliveries_are_signed_and_parse_with_the_client() {
    let Hooked { env, rx, et, .. } = hooked(SandboxConfig::default()).await;
    let booked = env
        .book(
            &et,
            "sam@example.com",
            json!({"tracking": {"utm_source": "quotla", "utm_content": "abc"}}),
        )
        .await;
    let got = rx.wait_for(1).await;
    verify(&got[0]);
    assert_eq!(got[0].content_type.as_deref(), Some("application/json"));
    let body = got[0].json();
    assert_eq!(body["payload"]["uri"], booked["invitee"]["uri"]);
    assert_eq!(body["payload"]["tracking"]["utm_content"], "abc");
    assert_eq!(
        body["payload"]["scheduled_event"]["uri"],
        booked["event"]["uri"]
    );
    assert!(matches!(
        WebhookBody::parse(&got[0].body),
        Ok(WebhookBody::Invitee { .. })
    ));
    // A body signed with another key does not verify.
    let header = got[0].signature.as_deref().expect("sig");
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    assert!(calendly::signature::verify(header, &got[0].body, &["other-key"], now, 180).is_err());
    assert_eq!(
        settled(&env, 1).await,
        [("invitee.created".into(), "delivered".into(), 1)]
    );
}

#[tokio::test]
async fn failures_and_redirects_are_retried_until_2xx() {
    let Hooked {
        env,
        t,
        rx,
        sub,
        et,
    } = hooked(SandboxConfig::default()).await;
    rx.answer(&[500, 302, 404]);
    env.book(&et, "a@example.com", json!({})).await;
    let got = rx.wait_for(4).await;
    assert!(
        got.iter().all(|r| r.body == got[0].body),
        "retries resend the same body"
    );
    for r in &got {
        verify(r);
    }
    let states = settled(&env, 1).await;
    assert_eq!(states, [("invitee.created".into(), "delivered".into(), 4)]);
    let d = &env.deliveries().await[0];
    let codes: Vec<u64> = d["attempts"]
        .as_array()
        .expect("attempts")
        .iter()
        .filter_map(|a| a["status"].as_u64())
        .collect();
    assert_eq!(codes, [500, 302, 404, 200]);
    let (_, _, s) = env
        .get(&t.access, sub["resource"]["uri"].as_str().expect("uri"))
        .await;
    assert_eq!(s["resource"]["state"], "active");
    assert_eq!(
        s["resource"]["retry_started_at"],
        Value::Null,
        "cleared after success"
    );
}

#[tokio::test]
async fn gone_deletes_the_subscription() {
    let Hooked {
        env,
        t,
        rx,
        sub,
        et,
    } = hooked(SandboxConfig::default()).await;
    rx.answer(&[410]);
    let uri = sub["resource"]["uri"].as_str().expect("uri").to_owned();
    env.book(&et, "a@example.com", json!({})).await;
    assert_eq!(
        settled(&env, 1).await,
        [("invitee.created".into(), "gone".into(), 1)]
    );
    assert_eq!(env.get(&t.access, &uri).await.0, 404);
    env.book(&et, "b@example.com", json!({})).await;
    assert_eq!(
        env.deliveries().await.len(),
        1,
        "nothing is sent to a deleted subscription"
    );
    assert_eq!(rx.received().len(), 1);
}

#[tokio::test]
async fn exhausted_retries_disable_the_subscription() {
    let Hooked {
        env,
        t,
        rx,
        sub,
        et,
    } = hooked(SandboxConfig::default()).await;
    rx.answer(&[500; 1000]);
    let uri = sub["resource"]["uri"].as_str().expect("uri").to_owned();
    env.book(&et, "a@example.com", json!({})).await;
    let states = settled(&env, 1).await;
    assert_eq!(states[0].1, "exhausted");
    assert!(states[0].2 >= 2, "retried: {states:?}");
    let (_, _, s) = env.get(&t.access, &uri).await;
    assert_eq!(s["resource"]["state"], "disabled");
    assert!(s["resource"]["retry_started_at"].is_string());
    common::spec::Spec::get().check("/webhook_subscriptions/{webhook_uuid}", "get", 200, &s);
    // A disabled subscription gets nothing more.
    let before = rx.received().len();
    env.book(&et, "b@example.com", json!({})).await;
    assert_eq!(env.deliveries().await.len(), 1);
    assert_eq!(rx.received().len(), before);
}

#[tokio::test]
async fn unreachable_endpoints_are_retried_as_failures() {
    let env = common::start_with(short_window()).await;
    let t = env.tokens(ALL_SCOPES).await;
    // A port that was just free: connection refused.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        format!("http://{}/hook", l.local_addr().expect("addr"))
    };
    env.subscribe(&t, &dead).await;
    let et = env.event_type(&t).await;
    env.book(&et, "a@example.com", json!({})).await;
    settled(&env, 1).await;
    let d = &env.deliveries().await[0];
    assert_eq!(d["state"], "exhausted");
    assert_eq!(d["attempts"][0]["error"], "connect");
}

/// Retries give up after 300 ms, so exhaustion shows quickly.
fn short_window() -> SandboxConfig {
    SandboxConfig {
        delivery: DeliveryConfig {
            retry_window: Duration::from_millis(300),
            ..DeliveryConfig::default()
        },
        ..SandboxConfig::default()
    }
}

fn slow_retry_config(keep_first: bool) -> SandboxConfig {
    SandboxConfig {
        delivery: DeliveryConfig {
            // Over a second apart, so a fresh timestamp differs from the first.
            initial_backoff: Duration::from_millis(1100),
            retry_window: Duration::from_secs(5),
            keep_first_timestamp: keep_first,
            ..DeliveryConfig::default()
        },
        ..SandboxConfig::default()
    }
}

async fn two_attempt_timestamps(keep_first: bool) -> (i64, i64) {
    let Hooked { env, rx, et, .. } = hooked(slow_retry_config(keep_first)).await;
    rx.answer(&[503]);
    env.book(&et, "a@example.com", json!({})).await;
    let got = rx.wait_for(2).await;
    (verify(&got[0]), verify(&got[1]))
}

#[tokio::test]
async fn each_retry_is_signed_afresh_unless_configured_otherwise() {
    let (first, second) = two_attempt_timestamps(false).await;
    assert!(second > first, "fresh t on retry: {first} then {second}");
    let (first, second) = two_attempt_timestamps(true).await;
    assert_eq!(first, second, "keep_first_timestamp keeps t");
}

#[tokio::test]
async fn reschedule_fires_canceled_then_created_and_swap_reverses_them() {
    let Hooked { env, rx, et, .. } = hooked(SandboxConfig::default()).await;
    let booked = env
        .book(
            &et,
            "a@example.com",
            json!({"start_time": "2099-03-01T09:00:00Z"}),
        )
        .await;
    let old = booked["invitee"]["uri"].as_str().expect("uri").to_owned();
    let (s, r) = env
        .control(
            "reschedule",
            json!({"invitee": old, "start_time": "2099-03-02T09:00:00Z"}),
        )
        .await;
    assert_eq!(s, 200, "{r}");
    let new = r["invitee"]["uri"].as_str().expect("new uri").to_owned();
    let got = rx.wait_for(3).await;
    let canceled = got[1].json();
    let created = got[2].json();
    assert_eq!(canceled["event"], "invitee.canceled");
    assert_eq!(canceled["payload"]["uri"], old.as_str());
    assert_eq!(canceled["payload"]["rescheduled"], true);
    assert_eq!(canceled["payload"]["new_invitee"], new.as_str());
    assert_eq!(
        canceled["payload"]["cancellation"]["canceler_type"],
        "invitee"
    );
    assert_eq!(created["event"], "invitee.created");
    assert_eq!(created["payload"]["old_invitee"], old.as_str());
    assert_eq!(
        created["payload"]["scheduled_event"]["start_time"],
        "2099-03-02T09:00:00.000000Z"
    );
    for r in &got {
        common::spec::Spec::get().check_schema("WebhookPayload", &r.json());
    }

    // With the swap fault the pair arrives in the other order.
    env.control("faults", json!({"kind": "swap_delivery_order"}))
        .await;
    env.control("reschedule", json!({"invitee": new})).await;
    let got = rx.wait_for(5).await;
    assert_eq!(got[3].json()["event"], "invitee.created");
    assert_eq!(got[4].json()["event"], "invitee.canceled");
    assert_eq!(got[4].json()["payload"]["uri"], new.as_str());
}

#[tokio::test]
async fn duplicate_fault_delivers_the_same_body_twice() {
    let Hooked { env, rx, et, .. } = hooked(SandboxConfig::default()).await;
    env.control("faults", json!({"kind": "duplicate_delivery"}))
        .await;
    env.book(&et, "a@example.com", json!({})).await;
    env.book(&et, "b@example.com", json!({})).await;
    let got = rx.wait_for(3).await;
    assert_eq!(got[0].body, got[1].body);
    assert_ne!(got[1].body, got[2].body);
    let dup: Vec<bool> = env
        .deliveries()
        .await
        .iter()
        .map(|d| d["duplicate"] == true)
        .collect();
    assert_eq!(dup, [false, true, false]);
}

#[tokio::test]
async fn cancel_and_no_show_events_carry_their_state() {
    let Hooked { env, t, rx, et, .. } = hooked(SandboxConfig::default()).await;
    let booked = env.book(&et, "a@example.com", json!({})).await;
    let inv = booked["invitee"]["uri"].as_str().expect("uri").to_owned();

    let (s, _, ns) = env
        .post(&t.access, "/invitee_no_shows", json!({"invitee": inv}))
        .await;
    assert_eq!(s, 201);
    let (s, _, _) = env
        .post(&t.access, "/invitee_no_shows", json!({"invitee": inv}))
        .await;
    assert_eq!(s, 400, "already marked");
    let (s, _, _) = env
        .delete(&t.access, ns["resource"]["uri"].as_str().expect("uri"))
        .await;
    assert_eq!(s, 204);
    let (s, _) = env
        .control(
            "cancel",
            json!({"invitee": inv, "by": "invitee", "reason": "Found another studio"}),
        )
        .await;
    assert_eq!(s, 200);
    let (s, _) = env.control("cancel", json!({"invitee": inv})).await;
    assert_eq!(s, 403, "already canceled");

    let got = rx.wait_for(4).await;
    let events: Vec<Value> = got.iter().map(Received::json).collect();
    let names: Vec<&str> = events
        .iter()
        .map(|e| e["event"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        names,
        [
            "invitee.created",
            "invitee_no_show.created",
            "invitee_no_show.deleted",
            "invitee.canceled"
        ]
    );
    assert_eq!(
        events[1]["payload"]["no_show"]["uri"],
        ns["resource"]["uri"]
    );
    assert_eq!(events[2]["payload"]["no_show"], Value::Null);
    let c = &events[3]["payload"];
    assert_eq!(c["status"], "canceled");
    assert_eq!(c["canceled"], true);
    assert_eq!(c["cancellation"]["canceler_type"], "invitee");
    assert_eq!(c["cancellation"]["reason"], "Found another studio");
    assert_eq!(c["scheduled_event"]["status"], "canceled");
    for r in &got {
        verify(r);
        let parsed = WebhookBody::parse(&r.body).expect("client parses");
        assert!(matches!(parsed, WebhookBody::Invitee { .. }), "{parsed:?}");
        common::spec::Spec::get().check_schema("WebhookPayload", &r.json());
    }
}

#[tokio::test]
async fn subscriptions_only_get_the_events_they_asked_for() {
    let env = start().await;
    let t = env.tokens(ALL_SCOPES).await;
    let rx = Receiver::start().await;
    let (s, _, _) = env
        .post(
            &t.access,
            "/webhook_subscriptions",
            json!({"url": rx.url, "events": ["invitee.canceled"], "organization": t.organization, "user": t.owner, "scope": "user"}),
        )
        .await;
    assert_eq!(s, 201);
    let et = env.event_type(&t).await;
    let b = env.book(&et, "a@example.com", json!({})).await;
    env.control("cancel", json!({"invitee": b["invitee"]["uri"]}))
        .await;
    let got = rx.wait_for(1).await;
    settled(&env, 1).await;
    assert_eq!(rx.received().len(), 1);
    assert_eq!(got[0].json()["event"], "invitee.canceled");
    assert_eq!(
        got[0].json()["payload"]["cancellation"]["canceler_type"],
        "host"
    );
}
