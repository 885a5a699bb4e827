//! The behavioural suite, run unchanged on SQLite and on PostgreSQL, through real HTTP.

mod common;

use std::time::Duration;

use common::*;
use serde_json::{json, Value};

/// Generates one test per case and backend.
macro_rules! on_both_backends {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    super::$case(super::Backend::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    super::$case(super::Backend::Postgres).await;
                }
            )*
        }
    };
}

on_both_backends!(
    store_read_ack_round_trip,
    bad_input_matrix_stores_nothing,
    forged_signatures_are_refused,
    replays_are_answered_once_and_refused_after_the_window,
    duplicates_and_reordering_are_stored_in_arrival_order,
    deleted_inbox_answers_410_and_never_issued_answers_404,
    consumer_tokens_only_open_their_own_inbox,
    long_poll_wakes_on_a_webhook_and_is_capped,
    rate_limits_answer_429_with_retry_after,
    retention_expires_events_and_purges_idle_inboxes,
    operations_endpoints_answer,
    shutdown_releases_parked_long_polls,
    concurrent_webhooks_get_unique_ordered_sequence_numbers,
    sequence_numbers_only_grow_across_ack_expiry_and_restarts,
    sse_stream_resumes_after_last_event_id,
);

async fn store_read_ack_round_trip(backend: Backend) {
    let db = TestDb::new(backend).await;
    let relay = start_relay(&db.url, &["--public-base-url", "https://relay.example/"]).await;
    let (http, base) = (client(), base(&relay));
    let inbox = register(&http, &base, Some(USER)).await;
    assert_eq!(inbox.id.len(), 32);
    assert_eq!(
        inbox.webhook_url,
        format!("https://relay.example/hooks/calendly/{}", inbox.id)
    );
    let url = format!("{base}/hooks/calendly/{}", inbox.id);
    // Odd but valid formatting must come back byte for byte.
    let first = format!("{{ \"event\":\"invitee.created\",\"created_by\":\"{USER}\",  \"payload\":{{\"n\":1, \"é\":\"ü\"}} }}");
    let second = webhook_body("invitee.canceled", USER, "2");
    let r = post_signed(&http, &url, &first, KEY, now()).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.expect("json")["seq"], 1);
    // The previous key is still accepted during a rotation.
    let r = post_signed(&http, &url, &second, PREVIOUS_KEY, now()).await;
    assert_eq!(r.status(), 200);

    let response = http
        .get(format!("{base}/v1/inboxes/{}/events", inbox.id))
        .bearer_auth(&inbox.token)
        .send()
        .await
        .expect("read");
    assert_eq!(response.status(), 200);
    let page: Value = response.json().await.expect("json");
    assert!(page["events"][0]["received_at"]
        .as_str()
        .expect("received_at")
        .ends_with('Z'));
    let (events, next) = parse_page(page);
    assert_eq!(events, vec![(1, first.clone()), (2, second.clone())]);
    assert_eq!(next, 2);

    let (events, next) = read(&http, &base, &inbox, 1).await;
    assert_eq!(events, vec![(2, second)]);
    assert_eq!(next, 2);

    ack(&http, &base, &inbox, 1).await;
    let (events, _) = read(&http, &base, &inbox, 0).await;
    assert_eq!(events.iter().map(|e| e.0).collect::<Vec<_>>(), vec![2]);
    ack(&http, &base, &inbox, 2).await;
    let (events, next) = read(&http, &base, &inbox, 2).await;
    assert!(events.is_empty());
    assert_eq!(
        next, 2,
        "next_after stays at the cursor when nothing is new"
    );

    // An unbound inbox takes webhooks of any user.
    let unbound = register(&http, &base, None).await;
    let r = post_signed(
        &http,
        &format!("{base}/hooks/calendly/{}", unbound.id),
        &webhook_body("invitee.created", OTHER_USER, "x"),
        KEY,
        now(),
    )
    .await;
    assert_eq!(r.status(), 200);
    relay.shutdown().await;
}

async fn bad_input_matrix_stores_nothing(backend: Backend) {
    let Fixture {
        db: _db,
        relay,
        http,
        base,
        inbox,
        url,
    } = Fixture::new(backend, &[]).await;
    let good = webhook_body("invitee.created", USER, "1");
    let sign = |body: &str, t: i64| calendly::signature::sign(KEY.as_bytes(), t, body.as_bytes());
    let too_big = {
        let mut body = webhook_body("invitee.created", USER, "big");
        body.pop();
        body.push_str(&format!(",\"pad\":\"{}\"}}", "x".repeat(256 * 1024)));
        body
    };
    let cases: Vec<(&str, Vec<u8>, Option<String>, u16)> = vec![
        ("no signature", good.clone().into_bytes(), None, 401),
        (
            "empty signature",
            good.clone().into_bytes(),
            Some(String::new()),
            401,
        ),
        (
            "garbage signature",
            good.clone().into_bytes(),
            Some("garbage".into()),
            401,
        ),
        (
            "no v1",
            good.clone().into_bytes(),
            Some(format!("t={}", now())),
            401,
        ),
        (
            "no t",
            good.clone().into_bytes(),
            Some(format!("v1={}", "0".repeat(64))),
            401,
        ),
        (
            "v1 not hex",
            good.clone().into_bytes(),
            Some(format!("t={},v1=zz", now())),
            401,
        ),
        // Well outside the 180 s tolerance: the cases are signed before any is sent, and a
        // busy machine may take seconds to get to these (the boundary itself is tested in
        // crates/calendly/tests/signature.rs).
        (
            "stale",
            good.clone().into_bytes(),
            Some(sign(&good, now() - 600)),
            401,
        ),
        (
            "from the future",
            good.clone().into_bytes(),
            Some(sign(&good, now() + 600)),
            401,
        ),
        ("empty body", Vec::new(), Some(sign("", now())), 401),
        (
            "not JSON",
            b"hello".to_vec(),
            Some(sign("hello", now())),
            400,
        ),
        (
            "JSON array",
            b"[1,2]".to_vec(),
            Some(sign("[1,2]", now())),
            400,
        ),
        (
            "JSON string",
            b"\"x\"".to_vec(),
            Some(sign("\"x\"", now())),
            400,
        ),
        (
            "no payload",
            br#"{"event":"invitee.created"}"#.to_vec(),
            Some(sign(r#"{"event":"invitee.created"}"#, now())),
            400,
        ),
        (
            "no event",
            br#"{"payload":{}}"#.to_vec(),
            Some(sign(r#"{"payload":{}}"#, now())),
            400,
        ),
        (
            "truncated JSON",
            good.as_bytes()[..good.len() - 1].to_vec(),
            Some(sign(&good[..good.len() - 1], now())),
            400,
        ),
        (
            "too large",
            too_big.clone().into_bytes(),
            Some(sign(&too_big, now())),
            413,
        ),
        (
            "another user's webhook",
            webhook_body("invitee.created", OTHER_USER, "1").into_bytes(),
            Some(sign(
                &webhook_body("invitee.created", OTHER_USER, "1"),
                now(),
            )),
            403,
        ),
        (
            "no created_by on a bound inbox",
            br#"{"event":"invitee.created","payload":{}}"#.to_vec(),
            Some(sign(r#"{"event":"invitee.created","payload":{}}"#, now())),
            403,
        ),
    ];
    let mut invalid_utf8 =
        br#"{"event":"invitee.created","created_by":"X","payload":{"n":""#.to_vec();
    invalid_utf8.extend_from_slice(&[0xff, 0xfe]);
    invalid_utf8.extend_from_slice(b"\"}}");
    let header = calendly::signature::sign(KEY.as_bytes(), now(), &invalid_utf8);
    let r = post_with_header(&http, &url, invalid_utf8, Some(&header)).await;
    assert_eq!(r.status(), 400, "invalid UTF-8");
    for (name, body, header, status) in cases {
        let r = post_with_header(&http, &url, body, header.as_deref()).await;
        assert_eq!(r.status().as_u16(), status, "{name}");
        let v: Value = r.json().await.expect("error body is JSON");
        assert!(v["error"].is_string(), "{name}: {v}");
    }
    let (events, _) = read(&http, &base, &inbox, 0).await;
    assert!(events.is_empty(), "nothing stored for rejected requests");
    let metrics = metrics(&http, &base).await;
    assert!(
        metrics.contains("quotla_relay_webhooks_rejected_total{reason=\"stale\"} 2"),
        "{metrics}"
    );
    assert!(metrics.contains("quotla_relay_webhooks_rejected_total{reason=\"too_large\"} 1"));
    assert!(metrics.contains("quotla_relay_webhooks_rejected_total{reason=\"forbidden\"} 2"));
    assert!(metrics.contains("quotla_relay_webhooks_stored_total 0"));
    relay.shutdown().await;
}

async fn forged_signatures_are_refused(backend: Backend) {
    let Fixture {
        db: _db,
        relay,
        http,
        base,
        inbox,
        url,
    } = Fixture::new(backend, &[]).await;
    let body = webhook_body("invitee.created", USER, "1");
    let other = webhook_body("invitee.created", USER, "2");
    let t = now();

    let r = post_signed(&http, &url, &body, "not-the-key", t).await;
    assert_eq!(r.status(), 401, "wrong key");

    let mut changed = body.clone().into_bytes();
    let at = changed.len() - 10;
    changed[at] ^= 0x01;
    let header = calendly::signature::sign(KEY.as_bytes(), t, body.as_bytes());
    let r = post_with_header(&http, &url, changed, Some(&header)).await;
    assert_eq!(r.status(), 401, "body changed by one byte");

    let header_of_other = calendly::signature::sign(KEY.as_bytes(), t, other.as_bytes());
    let r = post_with_header(
        &http,
        &url,
        body.clone().into_bytes(),
        Some(&header_of_other),
    )
    .await;
    assert_eq!(r.status(), 401, "signature of another body");

    let moved_t = header.replacen(&format!("t={t}"), &format!("t={}", t + 1), 1);
    let r = post_with_header(&http, &url, body.clone().into_bytes(), Some(&moved_t)).await;
    assert_eq!(r.status(), 401, "timestamp changed under the signature");

    let (events, _) = read(&http, &base, &inbox, 0).await;
    assert!(events.is_empty());
    relay.shutdown().await;
}

async fn replays_are_answered_once_and_refused_after_the_window(backend: Backend) {
    let clock = TestClock::starting_now();
    let Fixture {
        db: _db,
        relay,
        http,
        base,
        inbox,
        url,
    } = Fixture::with_clock(backend, &["--signature-tolerance-secs", "3"], clock.clone()).await;
    let body = webhook_body("invitee.created", USER, "1");
    let header = calendly::signature::sign(KEY.as_bytes(), clock.now_secs(), body.as_bytes());
    for _ in 0..3 {
        let r = post_with_header(&http, &url, body.clone().into_bytes(), Some(&header)).await;
        assert_eq!(r.status(), 200, "a replay inside the window is harmless");
    }
    let (events, _) = read(&http, &base, &inbox, 0).await;
    assert_eq!(events.len(), 1, "stored once");

    clock.advance(Duration::from_secs(3));
    let r = post_with_header(&http, &url, body.clone().into_bytes(), Some(&header)).await;
    assert_eq!(r.status(), 200, "a replay at the edge of the window");
    assert_eq!(r.json::<Value>().await.expect("json")["duplicate"], true);

    clock.advance(Duration::from_secs(1));
    let r = post_with_header(&http, &url, body.clone().into_bytes(), Some(&header)).await;
    assert_eq!(r.status(), 401, "replay after the window");
    assert_eq!(
        r.json::<Value>().await.expect("json")["error"],
        "stale_signature"
    );
    let (events, _) = read(&http, &base, &inbox, 0).await;
    assert_eq!(events.len(), 1);
    relay.shutdown().await;
}

async fn duplicates_and_reordering_are_stored_in_arrival_order(backend: Backend) {
    let Fixture {
        db: _db,
        relay,
        http,
        base,
        inbox,
        url,
    } = Fixture::new(backend, &[]).await;
    let created = webhook_body("invitee.created", USER, "new");
    let canceled = webhook_body("invitee.canceled", USER, "old");
    // Calendly retries with a fresh signature: a new delivery, stored again (the desktop
    // deduplicates). Out-of-order arrival is kept as arrived.
    for (body, t) in [(&created, now()), (&canceled, now()), (&created, now() - 1)] {
        let r = post_signed(&http, &url, body, KEY, t).await;
        assert_eq!(r.status(), 200);
    }
    let (events, _) = read(&http, &base, &inbox, 0).await;
    assert_eq!(
        events,
        vec![(1, created.clone()), (2, canceled), (3, created)]
    );
    // The same delivery many times at once (likely within one group commit): stored once.
    let twin = webhook_body("invitee.canceled", USER, "twin");
    let twin_header = calendly::signature::sign(KEY.as_bytes(), now(), twin.as_bytes());
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (http, url, twin, twin_header) =
            (http.clone(), url.clone(), twin.clone(), twin_header.clone());
        tasks.spawn(async move {
            post_with_header(&http, &url, twin.into_bytes(), Some(&twin_header))
                .await
                .status()
        });
    }
    while let Some(status) = tasks.join_next().await {
        assert_eq!(status.expect("task"), 200);
    }
    let (events, _) = read(&http, &base, &inbox, 0).await;
    assert_eq!(events.len(), 4, "the concurrent copies were stored once");
    assert_eq!(events[3], (4, twin));
    relay.shutdown().await;
}

async fn deleted_inbox_answers_410_and_never_issued_answers_404(backend: Backend) {
    let Fixture {
        db,
        relay,
        http,
        base,
        inbox,
        url,
    } = Fixture::new(backend, &[]).await;
    let r = post_signed(
        &http,
        &url,
        &webhook_body("invitee.created", USER, "1"),
        KEY,
        now(),
    )
    .await;
    assert_eq!(r.status(), 200);

    let r = http
        .delete(format!("{base}/v1/inboxes/{}", inbox.id))
        .bearer_auth(&inbox.token)
        .send()
        .await
        .expect("delete");
    assert_eq!(r.status(), 204);

    let body = webhook_body("invitee.created", USER, "2");
    let r = post_signed(&http, &url, &body, KEY, now()).await;
    assert_eq!(r.status(), 410);
    // Even unsigned or stale deliveries learn that the inbox is gone.
    let r = post_with_header(&http, &url, body.clone().into_bytes(), None).await;
    assert_eq!(r.status(), 410);
    let r = http
        .get(format!("{base}/v1/inboxes/{}/events", inbox.id))
        .bearer_auth(&inbox.token)
        .send()
        .await
        .expect("read");
    assert_eq!(r.status(), 410);

    for id in ["0123456789abcdef0123456789abcdef", "not-an-id", "%2e%2e"] {
        let r = post_signed(
            &http,
            &format!("{base}/hooks/calendly/{id}"),
            &body,
            KEY,
            now(),
        )
        .await;
        assert_eq!(r.status(), 404, "{id}");
    }
    // The tombstone and its events stay deleted across a restart.
    relay.shutdown().await;
    let relay = start_relay(&db.url, &[]).await;
    let base = common::base(&relay);
    let url = format!("{base}/hooks/calendly/{}", inbox.id);
    let r = post_signed(&http, &url, &body, KEY, now()).await;
    assert_eq!(r.status(), 410);
    relay.shutdown().await;
}

async fn consumer_tokens_only_open_their_own_inbox(backend: Backend) {
    let db = TestDb::new(backend).await;
    let relay = start_relay(&db.url, &[]).await;
    let (http, base) = (client(), base(&relay));
    let mine = register(&http, &base, Some(USER)).await;
    let theirs = register(&http, &base, Some(OTHER_USER)).await;
    let r = post_signed(
        &http,
        &format!("{base}/hooks/calendly/{}", theirs.id),
        &webhook_body("invitee.created", OTHER_USER, "secret"),
        KEY,
        now(),
    )
    .await;
    assert_eq!(r.status(), 200);

    let events = format!("{base}/v1/inboxes/{}/events", theirs.id);
    let attempts = [
        http.get(&events),
        http.get(&events).bearer_auth(&mine.token),
        http.get(&events).bearer_auth(""),
        http.get(&events)
            .header("authorization", format!("Basic {}", theirs.token)),
        http.get(&events).bearer_auth(format!("{}x", theirs.token)),
        http.post(format!("{base}/v1/inboxes/{}/ack", theirs.id))
            .bearer_auth(&mine.token)
            .json(&json!({"up_to": 10})),
        http.delete(format!("{base}/v1/inboxes/{}", theirs.id))
            .bearer_auth(&mine.token),
        http.get(format!(
            "{base}/v1/inboxes/0123456789abcdef0123456789abcdef/events"
        ))
        .bearer_auth(&mine.token),
    ];
    for attempt in attempts {
        let r = attempt.send().await.expect("request");
        assert_eq!(r.status(), 401);
    }
    let (events, _) = read(&http, &base, &theirs, 0).await;
    assert_eq!(events.len(), 1, "their event is untouched");

    let bad = [
        format!("{base}/v1/inboxes/{}/events?after=abc", mine.id),
        format!("{base}/v1/inboxes/{}/events?wait=-1", mine.id),
    ];
    for url in bad {
        let r = http
            .get(&url)
            .bearer_auth(&mine.token)
            .send()
            .await
            .expect("request");
        assert_eq!(r.status(), 400, "{url}");
    }
    let r = http
        .post(format!("{base}/v1/inboxes/{}/ack", mine.id))
        .bearer_auth(&mine.token)
        .body("{\"up_to\": \"x\"}")
        .header("content-type", "application/json")
        .send()
        .await
        .expect("ack");
    assert_eq!(r.status(), 400);
    for body in [
        "[]",
        "{\"calendly_user\": 5}",
        "{\"other\": 1}",
        "{\"calendly_user\": \"\"}",
        "nope",
    ] {
        let r = http
            .post(format!("{base}/v1/inboxes"))
            .body(body)
            .send()
            .await
            .expect("register");
        assert_eq!(r.status(), 400, "{body}");
    }
    relay.shutdown().await;
}

async fn long_poll_wakes_on_a_webhook_and_is_capped(backend: Backend) {
    let db = TestDb::new(backend).await;
    let relay = start_relay(&db.url, &["--max-parked-per-inbox", "1"]).await;
    let (http, base) = (client(), base(&relay));
    let inbox = register(&http, &base, Some(USER)).await;
    let poll = spawn_poll(&http, &base, &inbox, "after=0&wait=30");

    wait_for_metric(&http, &base, "quotla_relay_long_polls_waiting 1").await;
    let r = http
        .get(format!("{base}/v1/inboxes/{}/events?wait=30", inbox.id))
        .bearer_auth(&inbox.token)
        .send()
        .await
        .expect("second poll");
    assert_eq!(r.status(), 429, "parked polls per inbox are capped");
    assert!(r.headers().contains_key("retry-after"));

    let body = webhook_body("invitee.created", USER, "1");
    let r = post_signed(
        &http,
        &format!("{base}/hooks/calendly/{}", inbox.id),
        &body,
        KEY,
        now(),
    )
    .await;
    assert_eq!(r.status(), 200);
    let r = poll.await.expect("poll task");
    assert_eq!(r.status(), 200);
    let (events, next) = parse_page(r.json().await.expect("json"));
    assert_eq!(events, vec![(1, body)]);
    assert_eq!(next, 1);
    wait_for_metric(&http, &base, "quotla_relay_open_long_polls 0").await;
    relay.shutdown().await;
}

async fn rate_limits_answer_429_with_retry_after(backend: Backend) {
    let db = TestDb::new(backend).await;
    let relay = start_relay(
        &db.url,
        &[
            "--register-per-minute",
            "2",
            "--inbox-per-second",
            "1",
            "--trusted-proxy",
            "127.0.0.1",
        ],
    )
    .await;
    let (http, base) = (client(), base(&relay));
    let from = |ip: &str| {
        http.post(format!("{base}/v1/inboxes"))
            .header("x-forwarded-for", ip)
            .json(&json!({ "calendly_user": USER }))
    };
    assert_eq!(from("203.0.113.1").send().await.expect("r").status(), 201);
    assert_eq!(from("203.0.113.1").send().await.expect("r").status(), 201);
    let r = from("203.0.113.1").send().await.expect("r");
    assert_eq!(r.status(), 429);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!(retry >= 1);
    let r = from("203.0.113.2").send().await.expect("r");
    assert_eq!(r.status(), 201, "another client address has its own budget");

    let inbox: Value = r.json().await.expect("json");
    let url = format!(
        "{base}/hooks/calendly/{}",
        inbox["inbox_id"].as_str().expect("id")
    );
    // A burst of 1 per second: of several back-to-back deliveries, some are refused (even
    // on a stalled machine at most one token comes back per second).
    let mut limited = 0;
    let mut accepted = 0;
    for n in 0..6 {
        let body = webhook_body("invitee.created", USER, &format!("burst-{n}"));
        let r = post_signed(&http, &url, &body, KEY, now()).await;
        match r.status().as_u16() {
            200 => accepted += 1,
            429 => {
                limited += 1;
                let retry: u64 = r.headers()["retry-after"]
                    .to_str()
                    .expect("ascii")
                    .parse()
                    .expect("seconds");
                assert!(retry >= 1);
            }
            other => panic!("unexpected status {other}"),
        }
    }
    assert!(
        accepted >= 1 && limited >= 1,
        "{accepted} accepted, {limited} limited"
    );
    let second = webhook_body("invitee.created", USER, "forged");
    // Forged requests do not use up an inbox's budget.
    let r = post_signed(&http, &url, &second, "forged", now()).await;
    assert_eq!(r.status(), 401);
    relay.shutdown().await;

    // Without a trusted proxy, X-Forwarded-For is ignored: all requests are 127.0.0.1.
    let relay = start_relay(&db.url, &["--register-per-minute", "1"]).await;
    let base = common::base(&relay);
    let post = |ip: &str| {
        http.post(format!("{base}/v1/inboxes"))
            .header("x-forwarded-for", ip)
            .send()
    };
    assert_eq!(post("198.51.100.1").await.expect("r").status(), 201);
    assert_eq!(post("198.51.100.2").await.expect("r").status(), 429);
    relay.shutdown().await;
}

async fn retention_expires_events_and_purges_idle_inboxes(backend: Backend) {
    let Fixture {
        db,
        relay,
        http,
        base,
        inbox,
        url,
    } = Fixture::new(
        backend,
        &["--event-retention-secs", "1", "--purge-interval-secs", "1"],
    )
    .await;
    let body = webhook_body("invitee.created", USER, "1");
    let signed_at = now();
    let r = post_signed(&http, &url, &body, KEY, signed_at).await;
    assert_eq!(r.status(), 200);
    wait_for_metric(&http, &base, "quotla_relay_events_expired_total 1").await;
    let (events, _) = read(&http, &base, &inbox, 0).await;
    assert!(events.is_empty(), "unacknowledged event expired");
    // The event is gone, but its signature is still within the tolerance window: a replay
    // must still be recognised, not stored again.
    let replay = post_signed(&http, &url, &body, KEY, signed_at).await;
    assert_eq!(replay.status(), 200);
    let answer: Value = replay.json().await.expect("json answer");
    assert_eq!(answer["duplicate"], true, "{answer}");
    let (events, _) = read(&http, &base, &inbox, 0).await;
    assert!(events.is_empty(), "the replay was not stored");
    relay.shutdown().await;

    let relay = start_relay(
        &db.url,
        &["--inbox-idle-secs", "1", "--purge-interval-secs", "1"],
    )
    .await;
    let base = common::base(&relay);
    wait_for_metric(&http, &base, "quotla_relay_inboxes_purged_total 1").await;
    let url = format!("{base}/hooks/calendly/{}", inbox.id);
    let r = post_signed(
        &http,
        &url,
        &webhook_body("invitee.created", USER, "2"),
        KEY,
        now(),
    )
    .await;
    assert_eq!(r.status(), 410, "a purged inbox leaves a tombstone");
    relay.shutdown().await;
}

async fn operations_endpoints_answer(backend: Backend) {
    let db = TestDb::new(backend).await;
    let relay = start_relay(&db.url, &[]).await;
    let (http, base) = (client(), base(&relay));
    let r = http
        .get(format!("{base}/healthz"))
        .send()
        .await
        .expect("healthz");
    assert_eq!(r.status(), 200);
    let r = http
        .get(format!("{base}/openapi.json"))
        .send()
        .await
        .expect("openapi");
    assert_eq!(r.status(), 200);
    let spec: Value = r.json().await.expect("OpenAPI is JSON");
    assert!(spec["openapi"].as_str().expect("version").starts_with("3."));
    for path in [
        "/v1/inboxes",
        "/hooks/calendly/{inbox_id}",
        "/v1/inboxes/{inbox_id}/events",
        "/v1/inboxes/{inbox_id}/ack",
        "/v1/inboxes/{inbox_id}",
        "/v1/oauth/revoke",
        "/oauth/calendly/callback",
        "/healthz",
        "/metrics",
    ] {
        assert!(spec["paths"][path].is_object(), "{path} documented");
    }
    let text = metrics(&http, &base).await;
    for name in [
        "quotla_relay_webhooks_received_total",
        "quotla_relay_webhooks_rejected_total{reason=\"bad_signature\"}",
        "quotla_relay_webhooks_stored_total",
        "quotla_relay_commits_total",
        "quotla_relay_events_delivered_total",
        "quotla_relay_events_acked_total",
        "quotla_relay_events_expired_total",
        "quotla_relay_open_long_polls",
        "quotla_relay_long_polls_waiting",
    ] {
        assert!(text.contains(name), "{name} in {text}");
    }
    let r = http
        .get(format!("{base}/no/such/route"))
        .send()
        .await
        .expect("404");
    assert_eq!(r.status(), 404);
    relay.shutdown().await;
}

async fn shutdown_releases_parked_long_polls(backend: Backend) {
    let db = TestDb::new(backend).await;
    let relay = start_relay(&db.url, &[]).await;
    let (http, base) = (client(), base(&relay));
    let inbox = register(&http, &base, Some(USER)).await;
    let poll = spawn_poll(&http, &base, &inbox, "wait=30");

    wait_for_metric(&http, &base, "quotla_relay_open_long_polls 1").await;
    let started = std::time::Instant::now();
    relay.shutdown().await;
    let r = poll.await.expect("poll task");
    assert_eq!(r.status(), 200);
    let (events, _) = parse_page(r.json().await.expect("json"));
    assert!(events.is_empty());
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "released, not timed out"
    );
    assert!(
        http.get(format!("{base}/healthz")).send().await.is_err(),
        "no longer accepting"
    );
}

async fn concurrent_webhooks_get_unique_ordered_sequence_numbers(backend: Backend) {
    let db = TestDb::new(backend).await;
    let relay = start_relay(&db.url, &[]).await;
    let (http, base) = (client(), base(&relay));
    let inboxes = [
        register(&http, &base, Some(USER)).await,
        register(&http, &base, Some(USER)).await,
    ];
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..200 {
        let inbox = inboxes[n % 2].clone();
        let (http, base) = (http.clone(), base.clone());
        tasks.spawn(async move {
            let body = webhook_body("invitee.created", USER, &n.to_string());
            let r = post_signed(
                &http,
                &format!("{base}/hooks/calendly/{}", inbox.id),
                &body,
                KEY,
                now(),
            )
            .await;
            assert_eq!(r.status(), 200);
            (n % 2, body)
        });
    }
    let mut sent = [Vec::new(), Vec::new()];
    while let Some(done) = tasks.join_next().await {
        let (i, body) = done.expect("task");
        sent[i].push(body);
    }
    for (inbox, mut sent) in inboxes.iter().zip(sent) {
        let (events, _) = read(&http, &base, inbox, 0).await;
        let seqs: Vec<i64> = events.iter().map(|e| e.0).collect();
        assert_eq!(seqs, (1..=100).collect::<Vec<_>>());
        let mut got: Vec<String> = events.into_iter().map(|e| e.1).collect();
        got.sort();
        sent.sort();
        assert_eq!(got, sent);
    }
    relay.shutdown().await;
}

/// Posts one fresh webhook to `inbox` and returns the sequence number it was stored with.
async fn store_one(http: &reqwest::Client, base: &str, inbox: &Inbox, marker: &str) -> i64 {
    let r = post_signed(
        http,
        &format!("{base}/hooks/calendly/{}", inbox.id),
        &webhook_body("invitee.created", USER, marker),
        KEY,
        now(),
    )
    .await;
    assert_eq!(r.status(), 200, "{marker}");
    r.json::<Value>().await.expect("json")["seq"]
        .as_i64()
        .expect("stored with a seq")
}

/// A consumer that acknowledged seq N must never be handed another event numbered N or
/// lower, so numbers are not reused once every event is deleted: not after an ack (even
/// one beyond the newest event), not after expiry, not after a restart.
async fn sequence_numbers_only_grow_across_ack_expiry_and_restarts(backend: Backend) {
    let db = TestDb::new(backend).await;
    let relay = start_relay(&db.url, &[]).await;
    let (http, base) = (client(), base(&relay));
    let inbox = register(&http, &base, Some(USER)).await;
    let other = register(&http, &base, Some(USER)).await;
    for expected in 1..=3 {
        assert_eq!(
            store_one(&http, &base, &inbox, &format!("a{expected}")).await,
            expected
        );
    }
    ack(&http, &base, &inbox, 3).await;
    assert!(read(&http, &base, &inbox, 0).await.0.is_empty());
    relay.shutdown().await;

    let relay = start_relay(&db.url, &[]).await;
    let base = common::base(&relay);
    assert_eq!(store_one(&http, &base, &inbox, "b").await, 4);
    assert_eq!(
        store_one(&http, &base, &other, "other").await,
        1,
        "each inbox counts on its own"
    );
    ack(&http, &base, &inbox, 1_000_000).await;
    relay.shutdown().await;

    let relay = start_relay(&db.url, &[]).await;
    let base = common::base(&relay);
    assert_eq!(store_one(&http, &base, &inbox, "c").await, 5);
    relay.shutdown().await;

    // Expiry deletes events without an ack.
    let relay = start_relay(
        &db.url,
        &["--event-retention-secs", "1", "--purge-interval-secs", "1"],
    )
    .await;
    let base = common::base(&relay);
    assert_eq!(store_one(&http, &base, &inbox, "d").await, 6);
    wait_for_metric(&http, &base, "quotla_relay_events_expired_total 3").await;
    assert!(read(&http, &base, &inbox, 0).await.0.is_empty());
    relay.shutdown().await;

    let relay = start_relay(&db.url, &[]).await;
    let base = common::base(&relay);
    assert_eq!(store_one(&http, &base, &inbox, "e").await, 7);
    assert_eq!(store_one(&http, &base, &other, "other 2").await, 2);
    let (events, _) = read(&http, &base, &inbox, 0).await;
    assert_eq!(events.iter().map(|e| e.0).collect::<Vec<_>>(), vec![7]);
    relay.shutdown().await;
}

async fn sse_stream_resumes_after_last_event_id(backend: Backend) {
    let Fixture {
        db: _db,
        relay,
        http,
        base,
        inbox,
        url,
    } = Fixture::new(backend, &[]).await;
    let bodies: Vec<String> = (1..=3)
        .map(|n| webhook_body("invitee.created", USER, &n.to_string()))
        .collect();
    for body in &bodies[..2] {
        assert_eq!(
            post_signed(&http, &url, body, KEY, now()).await.status(),
            200
        );
    }
    let stream_url = format!("{base}/v1/inboxes/{}/stream", inbox.id);
    let r = http.get(&stream_url).send().await.expect("stream");
    assert_eq!(r.status(), 401);
    let r = http
        .get(&stream_url)
        .bearer_auth(&inbox.token)
        .header("last-event-id", "x")
        .send()
        .await
        .expect("stream");
    assert_eq!(r.status(), 400);

    let mut stream = http
        .get(&stream_url)
        .bearer_auth(&inbox.token)
        .header("last-event-id", "1")
        .send()
        .await
        .expect("stream");
    assert_eq!(stream.status(), 200);
    assert!(stream.headers()["content-type"]
        .to_str()
        .expect("ascii")
        .starts_with("text/event-stream"));
    let mut text = String::new();
    let mut seen = Vec::new();
    let mut sent_third = false;
    while seen.len() < 2 {
        if seen.len() == 1 && !sent_third {
            sent_third = true;
            assert_eq!(
                post_signed(&http, &url, &bodies[2], KEY, now())
                    .await
                    .status(),
                200
            );
        }
        let chunk = stream.chunk().await.expect("chunk").expect("stream open");
        text.push_str(std::str::from_utf8(&chunk).expect("UTF-8"));
        seen = text
            .split("\n\n")
            .filter_map(|frame| {
                let id = frame.lines().find_map(|l| sse_field(l, "id"))?;
                let data = frame.lines().find_map(|l| sse_field(l, "data"))?;
                let event: Value = serde_json::from_str(data).expect("event JSON");
                Some((
                    id.parse::<i64>().expect("id"),
                    event["body"].as_str().expect("body").to_owned(),
                ))
            })
            .collect::<Vec<_>>();
    }
    assert_eq!(seen, vec![(2, bodies[1].clone()), (3, bodies[2].clone())]);
    relay.shutdown().await;
    while let Ok(Some(_)) = stream.chunk().await {}
}

/// The value of an SSE line `name:value` (one space after the colon is optional).
fn sse_field<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let value = line.strip_prefix(name)?.strip_prefix(':')?;
    Some(value.strip_prefix(' ').unwrap_or(value))
}

/// Starts a long poll in the background.
fn spawn_poll(
    http: &reqwest::Client,
    base: &str,
    inbox: &Inbox,
    query: &str,
) -> tokio::task::JoinHandle<reqwest::Response> {
    let request = http
        .get(format!("{base}/v1/inboxes/{}/events?{query}", inbox.id))
        .bearer_auth(&inbox.token);
    tokio::spawn(async move { request.send().await.expect("poll") })
}
