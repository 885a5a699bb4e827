//! More than one account in one sandbox: the second user, REST answers per token owner,
//! webhook `created_by`, the account and event-type control routes, disabled subscriptions
//! and the per-route request counters, with malformed, hostile and oversized input to each
//! new control route.

mod common;

use calendly_sandbox::SandboxConfig;
use common::{enc, hooked, start, Env, Hooked, Receiver, Tokens, ALL_SCOPES};
use serde_json::{json, Value};

fn s(v: &Value) -> String {
    v.as_str().expect("string").to_owned()
}

fn uris(list: &Value) -> Vec<String> {
    list["collection"]
        .as_array()
        .expect("collection")
        .iter()
        .map(|e| s(&e["uri"]))
        .collect()
}

async fn events_of(env: &Env, t: &Tokens, filter: &str) -> (u16, Value) {
    let (st, _, v) = env
        .get(&t.access, &format!("/scheduled_events?{filter}"))
        .await;
    (st.as_u16(), v)
}

#[tokio::test]
async fn the_second_user_is_served_as_their_own_account() {
    let env = start().await;
    let t1 = env.tokens(ALL_SCOPES).await;
    let t2 = env.tokens_of(ALL_SCOPES, "second").await;
    assert_ne!(t1.owner, t2.owner);
    assert_eq!(t1.organization, t2.organization, "one organization");
    let by_uri = env.tokens_of("users:read", &t2.owner).await;
    assert_eq!(by_uri.owner, t2.owner);

    let (_, _, me) = env.get(&t2.access, "/users/me").await;
    let me = &me["resource"];
    assert_eq!(
        (
            me["name"].as_str(),
            me["slug"].as_str(),
            me["email"].as_str()
        ),
        (
            Some("Second Host"),
            Some("second-host"),
            Some("second.host@avery-studio.example")
        )
    );
    assert_eq!(me["uri"], t2.owner.as_str());
    // A colleague's profile is readable; their lists are not.
    let (st, _, first) = env.get(&t2.access, &t1.owner).await;
    assert_eq!(
        (st.as_u16(), &first["resource"]["name"]),
        (200, &json!("Morgan Avery"))
    );

    let (_, _, mine) = env
        .get(&t2.access, &format!("/event_types?user={}", enc(&t2.owner)))
        .await;
    let mine = mine["collection"].as_array().expect("list").clone();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["name"], "Discovery Call");
    assert_eq!(mine[0]["profile"]["owner"], t2.owner.as_str());
    assert!(s(&mine[0]["scheduling_url"]).ends_with("/second-host/discovery-call"));
    let (st, _, _) = env
        .get(&t2.access, &format!("/event_types?user={}", enc(&t1.owner)))
        .await;
    assert_eq!(st, 403);
    let (_, _, org) = env
        .get(
            &t2.access,
            &format!("/event_types?organization={}", enc(&t2.organization)),
        )
        .await;
    assert_eq!(org["collection"].as_array().map(Vec::len), Some(6));

    // Scheduled events are filtered by their host.
    let theirs = env
        .book(&s(&mine[0]["uri"]), "x@example.com", json!({}))
        .await;
    assert_eq!(
        theirs["event"]["event_memberships"][0]["user_name"],
        "Second Host"
    );
    let ours = env
        .book(&env.event_type(&t1).await, "y@example.com", json!({}))
        .await;
    let (st, v) = events_of(&env, &t2, &format!("user={}", enc(&t2.owner))).await;
    assert_eq!((st, uris(&v)), (200, vec![s(&theirs["event"]["uri"])]));
    let (st, v) = events_of(&env, &t1, &format!("user={}", enc(&t1.owner))).await;
    assert_eq!((st, uris(&v)), (200, vec![s(&ours["event"]["uri"])]));
    let (st, _) = events_of(&env, &t1, &format!("user={}", enc(&t2.owner))).await;
    assert_eq!(st, 403);
    let (_, v) = events_of(
        &env,
        &t1,
        &format!("organization={}", enc(&t1.organization)),
    )
    .await;
    assert_eq!(uris(&v).len(), 2);

    // Their pages are their own.
    let page = env
        .http
        .get(env.url("/second-host"))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("Discovery Call") && !html.contains("Site Visit"));
    let r = env
        .http
        .post(env.url("/second-host/discovery-call"))
        .form(&[("name", "Page Booker"), ("email", "p@example.com")])
        .send()
        .await
        .expect("book");
    assert_eq!(r.status(), 200);
    let (_, v) = events_of(&env, &t2, &format!("user={}", enc(&t2.owner))).await;
    assert_eq!(uris(&v).len(), 2);
}

#[tokio::test]
async fn deliveries_go_to_the_hosts_subscriptions_signed_by_their_creator() {
    let env = start().await;
    let t1 = env.tokens(ALL_SCOPES).await;
    let t2 = env.tokens_of(ALL_SCOPES, "second").await;
    let (rx1, rx2) = (Receiver::start().await, Receiver::start().await);
    env.subscribe(&t1, &rx1.url).await;
    let sub2 = env.subscribe(&t2, &rx2.url).await;
    assert_eq!(sub2["resource"]["creator"], t2.owner.as_str());
    // A foreign user may point a subscription of their own at the same endpoint …
    let foreign = env.subscribe(&t2, &rx1.url).await;
    assert_eq!(foreign["resource"]["creator"], t2.owner.as_str());
    // … but one user cannot subscribe one URL twice.
    let (st, _, _) = env
        .post(
            &t1.access,
            "/webhook_subscriptions",
            json!({"url": rx1.url, "events": ["invitee.created"], "organization": t1.organization,
                   "user": t1.owner, "scope": "user"}),
        )
        .await;
    assert_eq!(st, 409);
    // Nobody subscribes for someone else.
    let (st, _, _) = env
        .post(
            &t2.access,
            "/webhook_subscriptions",
            json!({"url": "https://x.example/h", "events": ["invitee.created"],
                   "organization": t2.organization, "user": t1.owner, "scope": "user"}),
        )
        .await;
    assert_eq!(st, 403);

    env.book(&env.event_type(&t1).await, "a@example.com", json!({}))
        .await;
    let got = rx1.wait_for(1).await;
    assert_eq!(got[0].json()["created_by"], t1.owner.as_str());
    env.book(&env.event_type(&t2).await, "b@example.com", json!({}))
        .await;
    let got = rx1.wait_for(2).await;
    let foreign_body = got[1].json();
    assert_eq!(foreign_body["created_by"], t2.owner.as_str());
    assert_eq!(
        foreign_body["payload"]["scheduled_event"]["event_memberships"][0]["user"],
        t2.owner.as_str()
    );
    let got2 = rx2.wait_for(1).await;
    assert_eq!(got2[0].json()["created_by"], t2.owner.as_str());
    assert_eq!(got2[0].body, got[1].body, "the same event, one body");
    assert_eq!(env.deliveries().await.len(), 3);
    assert_eq!(
        rx2.received().len(),
        1,
        "the first user's event is not theirs"
    );

    // Each sees their own subscriptions.
    let list = |t: &Tokens| {
        format!(
            "/webhook_subscriptions?organization={}&user={}&scope=user",
            enc(&t.organization),
            enc(&t.owner)
        )
    };
    let (_, _, l1) = env.get(&t1.access, &list(&t1)).await;
    assert_eq!(uris(&l1).len(), 1);
    let (_, _, l2) = env.get(&t2.access, &list(&t2)).await;
    assert_eq!(uris(&l2).len(), 2);
    let (st, _, _) = env.get(&t1.access, &list(&t2)).await;
    assert_eq!(st, 403);
}

#[tokio::test]
async fn a_disabled_subscription_receives_nothing() {
    let Hooked {
        env,
        t,
        rx,
        sub,
        et,
    } = hooked(SandboxConfig::default()).await;
    let uri = s(&sub["resource"]["uri"]);
    // A delivery still being retried is dropped once the subscription is disabled.
    rx.answer(&[500; 1000]);
    env.book(&et, "a@example.com", json!({})).await;
    rx.wait_for(1).await;
    let (st, v) = env
        .control(
            "webhook_subscriptions/disable",
            json!({"subscription": uri}),
        )
        .await;
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["subscription"]["state"], "disabled");
    let dropped = common::eventually(|| async {
        let d = env.deliveries().await;
        (d[0]["state"] == "dropped").then_some(d)
    })
    .await;
    assert_eq!(dropped.len(), 1);
    let (_, _, got) = env.get(&t.access, &uri).await;
    assert_eq!(got["resource"]["state"], "disabled");
    // Nothing new is queued for it; disabling again is harmless.
    env.book(&et, "b@example.com", json!({})).await;
    assert_eq!(env.deliveries().await.len(), 1);
    let (st, _) = env
        .control(
            "webhook_subscriptions/disable",
            json!({"subscription": uri}),
        )
        .await;
    assert_eq!(st, 200);
    let (st, e) = env
        .control(
            "webhook_subscriptions/disable",
            json!({"subscription": format!("{}/webhook_subscriptions/nope", env.sandbox.base_url())}),
        )
        .await;
    assert_eq!(
        (st.as_u16(), e["title"].as_str()),
        (404, Some("Resource Not Found"))
    );
}

#[tokio::test]
async fn event_types_can_be_deactivated_and_deleted() {
    let env = start().await;
    let t = env.tokens(ALL_SCOPES).await;
    let visit = env.event_type_slug(&t, "site-visit").await;
    let review = env.event_type_slug(&t, "quote-review").await;
    let link = env.link(&t, &visit).await;
    let (_, _, et) = env.get(&t.access, &visit).await;
    let page_url = s(&et["resource"]["scheduling_url"]);
    let booked = env.book(&review, "r@example.com", json!({})).await;

    let (st, v) = env
        .control("event_types/deactivate", json!({"event_type": visit}))
        .await;
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["event_type"]["active"], false);
    let active = format!("/event_types?user={}&active=true", enc(&t.owner));
    let (_, _, list) = env.get(&t.access, &active).await;
    assert!(!uris(&list).contains(&visit));
    let (st, _, one) = env.get(&t.access, &visit).await;
    assert_eq!(
        (st.as_u16(), &one["resource"]["active"]),
        (200, &json!(false))
    );
    assert!(one["resource"]["updated_at"].as_str() > et["resource"]["updated_at"].as_str());
    // Its pages and links refuse, whichever way one tries.
    let (st, _, _) = env
        .post(
            &t.access,
            "/scheduling_links",
            json!({"max_event_count": 1, "owner": visit, "owner_type": "EventType"}),
        )
        .await;
    assert_eq!(st, 400);
    for url in [&page_url, &link] {
        let r = env.http.get(url).send().await.expect("page");
        assert_eq!(r.status(), 404, "{url}");
        let r = env
            .http
            .post(url)
            .form(&[("name", "Too Late"), ("email", "late@example.com")])
            .send()
            .await
            .expect("submit");
        assert_eq!(r.status(), 400, "{url}");
    }
    let (st, e) = env
        .control(
            "book",
            json!({"booking_url": link, "name": "Too Late", "email": "late@example.com"}),
        )
        .await;
    assert_eq!(
        (st.as_u16(), e["details"][0]["parameter"].as_str()),
        (400, Some("event_type"))
    );
    let user_page = env
        .http
        .get(env.url("/morgan-avery"))
        .send()
        .await
        .expect("user page")
        .text()
        .await
        .expect("html");
    assert!(!user_page.contains("Site Visit") && user_page.contains("Quote Review"));

    // Deleting: gone from the API; the scheduled event keeps the URI and still works.
    let (st, v) = env
        .control("event_types/delete", json!({"event_type": review}))
        .await;
    assert_eq!((st.as_u16(), &v["deleted"]), (200, &json!(review)));
    let (st, _, e) = env.get(&t.access, &review).await;
    assert_eq!(
        (st.as_u16(), e["title"].as_str()),
        (404, Some("Resource Not Found"))
    );
    let (_, _, all) = env
        .get(&t.access, &format!("/event_types?user={}", enc(&t.owner)))
        .await;
    assert!(!uris(&all).contains(&review));
    let event = s(&booked["event"]["uri"]);
    let (st, _, ev) = env.get(&t.access, &event).await;
    assert_eq!(
        (st.as_u16(), &ev["resource"]["event_type"]),
        (200, &json!(review))
    );
    assert_eq!(
        env.control("cancel", json!({"event": event})).await.0,
        200,
        "its meetings can still be canceled"
    );
    let (st, _) = env
        .control(
            "book",
            json!({"event_type": review, "name": "A", "email": "a@example.com"}),
        )
        .await;
    assert_eq!(st, 400);
    let r = env
        .http
        .get(env.url("/morgan-avery/quote-review"))
        .send()
        .await
        .expect("page");
    assert_eq!(r.status(), 404);

    for (path, uri) in [
        ("event_types/delete", &review),
        ("event_types/deactivate", &review),
        (
            "event_types/delete",
            &format!("{}/event_types/NOPE", env.sandbox.base_url()),
        ),
    ] {
        let (st, e) = env.control(path, json!({"event_type": uri})).await;
        assert_eq!(
            (st.as_u16(), e["title"].as_str()),
            (404, Some("Resource Not Found")),
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_user_can_be_renamed_and_moved_to_a_new_organization() {
    let env = start().await;
    let scope = format!("{ALL_SCOPES} organizations:read");
    let t = env.tokens(&scope).await;
    let t2 = env.tokens_of(&scope, "second").await;
    let rx = Receiver::start().await;
    let old_sub = env.subscribe(&t, &rx.url).await;
    let (_, _, before) = env.get(&t.access, "/users/me").await;

    env.advance(60).await;
    let (st, v) = env
        .control(
            "user",
            json!({"name": "Morgan Avery-Stone", "email": "morgan@stone.example"}),
        )
        .await;
    assert_eq!(st, 200, "{v}");
    let (_, _, me) = env.get(&t.access, "/users/me").await;
    assert_eq!(me["resource"], v["user"]);
    assert_eq!(me["resource"]["name"], "Morgan Avery-Stone");
    assert_eq!(me["resource"]["email"], "morgan@stone.example");
    assert_eq!(
        me["resource"]["current_organization"],
        t.organization.as_str()
    );
    assert!(me["resource"]["updated_at"].as_str() > before["resource"]["updated_at"].as_str());
    let (_, _, et) = env.get(&t.access, &env.event_type(&t).await).await;
    assert_eq!(et["resource"]["profile"]["name"], "Morgan Avery-Stone");

    let (st, v) = env.control("user", json!({"organization": "new"})).await;
    assert_eq!(st, 200, "{v}");
    let new_org = s(&v["user"]["current_organization"]);
    assert_ne!(new_org, t.organization);
    let (_, _, me) = env.get(&t.access, "/users/me").await;
    assert_eq!(me["resource"]["current_organization"], new_org.as_str());
    let (st, _, org) = env.get(&t.access, &new_org).await;
    assert_eq!(
        (st.as_u16(), &org["resource"]["uri"]),
        (200, &json!(new_org))
    );
    let (st, _, _) = env.get(&t.access, &t.organization).await;
    assert_eq!(st, 403, "no longer a member");
    let (st, _, _) = env.get(&t2.access, &t2.organization).await;
    assert_eq!(st, 200, "the colleague stays");
    let (st, _, _) = env.get(&t2.access, &t.owner).await;
    assert_eq!(st, 403, "no longer a colleague");
    let fresh = env.tokens(&scope).await;
    assert_eq!(fresh.organization, new_org);

    // Webhooks follow the organization: the old one's subscription gets nothing more.
    let (st, _, _) = env
        .post(
            &t.access,
            "/webhook_subscriptions",
            json!({"url": "https://x.example/h", "events": ["invitee.created"],
                   "organization": t.organization, "user": t.owner, "scope": "user"}),
        )
        .await;
    assert_eq!(st, 403, "the old organization");
    let rx_new = Receiver::start().await;
    env.subscribe(&fresh, &rx_new.url).await;
    env.book(&env.event_type(&t).await, "a@example.com", json!({}))
        .await;
    let got = rx_new.wait_for(1).await;
    assert_eq!(got[0].json()["created_by"], t.owner.as_str());
    assert_eq!(env.deliveries().await.len(), 1);
    assert!(rx.received().is_empty());
    let (st, _, sub) = env.get(&t.access, &s(&old_sub["resource"]["uri"])).await;
    assert_eq!(
        (st.as_u16(), &sub["resource"]["state"]),
        (200, &json!("active"))
    );

    // The second user can be changed too.
    let (st, v) = env
        .control("user", json!({"user": "second", "name": "Riley Second"}))
        .await;
    assert_eq!(
        (st.as_u16(), &v["user"]["name"]),
        (200, &json!("Riley Second"))
    );
}

#[tokio::test]
async fn stats_count_every_rest_route_and_reset() {
    let env = start().await;
    let t = env
        .tokens(&format!("{ALL_SCOPES} organizations:read"))
        .await;
    let et = env.event_type(&t).await;
    let b = env.book(&et, "a@example.com", json!({})).await;
    let event = s(&b["event"]["uri"]);
    let invitee = s(&b["invitee"]["uri"]);
    let (_, _, ns) = env
        .post(&t.access, "/invitee_no_shows", json!({"invitee": invitee}))
        .await;
    let sub = env.subscribe(&t, "https://x.example/h").await;
    let (st, v) = env.control("stats/reset", json!({})).await;
    assert_eq!(st, 200);
    let routes: Vec<String> = v["api_requests_by_route"]
        .as_object()
        .expect("by route")
        .keys()
        .cloned()
        .collect();
    assert_eq!(routes.len(), 18);
    assert!(v["api_requests_by_route"]
        .as_object()
        .expect("map")
        .values()
        .all(|n| n == 0));
    assert_eq!(v["api_requests"], 0);

    let base = env.sandbox.base_url().to_owned();
    let rel = |u: &str| u.trim_start_matches(base.as_str()).to_owned();
    let owner = enc(&t.owner);
    let org = enc(&t.organization);
    for path in [
        "/users/me".to_owned(),
        rel(&t.owner),
        rel(&t.organization),
        format!("/event_types?user={owner}"),
        rel(&et),
        format!("/scheduled_events?user={owner}"),
        rel(&event),
        format!("{}/invitees", rel(&event)),
        rel(&invitee),
        rel(&s(&ns["resource"]["uri"])),
        format!("/webhook_subscriptions?organization={org}&user={owner}&scope=user"),
        rel(&s(&sub["resource"]["uri"])),
    ] {
        assert_eq!(env.get(&t.access, &path).await.0, 200, "{path}");
    }
    env.post(
        &t.access,
        "/scheduling_links",
        json!({"max_event_count": 1, "owner": et, "owner_type": "EventType"}),
    )
    .await;
    env.post(&t.access, "/invitee_no_shows", json!({"invitee": "x"}))
        .await;
    env.post(&t.access, "/webhook_subscriptions", json!({}))
        .await;
    env.post(
        &t.access,
        &format!("{}/cancellation", rel(&event)),
        json!({}),
    )
    .await;
    env.delete(&t.access, &s(&ns["resource"]["uri"])).await;
    env.delete(&t.access, &s(&sub["resource"]["uri"])).await;
    let stats = env.control_get("stats").await;
    let by_route = stats["api_requests_by_route"].as_object().expect("map");
    assert_eq!(
        by_route.len(),
        18,
        "no route outside the table: {by_route:?}"
    );
    assert!(
        by_route.values().all(|n| n == 1),
        "each route once: {by_route:?}"
    );
    assert_eq!(stats["api_requests"], 18);

    // Refused requests count once authenticated; unauthenticated and unknown ones do not.
    env.control("stats/reset", json!({})).await;
    let weak = env.tokens("users:read").await;
    for _ in 0..3 {
        env.get(&weak.access, &format!("/scheduled_events?user={owner}"))
            .await;
    }
    env.get("bad-token", &format!("/scheduled_events?user={owner}"))
        .await;
    env.get(&t.access, "/nope/nothing").await;
    let stats = env.control_get("stats").await;
    let by_route = &stats["api_requests_by_route"];
    assert_eq!(by_route["GET /scheduled_events"], 3);
    assert_eq!(by_route["GET /scheduled_events/{uuid}/invitees"], 0);
    assert_eq!(stats["api_requests"], 3);
    assert_eq!(stats["token_requests"]["refresh_token"], 0);
    assert!(stats["rate_limited"].is_u64());
}

#[tokio::test]
async fn new_control_routes_refuse_malformed_hostile_and_oversized_input() {
    let env = start().await;
    let t = env.tokens(ALL_SCOPES).await;
    let huge = vec![b'{'; 200_000];
    let long = "x".repeat(60_000);
    for path in [
        "event_types/deactivate",
        "event_types/delete",
        "user",
        "webhook_subscriptions/disable",
        "tokens",
        "book",
        "authorize",
    ] {
        for (body, want) in [
            (b"not json".to_vec(), 400),
            (b"".to_vec(), 400),
            (b"[1,2,3]".to_vec(), 400),
            (
                b"{\"event_type\": 5, \"subscription\": 5, \"user\": 5}".to_vec(),
                400,
            ),
            (b"{\"unknown_field\": 1}".to_vec(), 400),
            (huge.clone(), 413),
        ] {
            let r = env
                .http
                .post(env.url(&format!("/_sandbox/{path}")))
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .expect("request");
            let status = r.status().as_u16();
            let e: Value = r.json().await.unwrap_or(Value::Null);
            assert_eq!(status, want, "{path}: {e}");
            assert!(
                e["title"].is_string(),
                "{path}: Calendly error shape, got {e}"
            );
        }
    }
    let sandbox = env.sandbox.base_url().to_owned();
    for (path, body, want) in [
        ("event_types/deactivate", json!({"event_type": ""}), 404),
        (
            "event_types/deactivate",
            json!({"event_type": "../../etc/passwd"}),
            404,
        ),
        ("event_types/delete", json!({"event_type": long}), 404),
        ("event_types/delete", json!({"event_type": null}), 400),
        (
            "webhook_subscriptions/disable",
            json!({"subscription": long}),
            404,
        ),
        ("webhook_subscriptions/disable", json!({}), 400),
        ("user", json!({}), 400),
        ("user", json!({"name": ""}), 400),
        ("user", json!({"name": "   "}), 400),
        ("user", json!({"name": "x".repeat(300)}), 400),
        ("user", json!({"name": "A\u{0}B"}), 400),
        ("user", json!({"email": "not-an-email"}), 400),
        (
            "user",
            json!({"email": format!("{}@x.io", "a".repeat(300))}),
            400,
        ),
        ("user", json!({"organization": "old"}), 400),
        ("user", json!({"organization": 1}), 400),
        ("user", json!({"user": "ghost", "name": "A"}), 404),
        ("user", json!({"user": long, "name": "A"}), 404),
        (
            "tokens",
            json!({"scope": "users:read", "user": "ghost"}),
            404,
        ),
        (
            "tokens",
            json!({"scope": "users:read", "user": "third"}),
            404,
        ),
        (
            "authorize",
            json!({"mode": "auto_approve", "user": "ghost"}),
            404,
        ),
        ("stats/reset", json!({"anything": true}), 200),
    ] {
        let (st, e) = env.control(path, body.clone()).await;
        assert_eq!(st.as_u16(), want, "{path} {body:.80}: {e}");
        if want != 200 {
            assert!(e["title"].is_string(), "{path}: {e}");
        }
    }
    // Booking URLs: foreign, too long, or carrying hostile tracking.
    let et = env.event_type(&t).await;
    let link = env.link(&t, &et).await;
    for (url, param) in [
        ("https://calendly.com/d/abc/x".to_owned(), "booking_url"),
        (format!("{sandbox}/d/"), "booking_url"),
        (format!("{sandbox}/elsewhere/abc"), "booking_url"),
        (
            format!("{link}?utm_source={}", "u".repeat(9000)),
            "booking_url",
        ),
        (
            format!("{link}?utm_source={}", "u".repeat(300)),
            "utm_source",
        ),
        (format!("{link}?utm_term=a%00b"), "utm_term"),
        (format!("{link}?utm_medium=a&utm_medium=b"), "utm_medium"),
        (format!("{link}?name=A&email=bad"), "email"),
        (link.clone(), "name"),
        (format!("{link}?name=A"), "email"),
    ] {
        let (st, e) = env.control("book", json!({"booking_url": url})).await;
        assert_eq!(
            (st.as_u16(), e["details"][0]["parameter"].as_str()),
            (400, Some(param)),
            "{url:.120}: {e}"
        );
    }
    let (st, _) = env
        .control(
            "book",
            json!({"booking_url": format!("{sandbox}/d/unknown-token/x"), "name": "A", "email": "a@example.com"}),
        )
        .await;
    assert_eq!(st, 404);
    // None of that spent the link, and the sandbox still answers.
    let (st, v) = env
        .control(
            "book",
            json!({"booking_url": format!("{link}?name=Ok%20Person&email=ok%40example.com")}),
        )
        .await;
    assert_eq!(st, 201, "{v}");
    assert_eq!(env.get(&t.access, "/users/me").await.0, 200);
}
