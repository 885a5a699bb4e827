//! The client against the real relay, started in this process on a SQLite file, with
//! webhooks signed and posted the way Calendly does.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use calendly::Secret;
use quotla_relay::config::Config as RelayConfig;
use quotla_relay::Relay;
use relay_client::{Inbox, RelayClient, RelayError, Timeouts, MAX_WAIT};

const KEY: &str = "relay-client-test-signing-key";
const USER: &str = "https://api.calendly.com/users/AAAAAAAAAAAAAAAA";
const OTHER_USER: &str = "https://api.calendly.com/users/BBBBBBBBBBBBBBBB";
const NO_WAIT: Duration = Duration::ZERO;

struct TestRelay {
    relay: Relay,
    client: RelayClient,
    http: reqwest::Client,
    _dir: tempfile::TempDir,
}

/// A relay on 127.0.0.1:0 without rate limits (unless `extra` sets them).
async fn start(extra: &[&str]) -> TestRelay {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = format!("sqlite://{}", dir.path().join("relay.db").display());
    let mut args = vec![
        "--listen",
        "127.0.0.1:0",
        "--database-url",
        &db,
        "--register-per-minute",
        "0",
        "--inbox-per-second",
        "0",
    ];
    args.extend_from_slice(extra);
    let config = RelayConfig::from_args(args, |name| {
        (name == "CALENDLY_WEBHOOK_SIGNING_KEY").then(|| KEY.to_string())
    })
    .expect("relay flags");
    let relay = quotla_relay::start(config).await.expect("relay starts");
    let client = RelayClient::new(&format!("http://{}/", relay.addr())).expect("client");
    TestRelay {
        relay,
        client,
        http: reqwest::Client::new(),
        _dir: dir,
    }
}

fn webhook_body(created_by: &str, marker: u32) -> String {
    serde_json::json!({
        "event": "invitee.created",
        "created_at": "2026-11-25T10:00:00.000000Z",
        "created_by": created_by,
        "payload": { "uri": format!("https://api.calendly.com/scheduled_events/E/invitees/{marker}") }
    })
    .to_string()
}

/// Posts `body` to the inbox's webhook URL, signed now as Calendly signs; the HTTP status.
async fn deliver(http: &reqwest::Client, inbox: &Inbox, body: &str) -> u16 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    http.post(&inbox.webhook_url)
        .header(
            calendly::signature::HEADER,
            calendly::signature::sign(KEY.as_bytes(), now, body.as_bytes()),
        )
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("webhook delivered")
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registers_bound_and_unbound_inboxes() {
    let t = start(&[]).await;
    let bound = t.client.register_inbox(USER).await.expect("bound inbox");
    let unbound = t
        .client
        .register_unbound_inbox()
        .await
        .expect("unbound inbox");
    assert_ne!(bound.inbox_id, unbound.inbox_id);
    for inbox in [&bound, &unbound] {
        assert_eq!(
            inbox.webhook_url,
            format!(
                "http://{}/hooks/calendly/{}",
                t.relay.addr(),
                inbox.inbox_id
            )
        );
        assert!(!format!("{inbox:?}").contains(inbox.consumer_token.expose()));
    }

    // The bound inbox takes only its user's webhooks; the unbound one takes any.
    assert_eq!(
        deliver(&t.http, &bound, &webhook_body(OTHER_USER, 1)).await,
        403
    );
    assert_eq!(deliver(&t.http, &bound, &webhook_body(USER, 2)).await, 200);
    assert_eq!(
        deliver(&t.http, &unbound, &webhook_body(OTHER_USER, 3)).await,
        200
    );
    let page = t
        .client
        .events(&unbound.inbox_id, &unbound.consumer_token, 0, NO_WAIT, 100)
        .await
        .expect("events");
    assert_eq!(page.events.len(), 1);
    assert_eq!(page.events[0].body, webhook_body(OTHER_USER, 3));

    // Only a bound inbox may revoke (the relay checks before asking Calendly).
    let err = t
        .client
        .revoke(&unbound.consumer_token, &Secret::new("calendly-token"))
        .await
        .expect_err("unbound inboxes cannot revoke");
    assert!(
        matches!(&err, RelayError::Refused { status: 403, code } if code == "forbidden"),
        "{err:?}"
    );
    assert!(!err.is_transient());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_events_after_a_cursor_in_pages() {
    let t = start(&[]).await;
    let inbox = t.client.register_inbox(USER).await.expect("inbox");
    let bodies: Vec<String> = (1..=3).map(|n| webhook_body(USER, n)).collect();
    for body in &bodies {
        assert_eq!(deliver(&t.http, &inbox, body).await, 200);
    }
    let token = &inbox.consumer_token;

    let all = t
        .client
        .events(&inbox.inbox_id, token, 0, NO_WAIT, 100)
        .await
        .expect("all events");
    let received: Vec<&str> = all.events.iter().map(|e| e.body.as_str()).collect();
    assert_eq!(received, bodies);
    assert!(all.events.windows(2).all(|w| w[0].seq < w[1].seq));
    assert_eq!(all.next_after, all.events[2].seq);
    assert!(all.events[0].received_at.ends_with('Z'));
    assert!(
        !format!("{all:?}").contains("invitees"),
        "Debug hides bodies"
    );

    let first = all.events[0].seq;
    let rest = t
        .client
        .events(&inbox.inbox_id, token, first, NO_WAIT, 100)
        .await
        .expect("after the first");
    assert_eq!(rest.events.len(), 2);
    assert_eq!(rest.events[0].body, bodies[1]);

    let page = t
        .client
        .events(&inbox.inbox_id, token, 0, NO_WAIT, 2)
        .await
        .expect("a page of two");
    assert_eq!(page.events.len(), 2);
    assert_eq!(page.next_after, page.events[1].seq);

    let none = t
        .client
        .events(&inbox.inbox_id, token, all.next_after, NO_WAIT, 100)
        .await
        .expect("nothing new");
    assert!(none.events.is_empty());
    assert_eq!(none.next_after, all.next_after);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_poll_parks_until_a_webhook_arrives() {
    let t = start(&[]).await;
    let inbox = t.client.register_inbox(USER).await.expect("inbox");
    // The relay's longest wait, which equals the old client-wide timeout: the poll must get
    // more than that, and here it is woken after about a second.
    let poll = {
        let client = t.client.clone();
        let (id, token) = (
            inbox.inbox_id.clone(),
            Secret::new(inbox.consumer_token.expose()),
        );
        tokio::spawn(async move {
            let started = Instant::now();
            let page = client.events(&id, &token, 0, MAX_WAIT, 100).await;
            (page, started.elapsed())
        })
    };
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(
        !poll.is_finished(),
        "the poll parks while the inbox is empty"
    );
    let body = webhook_body(USER, 7);
    assert_eq!(deliver(&t.http, &inbox, &body).await, 200);
    let (page, took) = tokio::time::timeout(Duration::from_secs(10), poll)
        .await
        .expect("woken by the webhook, not by the wait ending")
        .expect("poll task");
    let page = page.expect("events");
    assert_eq!(page.events.len(), 1);
    assert_eq!(page.events[0].body, body);
    assert!(took >= Duration::from_millis(900), "{took:?}");
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_long_poll_answers_when_the_wait_ends() {
    let t = start(&[]).await;
    let inbox = t.client.register_unbound_inbox().await.expect("inbox");
    let started = Instant::now();
    let page = t
        .client
        .events(
            &inbox.inbox_id,
            &inbox.consumer_token,
            5,
            Duration::from_secs(1),
            100,
        )
        .await
        .expect("an empty page");
    assert!(started.elapsed() >= Duration::from_millis(900));
    assert!(page.events.is_empty());
    assert_eq!(page.next_after, 5);
}

#[test]
fn long_polls_get_more_time_than_the_longest_wait() {
    assert_eq!(MAX_WAIT.as_secs(), quotla_relay::routes::MAX_WAIT_SECS);
    let timeouts = Timeouts::default();
    assert_eq!(timeouts.request, Duration::from_secs(30));
    assert_eq!(timeouts.poll(MAX_WAIT), Duration::from_secs(45));
    // Longer waits are clamped to what the relay accepts, and so is their timeout.
    assert_eq!(
        timeouts.poll(Duration::from_secs(3600)),
        Duration::from_secs(45)
    );
    assert_eq!(timeouts.poll(Duration::ZERO), Duration::from_secs(15));
    assert!(timeouts.poll(MAX_WAIT) > MAX_WAIT + Duration::from_secs(10));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_events_are_gone() {
    let t = start(&[]).await;
    let inbox = t.client.register_inbox(USER).await.expect("inbox");
    for n in 1..=3 {
        assert_eq!(deliver(&t.http, &inbox, &webhook_body(USER, n)).await, 200);
    }
    let (id, token) = (&inbox.inbox_id, &inbox.consumer_token);
    let page = t
        .client
        .events(id, token, 0, NO_WAIT, 100)
        .await
        .expect("events");
    t.client
        .ack(id, token, page.events[1].seq)
        .await
        .expect("ack two");
    // Even from the start, only the unacknowledged event is left.
    let left = t
        .client
        .events(id, token, 0, NO_WAIT, 100)
        .await
        .expect("events");
    assert_eq!(left.events.len(), 1);
    assert_eq!(left.events[0].seq, page.events[2].seq);
    t.client
        .ack(id, token, left.next_after)
        .await
        .expect("ack all");
    let empty = t
        .client
        .events(id, token, 0, NO_WAIT, 100)
        .await
        .expect("events");
    assert!(empty.events.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_inbox_is_gone_for_the_desktop_and_for_calendly() {
    let t = start(&[]).await;
    let inbox = t.client.register_inbox(USER).await.expect("inbox");
    assert_eq!(deliver(&t.http, &inbox, &webhook_body(USER, 1)).await, 200);
    let (id, token) = (&inbox.inbox_id, &inbox.consumer_token);
    t.client.delete_inbox(id, token).await.expect("deleted");

    let gone = |result: Result<(), RelayError>| {
        let err = result.expect_err("the inbox is gone");
        assert!(
            matches!(err, RelayError::InboxGone { status: 410 }),
            "{err:?}"
        );
        assert!(!err.is_transient());
    };
    gone(t.client.events(id, token, 0, NO_WAIT, 100).await.map(drop));
    gone(t.client.ack(id, token, 1).await);
    gone(t.client.delete_inbox(id, token).await);
    gone(t.client.revoke(token, &Secret::new("calendly-token")).await);
    // 410 makes Calendly drop the subscription.
    assert_eq!(deliver(&t.http, &inbox, &webhook_body(USER, 2)).await, 410);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_that_does_not_open_the_inbox_means_it_is_gone() {
    let t = start(&[]).await;
    let mine = t.client.register_inbox(USER).await.expect("inbox");
    let other = t
        .client
        .register_unbound_inbox()
        .await
        .expect("other inbox");
    let wrong = Secret::new("qrt_not-the-token");
    let unauthorized = |result: Result<(), RelayError>| {
        let err = result.expect_err("refused");
        assert!(
            matches!(err, RelayError::InboxGone { status: 401 }),
            "{err:?}"
        );
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("qrt_"), "{shown}");
    };
    let id = &mine.inbox_id;
    unauthorized(t.client.events(id, &wrong, 0, NO_WAIT, 100).await.map(drop));
    unauthorized(t.client.ack(id, &wrong, 1).await);
    unauthorized(t.client.delete_inbox(id, &wrong).await);
    unauthorized(
        t.client
            .revoke(&wrong, &Secret::new("calendly-token"))
            .await,
    );
    // Another inbox's token, and an id the relay never issued (what a relay that lost its
    // database answers).
    let other_token = &other.consumer_token;
    unauthorized(
        t.client
            .events(id, other_token, 0, NO_WAIT, 100)
            .await
            .map(drop),
    );
    let unknown = "0123456789abcdef0123456789abcdef";
    unauthorized(
        t.client
            .events(unknown, &mine.consumer_token, 0, NO_WAIT, 100)
            .await
            .map(drop),
    );
    // The inbox still works with its own token.
    t.client
        .events(id, &mine.consumer_token, 0, NO_WAIT, 100)
        .await
        .expect("still usable");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limits_come_with_retry_after() {
    let t = start(&["--register-per-minute", "1", "--max-parked-per-inbox", "1"]).await;
    let inbox = t
        .client
        .register_unbound_inbox()
        .await
        .expect("first inbox");
    let err = t
        .client
        .register_unbound_inbox()
        .await
        .expect_err("one registration a minute");
    let RelayError::RateLimited {
        retry_after: Some(retry_after),
    } = err
    else {
        panic!("{err:?}");
    };
    assert!(err.is_transient());
    assert!(retry_after >= Duration::from_secs(1) && retry_after <= Duration::from_secs(61));

    // One parked poll per inbox: a second one is refused while the first waits.
    let parked = {
        let client = t.client.clone();
        let (id, token) = (
            inbox.inbox_id.clone(),
            Secret::new(inbox.consumer_token.expose()),
        );
        tokio::spawn(async move {
            client
                .events(&id, &token, 0, Duration::from_secs(2), 100)
                .await
        })
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    let err = t
        .client
        .events(
            &inbox.inbox_id,
            &inbox.consumer_token,
            0,
            Duration::from_secs(2),
            100,
        )
        .await
        .expect_err("the inbox's poll slot is taken");
    assert!(
        matches!(
            err,
            RelayError::RateLimited {
                retry_after: Some(d)
            } if d == Duration::from_secs(1)
        ),
        "{err:?}"
    );
    parked.await.expect("task").expect("the first poll ends");
}
