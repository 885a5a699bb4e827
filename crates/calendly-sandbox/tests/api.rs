//! The REST surface beyond shapes: pagination, filters, rate limits, faults, booking links,
//! and malformed, hostile or oversized input on every endpoint.

mod common;

use common::{enc, start, ALL_SCOPES};
use serde_json::{json, Value};

#[tokio::test]
async fn pagination_walks_every_item_once_and_refuses_bad_tokens() {
    let env = start().await;
    let t = env.tokens(ALL_SCOPES).await;
    let et = env.event_type(&t).await;
    for i in 0..5 {
        env.book(&et, &format!("p{i}@example.com"), json!({})).await;
    }
    let first = format!("/scheduled_events?user={}&count=2", enc(&t.owner));
    let (_, _, page) = env.get(&t.access, &first).await;
    assert_eq!(page["pagination"]["count"], 2);
    assert!(page["pagination"]["previous_page_token"].is_null());
    let mut seen: Vec<String> = Vec::new();
    let mut page = page;
    loop {
        for e in page["collection"].as_array().expect("collection") {
            seen.push(e["uri"].as_str().expect("uri").into());
        }
        let Some(tok) = page["pagination"]["next_page_token"].as_str() else {
            break;
        };
        // Build the next request from the token against our own base URL.
        let next = format!("{first}&page_token={}", enc(tok));
        assert!(page["pagination"]["next_page"]
            .as_str()
            .expect("next_page")
            .starts_with(env.sandbox.base_url()));
        page = env.get(&t.access, &next).await.2;
        assert!(page["pagination"]["previous_page_token"].is_string());
    }
    assert_eq!(seen.len(), 5);
    let mut dedup = seen.clone();
    dedup.dedup();
    assert_eq!(dedup, seen, "no event twice");

    // Tokens are tied to their query and cannot be forged.
    let (_, _, p1) = env.get(&t.access, &first).await;
    let tok = p1["pagination"]["next_page_token"]
        .as_str()
        .expect("token")
        .to_owned();
    for bad in [
        format!(
            "/scheduled_events?user={}&count=2&status=canceled&page_token={}",
            enc(&t.owner),
            enc(&tok)
        ),
        format!("{first}&page_token=garbage"),
        format!("{first}&page_token={}", "A".repeat(5000)),
        format!("{first}&page_token=%00%01"),
        format!(
            "/event_types?user={}&page_token={}",
            enc(&t.owner),
            enc(&tok)
        ),
    ] {
        let (s, _, e) = env.get(&t.access, &bad).await;
        assert_eq!(s, 400, "{bad}");
        assert_eq!(e["details"][0]["parameter"], "page_token");
    }
    for count in ["0", "101", "-1", "abc", "1.5", ""] {
        let (s, _, e) = env
            .get(
                &t.access,
                &format!("/scheduled_events?user={}&count={count}", enc(&t.owner)),
            )
            .await;
        assert_eq!(
            (s.as_u16(), e["details"][0]["parameter"].as_str()),
            (400, Some("count")),
            "count={count}"
        );
    }
}

#[tokio::test]
async fn scheduled_event_filters_and_sort() {
    let env = start().await;
    let t = env.tokens(ALL_SCOPES).await;
    let et = env.event_type(&t).await;
    let a = env
        .book(
            &et,
            "Ann@Example.com",
            json!({"start_time": "2099-01-01T10:00:00Z"}),
        )
        .await;
    let b = env
        .book(
            &et,
            "bob@example.com",
            json!({"start_time": "2099-01-02T10:00:00Z"}),
        )
        .await;
    let c = env
        .book(
            &et,
            "cy@example.com",
            json!({"start_time": "2099-01-03T10:00:00Z"}),
        )
        .await;
    env.control(
        "cancel",
        json!({"invitee": b["invitee"]["uri"], "by": "invitee", "reason": "ill"}),
    )
    .await;
    let list = |q: String| {
        let env = &env;
        let t = &t;
        async move {
            let (s, _, v) = env
                .get(
                    &t.access,
                    &format!("/scheduled_events?user={}{q}", enc(&t.owner)),
                )
                .await;
            assert_eq!(s, 200, "{v}");
            v["collection"]
                .as_array()
                .expect("collection")
                .iter()
                .map(|e| e["uri"].as_str().expect("uri").to_owned())
                .collect::<Vec<_>>()
        }
    };
    let uri = |v: &Value| v["event"]["uri"].as_str().expect("uri").to_owned();
    assert_eq!(list(String::new()).await, [uri(&a), uri(&b), uri(&c)]);
    assert_eq!(
        list("&sort=start_time:desc".into()).await,
        [uri(&c), uri(&b), uri(&a)]
    );
    assert_eq!(list("&status=canceled".into()).await, [uri(&b)]);
    assert_eq!(list("&status=active".into()).await, [uri(&a), uri(&c)]);
    assert_eq!(
        list("&invitee_email=ann%40example.com".into()).await,
        [uri(&a)]
    );
    assert_eq!(
        list("&min_start_time=2099-01-02T00:00:00Z&max_start_time=2099-01-03T00:00:00Z".into())
            .await,
        [uri(&b)]
    );
    for bad in [
        "&status=done",
        "&sort=name:asc",
        "&min_start_time=tomorrow",
        "&status=active&status=canceled",
    ] {
        let (s, _, _) = env
            .get(
                &t.access,
                &format!("/scheduled_events?user={}{bad}", enc(&t.owner)),
            )
            .await;
        assert_eq!(s, 400, "{bad}");
    }
    let (s, _, _) = env.get(&t.access, "/scheduled_events").await;
    assert_eq!(s, 400, "user or organization required");
    let (s, _, _) = env
        .get(
            &t.access,
            "/scheduled_events?user=https%3A%2F%2Fapi.calendly.com%2Fusers%2FOTHER",
        )
        .await;
    assert_eq!(s, 403);

    // Invitee list filters.
    let (_, _, inv) = env
        .get(&t.access, &format!("{}/invitees?status=canceled", uri(&b)))
        .await;
    assert_eq!(
        inv["collection"][0]["cancellation"]["canceler_type"],
        "invitee"
    );
    assert_eq!(inv["collection"][0]["cancellation"]["reason"], "ill");
    let (_, _, inv) = env
        .get(
            &t.access,
            &format!("{}/invitees?email=nobody%40x.io", uri(&a)),
        )
        .await;
    assert_eq!(inv["collection"].as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn rate_limit_answers_429_with_headers() {
    let env = start().await;
    let t = env.tokens("users:read").await;
    env.control("plan", json!({"plan": "free"})).await;
    let mut last = None;
    for i in 0..50 {
        let (s, h, _) = env.get(&t.access, "/users/me").await;
        assert_eq!(s, 200, "request {i}");
        assert_eq!(h["x-ratelimit-limit"], "50");
        assert_eq!(h["x-ratelimit-remaining"], (49 - i).to_string().as_str());
        last = Some(h);
    }
    let reset: i64 = last.expect("headers")["x-ratelimit-reset"]
        .to_str()
        .expect("str")
        .parse()
        .expect("int");
    assert!((1..=60).contains(&reset));
    let (s, h, e) = env.get(&t.access, "/users/me").await;
    assert_eq!(s, 429);
    assert_eq!(h["x-ratelimit-remaining"], "0");
    assert!(h.contains_key("x-ratelimit-reset"));
    assert_eq!(e["title"], "Too Many Requests");
    env.control("clock/advance", json!({"seconds": 60})).await;
    assert_eq!(env.get(&t.access, "/users/me").await.0, 200);
}

#[tokio::test]
async fn injected_faults_hit_the_next_requests_then_stop() {
    let env = start().await;
    let t = env.tokens("users:read").await;
    let (s, _) = env
        .control(
            "faults",
            json!({"kind": "error", "status": 502, "count": 2}),
        )
        .await;
    assert_eq!(s, 200);
    env.control("faults", json!({"kind": "rate_limit"})).await;
    env.control("faults", json!({"kind": "slow", "delay_ms": 10}))
        .await;
    assert_eq!(env.get(&t.access, "/users/me").await.0, 502);
    assert_eq!(env.get(&t.access, "/users/me").await.0, 502);
    let (s, h, _) = env.get(&t.access, "/users/me").await;
    assert_eq!(
        (s.as_u16(), h["x-ratelimit-remaining"].to_str().ok()),
        (429, Some("0"))
    );
    assert_eq!(
        env.get(&t.access, "/users/me").await.0,
        200,
        "slow, then served"
    );
    assert_eq!(env.get(&t.access, "/users/me").await.0, 200);

    // Faults hit the token endpoint too (clients must survive a 5xx there).
    env.control("faults", json!({"kind": "error"})).await;
    let r = env
        .http
        .post(env.url("/oauth/token"))
        .form(&[
            ("client_id", "quotla-desktop-dev"),
            ("grant_type", "refresh_token"),
            ("refresh_token", t.refresh.as_str()),
        ])
        .send()
        .await
        .expect("token");
    assert_eq!(r.status(), 503);

    let v = env.control_get("faults").await;
    assert_eq!(v["requests"].as_array().map(Vec::len), Some(0));
    for bad in [
        json!({"kind": "error", "status": 404}),
        json!({"kind": "meteor"}),
        json!({"kind": "error", "count": 0}),
        json!({"kind": "slow", "delay_ms": 999999}),
    ] {
        assert_eq!(env.control("faults", bad.clone()).await.0, 400, "{bad}");
    }
}

#[tokio::test]
async fn booking_page_books_once_with_tracking() {
    let env = start().await;
    let t = env.tokens(ALL_SCOPES).await;
    let et = env.event_type(&t).await;
    let (_, _, link) = env
        .post(
            &t.access,
            "/scheduling_links",
            json!({"max_event_count": 1, "owner": et, "owner_type": "EventType"}),
        )
        .await;
    let url = link["resource"]["booking_url"]
        .as_str()
        .expect("booking_url")
        .to_owned();
    assert!(url.starts_with(&format!("{}/d/", env.sandbox.base_url())));

    let page = env
        .http
        .get(format!(
            "{url}?name=Dana%20Lee&email=dana%40example.com&utm_source=quotla&utm_content=q-77"
        ))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("value=\"Dana Lee\"") && html.contains("value=\"dana@example.com\""));
    assert!(html.contains("name=\"utm_content\" value=\"q-77\""));

    let form = [
        ("name", "Dana Lee"),
        ("email", "dana@example.com"),
        ("a1", "Kitchen refit"),
        ("utm_source", "quotla"),
        ("utm_content", "q-77"),
    ];
    let r = env.http.post(&url).form(&form).send().await.expect("book");
    assert_eq!(r.status(), 200);
    let confirmation = r.text().await.expect("confirmation");
    let invitee = confirmation
        .split("data-invitee=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the confirmation names the invitee");
    let uuid = invitee.rsplit('/').next().expect("uuid");
    // Like Calendly's confirmation e-mail, the page links the invitee's own pages.
    let base = env.sandbox.base_url();
    assert!(confirmation.contains(&format!("href=\"{base}/reschedulings/{uuid}\"")));
    assert!(confirmation.contains(&format!("href=\"{base}/cancellations/{uuid}\"")));
    let again = env
        .http
        .post(&url)
        .form(&form)
        .send()
        .await
        .expect("book again");
    assert_eq!(again.status(), 410, "a spent link refuses a second booking");
    assert_eq!(env.http.get(&url).send().await.expect("page").status(), 410);

    let (_, _, events) = env
        .get(
            &t.access,
            &format!(
                "/scheduled_events?user={}&invitee_email=dana%40example.com",
                enc(&t.owner)
            ),
        )
        .await;
    assert_eq!(events["collection"].as_array().map(Vec::len), Some(1));
    let ev = events["collection"][0]["uri"].as_str().expect("uri");
    let (_, _, inv) = env.get(&t.access, &format!("{ev}/invitees")).await;
    let inv = &inv["collection"][0];
    assert_eq!(inv["tracking"]["utm_source"], "quotla");
    assert_eq!(inv["tracking"]["utm_content"], "q-77");
    assert_eq!(inv["tracking"]["utm_medium"], Value::Null);
    assert_eq!(inv["name"], "Dana Lee");
    assert_eq!(inv["first_name"], "Dana");
    assert_eq!(inv["questions_and_answers"][0]["answer"], "Kitchen refit");
    assert!(events["collection"][0]["location"]["join_url"].is_string());

    // The control API refuses the spent link too; unknown links are 404.
    let (s, _) = env
        .control(
            "book",
            json!({"booking_url": url, "name": "X", "email": "x@example.com"}),
        )
        .await;
    assert_eq!(s, 403);
    assert_eq!(
        env.http
            .get(env.url("/d/unknown-token/x"))
            .send()
            .await
            .expect("page")
            .status(),
        404
    );
}

#[tokio::test]
async fn booking_refuses_bad_input() {
    let env = start().await;
    let t = env.tokens(ALL_SCOPES).await;
    let et = env.event_type(&t).await;
    for (body, param) in [
        (
            json!({"event_type": et, "name": "", "email": "a@example.com"}),
            "name",
        ),
        (
            json!({"event_type": et, "name": "A", "email": "not-an-email"}),
            "email",
        ),
        (
            json!({"event_type": et, "name": "x".repeat(300), "email": "a@example.com"}),
            "name",
        ),
        (
            json!({"event_type": et, "name": "A\u{0}B", "email": "a@example.com"}),
            "name",
        ),
        (
            json!({"event_type": et, "name": "A", "email": "a@example.com", "start_time": "2000-01-01T00:00:00Z"}),
            "start_time",
        ),
        (
            json!({"event_type": et, "name": "A", "email": "a@example.com", "start_time": "soon"}),
            "start_time",
        ),
        (
            json!({"event_type": et, "name": "A", "email": "a@example.com", "tracking": {"utm_source": "u".repeat(300)}}),
            "utm_source",
        ),
        (
            json!({"event_type": "http://elsewhere/event_types/X", "name": "A", "email": "a@example.com"}),
            "event_type",
        ),
    ] {
        let (s, e) = env.control("book", body).await;
        assert_eq!(
            (s.as_u16(), e["details"][0]["parameter"].as_str()),
            (400, Some(param)),
            "{e}"
        );
    }
    let first = env
        .book(
            &et,
            "a@example.com",
            json!({"start_time": "2099-05-05T10:00:00Z"}),
        )
        .await;
    assert_eq!(first["event"]["start_time"], "2099-05-05T10:00:00.000000Z");
    let (s, e) = env
        .control("book", json!({"event_type": et, "name": "B", "email": "b@example.com", "start_time": "2099-05-05T10:15:00Z"}))
        .await;
    assert_eq!(
        (s.as_u16(), e["details"][0]["parameter"].as_str()),
        (400, Some("start_time")),
        "double booking"
    );
    // Inactive event types cannot get links.
    let (_, _, all) = env
        .get(
            &t.access,
            &format!("/event_types?user={}&active=false", enc(&t.owner)),
        )
        .await;
    let inactive = all["collection"][0]["uri"].as_str().expect("inactive type");
    let (s, _, _) = env
        .post(
            &t.access,
            "/scheduling_links",
            json!({"max_event_count": 1, "owner": inactive, "owner_type": "EventType"}),
        )
        .await;
    assert_eq!(s, 400);
}

#[tokio::test]
async fn every_endpoint_survives_malformed_hostile_and_oversized_input() {
    let env = start().await;
    let t = env.tokens(ALL_SCOPES).await;
    let huge = vec![b'{'; 200_000];
    for path in [
        "/scheduling_links",
        "/invitee_no_shows",
        "/webhook_subscriptions",
        "/scheduled_events/x/cancellation",
        "/_sandbox/tokens",
        "/_sandbox/book",
        "/_sandbox/cancel",
        "/_sandbox/reschedule",
        "/_sandbox/no_show",
        "/_sandbox/clock/advance",
        "/_sandbox/plan",
        "/_sandbox/authorize",
        "/_sandbox/faults",
    ] {
        for (body, want) in [
            (b"not json".to_vec(), 400),
            (b"[1,2,3]".to_vec(), 400),
            (b"{\"owner\": 5}".to_vec(), 400),
            (huge.clone(), 413),
        ] {
            let r = env
                .http
                .post(env.url(path))
                .bearer_auth(&t.access)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .expect("request");
            let status = r.status().as_u16();
            let e: Value = r.json().await.unwrap_or(Value::Null);
            // A path whose resource does not exist may answer 404 before reading the body.
            assert!(
                status == want || (path.contains("/x/") && status == 404),
                "{path}: {status} {e}"
            );
            assert!(
                e["title"].is_string(),
                "{path}: Calendly error shape, got {e}"
            );
        }
    }
    // Unknown URIs, methods and resources: 404 in Calendly's shape, never a crash.
    for path in [
        "/nope",
        "/users/NOPE",
        "/scheduled_events/00000000-0000-4000-8000-000000000000",
        "/scheduled_events/x/invitees",
        "/scheduled_events/x/invitees/y",
        "/invitee_no_shows/x",
        "/webhook_subscriptions/x",
        "/event_types/%00",
        "/users/..%2F..%2Fetc%2Fpasswd",
    ] {
        let (s, _, e) = env.get(&t.access, path).await;
        assert_eq!(s, 404, "{path}");
        assert_eq!(e["title"], "Resource Not Found", "{path}");
    }
    // Wrong or missing credentials.
    for auth in [
        "",
        "Bearer",
        "Bearer ",
        "Basic abc",
        "Bearer a b",
        &"Bearer x".repeat(2000),
    ] {
        let r = env
            .http
            .get(env.url("/users/me"))
            .header("authorization", auth)
            .send()
            .await
            .expect("req");
        assert_eq!(r.status(), 401, "{auth:.20}");
    }
    // Bad references in bodies.
    let (s, _, _) = env
        .post(
            &t.access,
            "/invitee_no_shows",
            json!({"invitee": "http://x/y"}),
        )
        .await;
    assert_eq!(s, 400);
    let (s, _, _) = env
        .post(
            &t.access,
            "/scheduling_links",
            json!({"max_event_count": 2, "owner": "x", "owner_type": "EventType"}),
        )
        .await;
    assert_eq!(s, 400);
    for url in ["ftp://x.example/h", "not a url", "http://", "/relative"] {
        let (s, _, _) = env
            .post(
                &t.access,
                "/webhook_subscriptions",
                json!({"url": url, "events": ["invitee.created"], "organization": t.organization, "user": t.owner, "scope": "user"}),
            )
            .await;
        assert_eq!(s, 400, "{url}");
    }
    for events in [
        json!([]),
        json!(["invitee.exploded"]),
        json!(["invitee.created", "invitee.created"]),
    ] {
        let (s, _, _) = env
            .post(
                &t.access,
                "/webhook_subscriptions",
                json!({"url": "https://x.example/h", "events": events, "organization": t.organization, "user": t.owner, "scope": "user"}),
            )
            .await;
        assert_eq!(s, 400, "{events}");
    }
    // Control API: bad values.
    assert_eq!(
        env.control("clock/advance", json!({"seconds": -5})).await.0,
        400
    );
    assert_eq!(env.control("plan", json!({"plan": "gold"})).await.0, 400);
    assert_eq!(
        env.control("tokens", json!({"scope": "users:root"}))
            .await
            .0,
        400
    );
    assert_eq!(
        env.control("tokens/revoke", json!({"token": "unknown"}))
            .await
            .0,
        404
    );
    assert_eq!(
        env.control("cancel", json!({"invitee": "http://x/y"}))
            .await
            .0,
        404
    );
    assert_eq!(
        env.control("reschedule", json!({"invitee": "http://x/y"}))
            .await
            .0,
        404
    );
    assert_eq!(
        env.control("no_show/unmark", json!({"invitee": "http://x/y"}))
            .await
            .0,
        404
    );
    // Huge query strings (near the URI limit of the HTTP stack): answered, never a crash.
    for n in [10_000, 60_000] {
        let path = format!(
            "/scheduled_events?user={}&invitee_email={}",
            enc(&t.owner),
            "a".repeat(n)
        );
        let (s, _, _) = env.get(&t.access, &path).await;
        assert!(!s.is_server_error(), "{n}: {s}");
    }
    // The sandbox still answers normally after all that.
    assert_eq!(env.get(&t.access, "/users/me").await.0, 200);
}

#[tokio::test]
async fn cancellation_rules() {
    let env = start().await;
    let t = env.tokens(ALL_SCOPES).await;
    let et = env.event_type(&t).await;
    let b = env.book(&et, "a@example.com", json!({})).await;
    let path = format!(
        "{}/cancellation",
        b["event"]["uri"]
            .as_str()
            .expect("uri")
            .trim_start_matches(env.sandbox.base_url())
    );
    // An empty body is allowed (reason is optional).
    let r = env
        .http
        .post(env.url(&path))
        .bearer_auth(&t.access)
        .send()
        .await
        .expect("cancel");
    assert_eq!(r.status(), 201);
    let (s, _, e) = env.post(&t.access, &path, json!({})).await;
    assert_eq!(
        (s.as_u16(), e["message"].as_str()),
        (403, Some("Event is already canceled"))
    );

    let b = env.book(&et, "b@example.com", json!({})).await;
    env.control("clock/advance", json!({"seconds": 3 * 86_400}))
        .await;
    let t = env.tokens(ALL_SCOPES).await;
    let path = format!(
        "{}/cancellation",
        b["event"]["uri"]
            .as_str()
            .expect("uri")
            .trim_start_matches(env.sandbox.base_url())
    );
    let (s, _, e) = env.post(&t.access, &path, json!({"reason": "late"})).await;
    assert_eq!(
        (s.as_u16(), e["message"].as_str()),
        (403, Some("Event in the past"))
    );
    let (s, _, _) = env
        .post(&t.access, &path, json!({"reason": "r".repeat(10_001)}))
        .await;
    assert_eq!(s, 400);
}

#[tokio::test]
async fn free_plan_cannot_subscribe_to_webhooks() {
    let env = start().await;
    let t = env.tokens(ALL_SCOPES).await;
    env.control("plan", json!({"plan": "free"})).await;
    let (s, _, e) = env
        .post(
            &t.access,
            "/webhook_subscriptions",
            json!({"url": "https://x.example/h", "events": ["invitee.created"], "organization": t.organization, "user": t.owner, "scope": "user"}),
        )
        .await;
    assert_eq!(s, 403);
    assert_eq!(
        e["message"],
        "Please upgrade your Calendly account to Professional"
    );
    common::spec::Spec::get().check("/webhook_subscriptions", "post", 403, &e);
    env.control("plan", json!({"plan": "paid"})).await;
    env.subscribe(&t, "https://x.example/h").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_booked_twice_at_once_books_once() {
    let env = start().await;
    let t = env.tokens(ALL_SCOPES).await;
    let et = env.event_type(&t).await;
    let (_, _, link) = env
        .post(
            &t.access,
            "/scheduling_links",
            json!({"max_event_count": 1, "owner": et, "owner_type": "EventType"}),
        )
        .await;
    let url = link["resource"]["booking_url"]
        .as_str()
        .expect("booking_url")
        .to_owned();
    let submit = |email: &'static str| {
        let req = env
            .http
            .post(&url)
            .form(&[("name", "Racer"), ("email", email)]);
        async move { req.send().await.expect("submit").status().as_u16() }
    };
    let (a, b, c) = tokio::join!(
        submit("a@example.com"),
        submit("b@example.com"),
        submit("c@example.com")
    );
    let mut statuses = [a, b, c];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 410, 410]);
    let (_, _, events) = env
        .get(
            &t.access,
            &format!("/scheduled_events?user={}", enc(&t.owner)),
        )
        .await;
    assert_eq!(events["collection"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn invitee_cancel_and_reschedule_pages_work_like_calendlys() {
    let env = start().await;
    let t = env.tokens(ALL_SCOPES).await;
    let et = env.event_type(&t).await;
    let b = env
        .book(
            &et,
            "a@example.com",
            json!({"start_time": "2099-06-01T10:00:00Z"}),
        )
        .await;
    let reschedule_url = b["invitee"]["reschedule_url"]
        .as_str()
        .expect("reschedule_url")
        .to_owned();
    assert!(
        reschedule_url.starts_with(env.sandbox.base_url()),
        "following the URL works"
    );
    let page = env.http.get(&reschedule_url).send().await.expect("page");
    assert_eq!(page.status(), 200);
    assert!(page
        .text()
        .await
        .expect("html")
        .contains("id=\"reschedule\""));
    let r = env
        .http
        .post(&reschedule_url)
        .form(&[("start_time", "2099-06-02T10:00:00Z"), ("reason", "Clash")])
        .send()
        .await
        .expect("reschedule");
    assert_eq!(r.status(), 200);
    let (_, _, old) = env
        .get(&t.access, b["invitee"]["uri"].as_str().expect("uri"))
        .await;
    assert_eq!(old["resource"]["rescheduled"], true);
    let new_uri = old["resource"]["new_invitee"]
        .as_str()
        .expect("new invitee")
        .to_owned();
    assert_eq!(
        env.http
            .get(&reschedule_url)
            .send()
            .await
            .expect("page")
            .status(),
        410
    );

    let (_, _, new) = env.get(&t.access, &new_uri).await;
    assert_eq!(new["resource"]["old_invitee"], b["invitee"]["uri"]);
    let cancel_url = new["resource"]["cancel_url"]
        .as_str()
        .expect("cancel_url")
        .to_owned();
    let r = env
        .http
        .post(&cancel_url)
        .form(&[("reason", "Changed my mind")])
        .send()
        .await
        .expect("cancel");
    assert_eq!(r.status(), 200);
    let (_, _, new) = env.get(&t.access, &new_uri).await;
    assert_eq!(new["resource"]["status"], "canceled");
    assert_eq!(new["resource"]["cancellation"]["canceler_type"], "invitee");
    assert_eq!(new["resource"]["cancellation"]["reason"], "Changed my mind");
    assert_eq!(
        env.http
            .post(&cancel_url)
            .send()
            .await
            .expect("again")
            .status(),
        410
    );
    assert_eq!(
        env.http
            .get(env.url("/cancellations/nope"))
            .send()
            .await
            .expect("page")
            .status(),
        404
    );
}

#[tokio::test]
async fn scheduling_urls_are_reusable_booking_pages() {
    let env = start().await;
    let t = env.tokens(ALL_SCOPES).await;
    let (_, _, me) = env.get(&t.access, "/users/me").await;
    let user_page = env
        .http
        .get(
            me["resource"]["scheduling_url"]
                .as_str()
                .expect("scheduling_url"),
        )
        .send()
        .await
        .expect("user page");
    assert_eq!(user_page.status(), 200);
    assert!(user_page
        .text()
        .await
        .expect("html")
        .contains("30 Minute Consultation"));

    let (_, _, ets) = env
        .get(&t.access, &format!("/event_types?user={}", enc(&t.owner)))
        .await;
    let url = ets["collection"][0]["scheduling_url"]
        .as_str()
        .expect("scheduling_url")
        .to_owned();
    let page = env
        .http
        .get(format!("{url}?utm_source=site"))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 200);
    assert!(page
        .text()
        .await
        .expect("html")
        .contains("name=\"utm_source\" value=\"site\""));
    for email in ["one@example.com", "two@example.com"] {
        let r = env
            .http
            .post(&url)
            .form(&[
                ("name", "Reuse Test"),
                ("email", email),
                ("utm_source", "site"),
            ])
            .send()
            .await
            .expect("book");
        assert_eq!(r.status(), 200, "the event type's page is not single-use");
    }
    let r = env
        .http
        .post(&url)
        .form(&[("name", ""), ("email", "x@example.com")])
        .send()
        .await
        .expect("book");
    assert_eq!(r.status(), 400);
    let (_, _, events) = env
        .get(
            &t.access,
            &format!("/scheduled_events?user={}", enc(&t.owner)),
        )
        .await;
    assert_eq!(events["collection"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn spawn_refuses_a_seed_whose_slugs_would_clash_with_the_api() {
    let mut seed = calendly_sandbox::Seed::default();
    seed.user.slug = "users".into();
    let config = calendly_sandbox::SandboxConfig {
        seed,
        ..Default::default()
    };
    assert!(matches!(
        calendly_sandbox::spawn(config).await,
        Err(calendly_sandbox::Error::Seed(_))
    ));
}

#[tokio::test]
async fn a_reschedule_may_overlap_the_meeting_it_replaces() {
    let env = start().await;
    let t = env.tokens(ALL_SCOPES).await;
    let et = env.event_type(&t).await;
    let b = env
        .book(
            &et,
            "a@example.com",
            json!({"start_time": "2099-07-01T10:00:00Z"}),
        )
        .await;
    let (s, r) = env
        .control(
            "reschedule",
            json!({"invitee": b["invitee"]["uri"], "start_time": "2099-07-01T10:15:00Z"}),
        )
        .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["event"]["start_time"], "2099-07-01T10:15:00.000000Z");
    // Without a time, the meeting moves to a free slot at least a day later.
    let (s, r) = env
        .control("reschedule", json!({"invitee": r["invitee"]["uri"]}))
        .await;
    assert_eq!(s, 200, "{r}");
    let start = r["event"]["start_time"].as_str().expect("start");
    assert!(start >= "2099-07-02T10:15:00", "{start}");
}

/// All six tracking parameters, as the desktop puts them on a booking link.
const TRACKED: &str = "utm_source=quotla&utm_medium=email&utm_campaign=spring&utm_content=q-42\
                       &utm_term=kitchen&salesforce_uuid=sf-9";

fn assert_tracked(tracking: &Value) {
    assert_eq!(
        tracking,
        &json!({"utm_source": "quotla", "utm_medium": "email", "utm_campaign": "spring",
                "utm_content": "q-42", "utm_term": "kitchen", "salesforce_uuid": "sf-9"})
    );
}

#[tokio::test]
async fn a_booking_url_keeps_its_tracking_and_prefill() {
    let env = start().await;
    let t = env.tokens(ALL_SCOPES).await;
    let et = env.event_type(&t).await;

    let url = env.link(&t, &et).await;
    let (s, v) = env
        .control(
            "book",
            json!({"booking_url": format!("{url}?{TRACKED}&name=Pat%20Lee&email=pat%40example.com")}),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    assert_tracked(&v["invitee"]["tracking"]);
    assert_eq!(v["invitee"]["name"], "Pat Lee");
    assert_eq!(v["invitee"]["email"], "pat@example.com");
    let (_, _, inv) = env
        .get(&t.access, v["invitee"]["uri"].as_str().expect("uri"))
        .await;
    assert_tracked(&inv["resource"]["tracking"]);

    // The body wins, field by field; first_name + last_name prefill the name.
    let url = env.link(&t, &et).await;
    let (s, v) = env
        .control(
            "book",
            json!({"booking_url": format!("{url}?utm_source=link&utm_content=q-7&first_name=Ana&last_name=Diaz&email=ana%40example.com"),
                   "tracking": {"utm_source": "body"}, "email": "body@example.com"}),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let tr = &v["invitee"]["tracking"];
    assert_eq!(
        (tr["utm_source"].as_str(), tr["utm_content"].as_str()),
        (Some("body"), Some("q-7"))
    );
    assert_eq!(tr["utm_medium"], Value::Null);
    assert_eq!(v["invitee"]["name"], "Ana Diaz");
    assert_eq!(v["invitee"]["email"], "body@example.com");

    // Without a name anywhere the booking is refused and the link stays unspent.
    let url = env.link(&t, &et).await;
    let (s, e) = env
        .control(
            "book",
            json!({"booking_url": format!("{url}?{TRACKED}&email=x%40example.com")}),
        )
        .await;
    assert_eq!(
        (s.as_u16(), e["details"][0]["parameter"].as_str()),
        (400, Some("name"))
    );
    let (s, v) = env
        .control(
            "book",
            json!({"booking_url": format!("{url}?{TRACKED}&email=x%40example.com"), "name": "X Y"}),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    assert_tracked(&v["invitee"]["tracking"]);
    // Booking by event type still needs both.
    for body in [
        json!({"event_type": et, "email": "a@example.com"}),
        json!({"event_type": et, "name": "A"}),
    ] {
        let (s, _) = env.control("book", body.clone()).await;
        assert_eq!(s, 400, "{body}");
    }
}

#[tokio::test]
async fn booking_pages_carry_the_query_tracking_through_the_form() {
    let env = start().await;
    let t = env.tokens(ALL_SCOPES).await;
    let et = env.event_type(&t).await;
    let (_, _, et_res) = env.get(&t.access, &et).await;
    let public = et_res["resource"]["scheduling_url"]
        .as_str()
        .expect("scheduling_url")
        .to_owned();
    let link = env.link(&t, &et).await;
    for (n, page) in [link.clone(), public.clone()].iter().enumerate() {
        let url = format!("{page}?{TRACKED}");
        let html = env
            .http
            .get(&url)
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        for (k, v) in url::form_urlencoded::parse(TRACKED.as_bytes()) {
            assert!(
                html.contains(&format!("type=\"hidden\" name=\"{k}\" value=\"{v}\"")),
                "{k} rides along as a hidden field"
            );
        }
        // A browser posts the form to the page's own URL, query included: tracking that is
        // not in the form body comes from there.
        let email = format!("page{n}@example.com");
        let r = env
            .http
            .post(&url)
            .form(&[("name", "Page Booker"), ("email", email.as_str())])
            .send()
            .await
            .expect("book");
        assert_eq!(r.status(), 200);
        let (_, _, events) = env
            .get(
                &t.access,
                &format!(
                    "/scheduled_events?user={}&invitee_email={}",
                    enc(&t.owner),
                    enc(&email)
                ),
            )
            .await;
        let ev = events["collection"][0]["uri"].as_str().expect("event");
        let (_, _, inv) = env.get(&t.access, &format!("{ev}/invitees")).await;
        assert_tracked(&inv["collection"][0]["tracking"]);
    }

    // Hostile values: escaped in the page, refused when too long or with control bytes.
    let html = env
        .http
        .get(format!(
            "{public}?utm_content=%22%3E%3Cscript%3Ex%3C%2Fscript%3E"
        ))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(html.contains("value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\""));
    assert!(!html.contains("<script>"));
    let link = env.link(&t, &et).await;
    for q in [
        format!("utm_source={}", "u".repeat(300)),
        "utm_campaign=a%01b".to_owned(),
        "utm_term=a&utm_term=b".to_owned(),
    ] {
        let r = env
            .http
            .get(format!("{link}?{q}"))
            .send()
            .await
            .expect("page");
        assert_eq!(r.status(), 400, "{q:.40}");
        let r = env
            .http
            .post(format!("{link}?{q}"))
            .form(&[("name", "Hostile"), ("email", "h@example.com")])
            .send()
            .await
            .expect("submit");
        assert_eq!(r.status(), 400, "{q:.40}");
    }
    let r = env
        .http
        .post(&link)
        .form(&[("name", "Calm"), ("email", "calm@example.com")])
        .send()
        .await
        .expect("submit");
    assert_eq!(
        r.status(),
        200,
        "the refused attempts did not spend the link"
    );
}
