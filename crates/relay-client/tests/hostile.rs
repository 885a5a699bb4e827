//! The client against a fake relay that writes raw HTTP answers: malformed, oversized,
//! inconsistent and unexpected ones, slow ones, and the request lines the client sends.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use calendly::Secret;
use relay_client::{RelayClient, RelayError, Timeouts};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const ID: &str = "0123456789abcdef0123456789abcdef";
const TOKEN: &str = "qrt_consumer-SECRET";

/// What the fake writes on every connection.
#[derive(Clone)]
enum Reply {
    /// These bytes after the delay, then close.
    Raw(Duration, Vec<u8>),
    /// A 200 without length whose body never ends.
    Endless,
}

/// A full answer with `Content-Length`.
fn http(status: &str, headers: &[(&str, &str)], body: &str) -> Reply {
    let mut head = format!(
        "HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    Reply::Raw(Duration::ZERO, format!("{head}\r\n{body}").into_bytes())
}

fn json(status: &str, body: &str) -> Reply {
    http(status, &[("content-type", "application/json")], body)
}

fn delayed(delay: Duration, reply: Reply) -> Reply {
    match reply {
        Reply::Raw(_, bytes) => Reply::Raw(delay, bytes),
        Reply::Endless => Reply::Endless,
    }
}

struct Fake {
    client: RelayClient,
    base: String,
    /// Each request's head (request line and headers), in arrival order.
    requests: Arc<Mutex<Vec<String>>>,
}

impl Fake {
    fn requests(&self) -> Vec<String> {
        self.requests.lock().expect("lock").clone()
    }
}

async fn fake(reply: Reply) -> Fake {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let requests = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&requests);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let (reply, seen) = (reply.clone(), Arc::clone(&seen));
            tokio::spawn(async move {
                let Some(head) = read_request(&mut stream).await else {
                    return;
                };
                seen.lock().expect("lock").push(head);
                match reply {
                    Reply::Raw(delay, bytes) => {
                        tokio::time::sleep(delay).await;
                        let _ = stream.write_all(&bytes).await;
                        let _ = stream.shutdown().await;
                    }
                    Reply::Endless => {
                        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n";
                        let _ = stream.write_all(head.as_bytes()).await;
                        let chunk = [b' '; 64 * 1024];
                        while stream.write_all(&chunk).await.is_ok() {}
                    }
                }
            });
        }
    });
    let client = RelayClient::new(&base).expect("client");
    Fake {
        client,
        base,
        requests,
    }
}

/// Reads one request (head and `content-length` body); returns the head.
async fn read_request(stream: &mut tokio::net::TcpStream) -> Option<String> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let end = loop {
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut buf).await.ok().filter(|n| *n > 0)?;
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&data[..end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse().unwrap_or(0))
        })
        .unwrap_or(0);
    while data.len() < end + length {
        let n = stream.read(&mut buf).await.ok().filter(|n| *n > 0)?;
        data.extend_from_slice(&buf[..n]);
    }
    Some(head)
}

fn token() -> Secret {
    Secret::new(TOKEN)
}

async fn events_from(
    reply: Reply,
    after: i64,
    limit: u32,
) -> Result<relay_client::EventsPage, RelayError> {
    fake(reply)
        .await
        .client
        .events(ID, &token(), after, Duration::ZERO, limit)
        .await
}

fn assert_invalid<T: std::fmt::Debug>(result: Result<T, RelayError>, case: &str) {
    match result {
        Err(err @ RelayError::InvalidResponse) => assert!(!err.is_transient()),
        other => panic!("{case}: {other:?}"),
    }
}

#[tokio::test]
async fn a_valid_page_with_extra_fields_is_accepted() {
    let body = r#"{"events":[{"seq":6,"received_at":"2026-01-01T00:00:00Z","body":"{}","x":1},{"seq":9,"received_at":"2026-01-01T00:00:01Z","body":"[]"}],"next_after":9,"more":true}"#;
    let page = events_from(json("200 OK", body), 5, 2).await.expect("page");
    let seqs: Vec<i64> = page.events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [6, 9]);
    assert_eq!(page.next_after, 9);
    assert_eq!(page.events[1].body, "[]");
}

#[tokio::test]
async fn malformed_and_inconsistent_pages_are_refused() {
    let event =
        |seq: i64| format!(r#"{{"seq":{seq},"received_at":"2026-01-01T00:00:00Z","body":"{{}}"}}"#);
    let page = |seqs: &[i64], next_after: i64| {
        let events: Vec<String> = seqs.iter().map(|s| event(*s)).collect();
        format!(
            r#"{{"events":[{}],"next_after":{next_after}}}"#,
            events.join(",")
        )
    };
    let cases: Vec<(&str, String, u32)> = vec![
        ("empty body", String::new(), 100),
        ("not JSON", "{not json".into(), 100),
        ("HTML", "<html>captive portal</html>".into(), 100),
        ("an array", "[]".into(), 100),
        ("no next_after", r#"{"events":[]}"#.into(), 100),
        ("no events", r#"{"next_after":5}"#.into(), 100),
        (
            "seq as a string",
            r#"{"events":[{"seq":"6","received_at":"t","body":"{}"}],"next_after":6}"#.into(),
            100,
        ),
        (
            "body as an object",
            r#"{"events":[{"seq":6,"received_at":"t","body":{}}],"next_after":6}"#.into(),
            100,
        ),
        (
            "next_after as a float",
            r#"{"events":[],"next_after":5.5}"#.into(),
            100,
        ),
        ("next_after before the cursor", page(&[], 4), 100),
        ("next_after before the last event", page(&[6, 7], 6), 100),
        ("events out of order", page(&[7, 6], 7), 100),
        ("a repeated seq", page(&[6, 6], 6), 100),
        ("an event at the cursor", page(&[5, 6], 6), 100),
        ("an event before the cursor", page(&[2], 5), 100),
        ("more events than the limit", page(&[6, 7], 7), 1),
    ];
    for (case, body, limit) in cases {
        assert_invalid(events_from(json("200 OK", &body), 5, limit).await, case);
    }
}

#[tokio::test]
async fn an_oversized_page_is_refused_before_it_is_read() {
    // Declared too large: refused at once, without waiting for a body that never comes.
    let declared = Reply::Raw(
        Duration::ZERO,
        b"HTTP/1.1 200 OK\r\ncontent-length: 16777217\r\n\r\n{\"events\":[".to_vec(),
    );
    let started = Instant::now();
    assert_invalid(events_from(declared, 0, 100).await, "declared 16 MiB + 1");
    assert!(started.elapsed() < Duration::from_secs(5));

    // No length and no end: the client stops at the cap instead of buffering forever.
    let endless =
        tokio::time::timeout(Duration::from_secs(60), events_from(Reply::Endless, 0, 100))
            .await
            .expect("the client gives up at the cap");
    assert_invalid(endless, "endless body");
}

#[tokio::test]
async fn the_size_cap_is_16_mib_for_events_and_64_kib_otherwise() {
    // A 1 MiB page is fine…
    let padding = " ".repeat(1 << 20);
    let big_page = format!(r#"{{"events":[],"next_after":0{padding}}}"#);
    let page = events_from(json("200 OK", &big_page), 0, 100)
        .await
        .expect("1 MiB page");
    assert!(page.events.is_empty());
    // …but a registration answer just over 64 KiB is not.
    let padding = " ".repeat(64 << 10);
    let inbox = format!(
        r#"{{"inbox_id":"{ID}","webhook_url":"https://relay.example/hooks/calendly/{ID}","consumer_token":"qrt_x"{padding}}}"#
    );
    let fake = fake(json("201 Created", &inbox)).await;
    assert_invalid(fake.client.register_unbound_inbox().await, "65 KiB inbox");
    // An oversized error body still yields the status, without a code.
    let fake_error = fake_error_with_body(&" ".repeat(100 << 10)).await;
    assert!(
        matches!(&fake_error, RelayError::Server { status: 500, code } if code == "unknown"),
        "{fake_error:?}"
    );
}

async fn fake_error_with_body(body: &str) -> RelayError {
    let fake = fake(json("500 Internal Server Error", body)).await;
    fake.client.ack(ID, &token(), 1).await.expect_err("a 500")
}

#[tokio::test]
async fn hostile_registration_answers_are_refused() {
    let inbox = |id: &str, url: &str, token: &str| {
        serde_json::json!({ "inbox_id": id, "webhook_url": url, "consumer_token": token })
            .to_string()
    };
    let url = format!("https://relay.example/hooks/calendly/{ID}");
    let cases = [
        (
            "an id with a slash",
            inbox("../oauth/revoke", &url, "qrt_x"),
        ),
        ("an empty id", inbox("", &url, "qrt_x")),
        ("a very long id", inbox(&"a".repeat(129), &url, "qrt_x")),
        ("a script URL", inbox(ID, "javascript:alert(1)", "qrt_x")),
        ("not a URL", inbox(ID, "relay.example", "qrt_x")),
        ("an empty token", inbox(ID, &url, "")),
        (
            "a token with a newline",
            inbox(ID, &url, "qrt_x\r\nx-evil: 1"),
        ),
        ("a token with a space", inbox(ID, &url, "qrt x")),
        (
            "a missing token",
            format!(r#"{{"inbox_id":"{ID}","webhook_url":"{url}"}}"#),
        ),
        (
            "a number as id",
            format!(r#"{{"inbox_id":5,"webhook_url":"{url}","consumer_token":"qrt_x"}}"#),
        ),
    ];
    for (case, body) in cases {
        let fake = fake(json("201 Created", &body)).await;
        assert_invalid(
            fake.client
                .register_inbox("https://api.calendly.com/users/U")
                .await,
            case,
        );
    }
    // The same answer with sane values is accepted.
    let fake = fake(json("201 Created", &inbox(ID, &url, "qrt_x"))).await;
    let registered = fake
        .client
        .register_unbound_inbox()
        .await
        .expect("sane answer");
    assert_eq!(registered.inbox_id, ID);
}

#[tokio::test]
async fn unexpected_success_and_redirect_statuses_are_refused() {
    let inbox = format!(
        r#"{{"inbox_id":"{ID}","webhook_url":"https://relay.example/hooks/calendly/{ID}","consumer_token":"qrt_x"}}"#
    );
    let fake_200 = fake(json("200 OK", &inbox)).await;
    assert_invalid(
        fake_200.client.register_unbound_inbox().await,
        "register 200",
    );
    // A captive portal's 200 must not pass for an acknowledgement.
    assert_invalid(fake_200.client.ack(ID, &token(), 1).await, "ack 200");
    assert_invalid(
        fake_200.client.delete_inbox(ID, &token()).await,
        "delete 200",
    );
    assert_invalid(
        fake_200.client.revoke(&token(), &token()).await,
        "revoke 200",
    );
    assert_invalid(
        events_from(http("204 No Content", &[], ""), 0, 100).await,
        "events 204",
    );

    // Redirects are not followed (they would carry the bearer token elsewhere).
    let redirect = fake(http("302 Found", &[("location", "/v1/inboxes")], "")).await;
    assert_invalid(
        redirect
            .client
            .events(ID, &token(), 0, Duration::ZERO, 100)
            .await,
        "events 302",
    );
    assert_eq!(redirect.requests().len(), 1);
}

#[tokio::test]
async fn error_statuses_are_classified() {
    const TRANSIENT: bool = true;
    const PERMANENT: bool = false;
    type Expected = fn(&RelayError) -> bool;
    let cases: Vec<(&str, Reply, Expected, bool)> = vec![
        (
            "relay 401",
            json(
                "401 Unauthorized",
                r#"{"error":"unauthorized","message":"m"}"#,
            ),
            |e| matches!(e, RelayError::InboxGone { status: 401 }),
            PERMANENT,
        ),
        (
            "relay 410",
            json("410 Gone", r#"{"error":"gone","message":"m"}"#),
            |e| matches!(e, RelayError::InboxGone { status: 410 }),
            PERMANENT,
        ),
        (
            "a proxy's 401",
            http(
                "401 Unauthorized",
                &[("www-authenticate", "Basic")],
                "<html>login</html>",
            ),
            |e| matches!(e, RelayError::Refused { status: 401, code } if code == "unknown"),
            PERMANENT,
        ),
        (
            "404 without body",
            http("404 Not Found", &[], ""),
            |e| matches!(e, RelayError::Refused { status: 404, code } if code == "unknown"),
            PERMANENT,
        ),
        (
            "404 with a code",
            json("404 Not Found", r#"{"error":"not_found"}"#),
            |e| matches!(e, RelayError::Refused { status: 404, code } if code == "not_found"),
            PERMANENT,
        ),
        (
            "429 with Retry-After",
            http(
                "429 Too Many Requests",
                &[("retry-after", "7")],
                r#"{"error":"too_many_polls"}"#,
            ),
            |e| matches!(e, RelayError::RateLimited { retry_after: Some(d) } if *d == Duration::from_secs(7)),
            TRANSIENT,
        ),
        (
            "429 without Retry-After",
            http("429 Too Many Requests", &[], ""),
            |e| matches!(e, RelayError::RateLimited { retry_after: None }),
            TRANSIENT,
        ),
        (
            "429 with a date",
            http(
                "429 Too Many Requests",
                &[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")],
                "",
            ),
            |e| matches!(e, RelayError::RateLimited { retry_after: None }),
            TRANSIENT,
        ),
        (
            "503",
            json("503 Service Unavailable", r#"{"error":"unavailable"}"#),
            |e| matches!(e, RelayError::Server { status: 503, code } if code == "unavailable"),
            TRANSIENT,
        ),
        (
            "502 from a proxy",
            http("502 Bad Gateway", &[], "<html>bad gateway</html>"),
            |e| matches!(e, RelayError::Server { status: 502, code } if code == "unknown"),
            TRANSIENT,
        ),
        (
            "408",
            http("408 Request Timeout", &[], ""),
            |e| matches!(e, RelayError::Server { status: 408, .. }),
            TRANSIENT,
        ),
        (
            "400",
            json(
                "400 Bad Request",
                r#"{"error":"bad_request","message":"m"}"#,
            ),
            |e| matches!(e, RelayError::Refused { status: 400, code } if code == "bad_request"),
            PERMANENT,
        ),
        (
            "a hostile code",
            json(
                "403 Forbidden",
                r#"{"error":"<b>x</b>\n\u001b[31mqrt_consumer-SECRET"}"#,
            ),
            |e| matches!(e, RelayError::Refused { status: 403, code } if code == "bxb31mqrt_consumerSECRET"),
            PERMANENT,
        ),
    ];
    for (case, reply, expected, transient) in cases {
        let err = events_from(reply, 0, 100).await.expect_err(case);
        assert!(expected(&err), "{case}: {err:?}");
        assert_eq!(err.is_transient(), transient, "{case}");
    }
    // A code is cut to 64 characters.
    let long = format!(r#"{{"error":"{}"}}"#, "a".repeat(500));
    let err = events_from(json("400 Bad Request", &long), 0, 100)
        .await
        .expect_err("400");
    assert!(
        matches!(&err, RelayError::Refused { code, .. } if code.len() == 64),
        "{err:?}"
    );
    // Registration carries no token: its 401/410 are plain refusals.
    let fake = fake(json("410 Gone", r#"{"error":"gone"}"#)).await;
    let err = fake.client.register_unbound_inbox().await.expect_err("410");
    assert!(
        matches!(&err, RelayError::Refused { status: 410, code } if code == "gone"),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_unreachable_relay_is_a_transient_network_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let client = RelayClient::new(&format!("http://{addr}")).expect("client");
    let err = client
        .register_unbound_inbox()
        .await
        .expect_err("nobody listens");
    assert!(
        matches!(err, RelayError::Network { timed_out: false }),
        "{err:?}"
    );
    assert!(err.is_transient());
}

#[tokio::test]
async fn long_polls_are_limited_by_their_wait_and_other_calls_by_the_request_timeout() {
    let timeouts = Timeouts {
        request: Duration::from_secs(1),
        poll_grace: Duration::from_secs(1),
    };
    let page = r#"{"events":[],"next_after":0}"#;
    let slow = |delay_ms: u64| delayed(Duration::from_millis(delay_ms), json("200 OK", page));
    let (poll_ok, poll_late, ack_late) = (
        fake(slow(2500)).await,
        fake(slow(4000)).await,
        fake(delayed(
            Duration::from_secs(2),
            http("204 No Content", &[], ""),
        ))
        .await,
    );
    let client = |fake: &Fake| RelayClient::with_timeouts(&fake.base, timeouts).expect("client");
    let (c1, c2, c3) = (client(&poll_ok), client(&poll_late), client(&ack_late));
    let token = token();
    let (ok, late, ack) = tokio::join!(
        // Longer than the request timeout, within wait + grace: not cut.
        c1.events(ID, &token, 0, Duration::from_secs(2), 100),
        // Beyond wait + grace.
        c2.events(ID, &token, 0, Duration::from_secs(1), 100),
        c3.ack(ID, &token, 1),
    );
    ok.expect("a poll answered after its wait is not cut");
    for err in [late.expect_err("too late"), ack.expect_err("too late")] {
        assert!(
            matches!(err, RelayError::Network { timed_out: true }),
            "{err:?}"
        );
        assert_eq!(err.to_string(), "could not reach the relay (timed out)");
    }
}

#[tokio::test]
async fn requests_carry_clamped_parameters_and_the_bearer_token() {
    let fake = fake(json("200 OK", r#"{"events":[],"next_after":3}"#)).await;
    let prefixed = RelayClient::new(&format!("{}/relay/", fake.base)).expect("client");
    let token = token();
    fake.client
        .events(ID, &token, 3, Duration::from_secs(600), 5000)
        .await
        .expect("page");
    fake.client
        .events(ID, &token, 3, Duration::from_millis(999), 0)
        .await
        .expect("page");
    prefixed
        .events(ID, &token, 3, Duration::from_secs(12), 50)
        .await
        .expect("page");
    let requests = fake.requests();
    let lines: Vec<&str> = requests.iter().filter_map(|r| r.lines().next()).collect();
    assert_eq!(
        lines,
        [
            format!("GET /v1/inboxes/{ID}/events?after=3&wait=30&limit=1000 HTTP/1.1"),
            format!("GET /v1/inboxes/{ID}/events?after=3&wait=0&limit=1 HTTP/1.1"),
            format!("GET /relay/v1/inboxes/{ID}/events?after=3&wait=12&limit=50 HTTP/1.1"),
        ]
    );
    assert!(requests[0].to_ascii_lowercase().contains(&format!(
        "authorization: bearer {}",
        TOKEN.to_ascii_lowercase()
    )));
}

#[tokio::test]
async fn ack_and_delete_send_what_the_relay_expects() {
    let fake = fake(http("204 No Content", &[], "")).await;
    fake.client.ack(ID, &token(), 42).await.expect("ack");
    fake.client
        .delete_inbox(ID, &token())
        .await
        .expect("delete");
    let requests = fake.requests();
    assert!(requests[0].starts_with(&format!("POST /v1/inboxes/{ID}/ack HTTP/1.1")));
    assert!(
        requests[0].contains("content-length: 12"),
        "{{\"up_to\":42}} is 12 bytes"
    );
    assert!(requests[1].starts_with(&format!("DELETE /v1/inboxes/{ID} HTTP/1.1")));
}

#[tokio::test]
async fn inbox_ids_that_would_change_the_url_are_refused_before_sending() {
    let fake = fake(http("204 No Content", &[], "")).await;
    for id in ["../oauth/revoke", "a/b", "", "a?b", "a#b", "..", "a b", "é"] {
        let err = fake.client.ack(id, &token(), 1).await.expect_err(id);
        assert!(matches!(err, RelayError::Config(_)), "{id}: {err:?}");
        let err = fake
            .client
            .events(id, &token(), 0, Duration::ZERO, 1)
            .await
            .expect_err(id);
        assert!(matches!(err, RelayError::Config(_)), "{id}: {err:?}");
    }
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn only_http_relay_urls_are_accepted() {
    for url in [
        "ftp://relay.example",
        "mailto:relay@example.com",
        "relay.example",
        "",
    ] {
        let err = RelayClient::new(url).expect_err(url);
        assert!(matches!(err, RelayError::Config(_)), "{url}: {err:?}");
    }
}

#[tokio::test]
async fn errors_never_show_tokens() {
    let calendly_token = Secret::new("cal_access-SECRET");
    let replies = [
        json("401 Unauthorized", r#"{"error":"unauthorized"}"#),
        json(
            "403 Forbidden",
            r#"{"error":"forbidden","message":"qrt_consumer-SECRET"}"#,
        ),
        json("502 Bad Gateway", r#"{"error":"upstream"}"#),
        json("204 No Content", ""),
        http("200 OK", &[], "{}"),
    ];
    for reply in replies {
        let fake = fake(reply).await;
        let result = fake.client.revoke(&token(), &calendly_token).await;
        let shown = format!(
            "{result:?} {}",
            result
                .as_ref()
                .err()
                .map(ToString::to_string)
                .unwrap_or_default()
        );
        assert!(!shown.contains("SECRET"), "{shown}");
    }
    // A token that cannot go into a header is a local error that does not show it either.
    let fake = fake(http("204 No Content", &[], "")).await;
    let err = fake
        .client
        .ack(ID, &Secret::new("qrt_SECRET\nx"), 1)
        .await
        .expect_err("unusable token");
    assert!(matches!(err, RelayError::Config(_)), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("SECRET"));
}
