//! The relay's `POST /hooks/calendly/{inbox_id}`, in process: the real router on a real
//! SQLite store, built once, with a clock that stands still.
//!
//! Input: byte 0 picks the inbox (live, bound to a user, deleted, unknown) and how the
//! request is signed; byte 1 moves the signature time inside the accepted window; the rest is
//! the body (for a hostile header, its first line is the header). What must never happen: a
//! 5xx, a 2xx for a request no signing key signed, a 2xx for another user's webhook on a
//! bound inbox, or anything but 404/410 for an unknown or deleted inbox.

#![no_main]

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderValue, Request, StatusCode};
use calendly::signature::{self, sign};
use libfuzzer_sys::fuzz_target;
use quotla_relay::routes::{self, AppState};
use quotla_relay::store::{BatchWriter, Store};
use quotla_relay::{tokens, Clock, Config};
use tower::ServiceExt;

/// The fake keys of the relay's own tests.
const KEY: &str = "test-signing-key-0123456789";
const PREVIOUS_KEY: &str = "previous-signing-key-abcdef";
const WRONG_KEY: &str = "not-the-signing-key";
const USER: &str = "https://api.calendly.com/users/AAAAAAAAAAAAAAAA";
/// An id of the right shape that was never issued.
const UNKNOWN_INBOX: &str = "0123456789abcdef0123456789abcdef";
const NOW_MS: i64 = 1_800_000_000_000;
const NOW: i64 = NOW_MS / 1000;
const TOLERANCE: i64 = 180;
/// Stored webhooks kept before they are purged, so the database stays small.
const MAX_STORED: u32 = 1_024;

struct FixedClock;

impl Clock for FixedClock {
    fn now_millis(&self) -> i64 {
        NOW_MS
    }
}

struct Relay {
    runtime: tokio::runtime::Runtime,
    router: axum::Router,
    store: Store,
    live: String,
    bound: String,
    deleted: String,
    stored: u32,
    _shutdown: tokio::sync::watch::Sender<bool>,
    _dir: tempfile::TempDir,
}

impl Relay {
    fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("relay.db").display());
        let args = [
            "--database-url",
            url.as_str(),
            "--inbox-per-second",
            "0",
            "--register-per-minute",
            "0",
        ];
        let secrets = |name: &str| match name {
            "CALENDLY_WEBHOOK_SIGNING_KEY" => Some(KEY.to_owned()),
            "CALENDLY_WEBHOOK_SIGNING_KEY_PREVIOUS" => Some(PREVIOUS_KEY.to_owned()),
            _ => None,
        };
        let mut config = Config::from_args(args, secrets).expect("valid flags");
        config.clock = Arc::new(FixedClock);
        let config = Arc::new(config);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let (router, store, shutdown, [live, bound, deleted]) = runtime.block_on(async {
            let store = Store::open(&config.database_url, 2).await.expect("store");
            let mut ids = Vec::new();
            for user in [None, Some(USER), None] {
                let id = tokens::new_inbox_id();
                let token = tokens::new_consumer_token();
                store
                    .create_inbox(&id, &tokens::hash_token(&token), user, NOW_MS)
                    .await
                    .expect("inbox");
                ids.push(id);
            }
            store.delete_inbox(&ids[2], NOW_MS).await.expect("delete");
            let wake = Arc::default();
            let metrics = Arc::default();
            let (writer, _task) = BatchWriter::spawn(
                store.clone(),
                Arc::clone(&wake),
                Arc::clone(&metrics),
                config.commit_batch_max,
            );
            let (shutdown, watching) = tokio::sync::watch::channel(false);
            let state = AppState {
                config: Arc::clone(&config),
                public_base_url: "http://127.0.0.1:8787".into(),
                durability: store.durability().await.expect("durability").into(),
                store: store.clone(),
                writer,
                wake,
                inbox_cache: Arc::default(),
                metrics,
                register_limit: None,
                inbox_limit: None,
                http: reqwest::Client::new(),
                shutdown: watching,
            };
            let ids: [String; 3] = ids.try_into().expect("three inboxes");
            (routes::router(state), store, shutdown, ids)
        });
        Relay {
            runtime,
            router,
            store,
            live,
            bound,
            deleted,
            stored: 0,
            _shutdown: shutdown,
            _dir: dir,
        }
    }

    fn post(&self, inbox: &str, header: Option<HeaderValue>, body: Vec<u8>) -> StatusCode {
        let mut request = Request::post(format!("/hooks/calendly/{inbox}"))
            .header("content-type", "application/json");
        if let Some(header) = header {
            request = request.header(signature::HEADER, header);
        }
        let request = request.body(Body::from(body)).expect("request");
        let router = self.router.clone();
        self.runtime
            .block_on(router.oneshot(request))
            .expect("infallible")
            .status()
    }

    /// Empties the inboxes and forgets accepted signatures (replays are then stored again).
    fn purge(&mut self) {
        let later = NOW_MS + 1;
        let forever = Duration::from_secs(100 * 365 * 86_400);
        self.runtime
            .block_on(
                self.store
                    .purge(later, Duration::ZERO, Duration::ZERO, forever),
            )
            .expect("purge");
        self.stored = 0;
    }
}

thread_local! {
    static RELAY: std::cell::RefCell<Relay> = std::cell::RefCell::new(Relay::start());
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Live,
    Bound,
    Deleted,
    Unknown,
}

fuzz_target!(|data: &[u8]| {
    let [mode, offset, rest @ ..] = data else {
        return;
    };
    let target = [Target::Live, Target::Bound, Target::Deleted, Target::Unknown][usize::from(mode & 3)];
    let t = NOW + i64::from(*offset as i8);
    let mut body = rest.to_vec();
    let header: Option<String> = match (mode >> 2) & 7 {
        0 => Some(sign(KEY.as_bytes(), t, &body)),
        1 => Some(sign(PREVIOUS_KEY.as_bytes(), t, &body)),
        2 => Some(sign(WRONG_KEY.as_bytes(), t, &body)),
        3 => Some(sign(KEY.as_bytes(), NOW - TOLERANCE - 1 - i64::from(*offset), &body)),
        4 => None,
        5 => {
            let split = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            body = rest.get(split + 1..).unwrap_or_default().to_vec();
            // Bytes a header value cannot carry mean the request goes without one.
            let value = HeaderValue::from_bytes(&rest[..split]).ok();
            RELAY.with_borrow_mut(|relay| check(relay, target, value, body));
            return;
        }
        // A wrong digest first, then the right one: any match passes.
        6 => Some(format!(
            "t={t},v1={},v1={}",
            signature::digest_hex(WRONG_KEY.as_bytes(), t, &body),
            signature::digest_hex(KEY.as_bytes(), t, &body)
        )),
        // Signed, but over other bytes than those sent.
        _ => Some(sign(KEY.as_bytes(), t, &[&body[..], b" "].concat())),
    };
    let value = header.map(|h| HeaderValue::from_str(&h).expect("ASCII header"));
    RELAY.with_borrow_mut(|relay| check(relay, target, value, body));
});

fn check(relay: &mut Relay, target: Target, header: Option<HeaderValue>, body: Vec<u8>) {
    let inbox = match target {
        Target::Live => relay.live.clone(),
        Target::Bound => relay.bound.clone(),
        Target::Deleted => relay.deleted.clone(),
        Target::Unknown => match body.len() % 3 {
            0 => UNKNOWN_INBOX.to_owned(),
            1 => relay.live.to_uppercase(),
            _ => "not-an-inbox".to_owned(),
        },
    };
    let status = relay.post(&inbox, header.clone(), body.clone());
    assert!(!status.is_server_error(), "{status}");
    match target {
        Target::Deleted => assert_eq!(status, StatusCode::GONE),
        Target::Unknown => assert_eq!(status, StatusCode::NOT_FOUND),
        Target::Live | Target::Bound => {}
    }
    if !status.is_success() {
        return;
    }
    let header = header.and_then(|h| h.to_str().ok().map(str::to_owned));
    let signed = header.is_some_and(|h| {
        signature::verify(&h, &body, &[KEY, PREVIOUS_KEY], NOW, TOLERANCE).is_ok()
    });
    assert!(signed, "{status} for a request no signing key signed");
    if target == Target::Bound {
        let sent: serde_json::Value = serde_json::from_slice(&body).expect("stored body is JSON");
        assert_eq!(sent["created_by"], USER, "another user's webhook stored");
    }
    relay.stored += 1;
    if relay.stored >= MAX_STORED {
        relay.purge();
    }
}
