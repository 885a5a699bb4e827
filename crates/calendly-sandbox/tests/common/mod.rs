//! Shared helpers for the sandbox's integration tests: a started sandbox, an HTTP client
//! that does not follow redirects, a webhook receiver, and the OpenAPI schema checker.
#![allow(dead_code)]

pub mod spec;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use calendly_sandbox::{Sandbox, SandboxConfig};
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const ALL_SCOPES: &str =
    "users:read event_types:read scheduling_links:write scheduled_events:write webhooks:write";

/// A running sandbox plus a client for it.
pub struct Env {
    pub sandbox: Sandbox,
    pub http: reqwest::Client,
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

pub async fn start() -> Env {
    start_with(SandboxConfig::default()).await
}

pub async fn start_with(config: SandboxConfig) -> Env {
    let sandbox = calendly_sandbox::spawn(config)
        .await
        .expect("sandbox starts");
    Env {
        sandbox,
        http: client(),
    }
}

/// Tokens issued through the control API.
pub struct Tokens {
    pub access: String,
    pub refresh: String,
    pub owner: String,
    pub organization: String,
}

impl Env {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.base_url())
    }

    /// POSTs JSON to `/_sandbox/{path}` and returns status and body.
    pub async fn control(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let r = self
            .http
            .post(self.url(&format!("/_sandbox/{path}")))
            .json(&body)
            .send()
            .await
            .expect("control request");
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn control_get(&self, path: &str) -> Value {
        self.http
            .get(self.url(&format!("/_sandbox/{path}")))
            .send()
            .await
            .expect("control request")
            .json()
            .await
            .expect("control json")
    }

    pub async fn tokens(&self, scope: &str) -> Tokens {
        self.tokens_of(scope, "first").await
    }

    /// Tokens for `user`: `"first"`, `"second"` or a user URI.
    pub async fn tokens_of(&self, scope: &str, user: &str) -> Tokens {
        let (status, v) = self
            .control("tokens", json!({ "scope": scope, "user": user }))
            .await;
        assert_eq!(status, StatusCode::OK, "{v}");
        Tokens {
            access: v["access_token"].as_str().expect("access").into(),
            refresh: v["refresh_token"].as_str().expect("refresh").into(),
            owner: v["owner"].as_str().expect("owner").into(),
            organization: v["organization"].as_str().expect("org").into(),
        }
    }

    /// GET with a bearer token; returns status, headers and JSON body (Null if none).
    pub async fn get(&self, token: &str, path_or_url: &str) -> (StatusCode, HeaderMap, Value) {
        let url = if path_or_url.starts_with("http") {
            path_or_url.to_owned()
        } else {
            self.url(path_or_url)
        };
        let r = self
            .http
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .expect("request");
        split(r).await
    }

    pub async fn post(
        &self,
        token: &str,
        path: &str,
        body: Value,
    ) -> (StatusCode, HeaderMap, Value) {
        let r = self
            .http
            .post(self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .expect("request");
        split(r).await
    }

    pub async fn delete(&self, token: &str, path_or_url: &str) -> (StatusCode, HeaderMap, Value) {
        let url = if path_or_url.starts_with("http") {
            path_or_url.to_owned()
        } else {
            self.url(path_or_url)
        };
        let r = self
            .http
            .delete(url)
            .bearer_auth(token)
            .send()
            .await
            .expect("request");
        split(r).await
    }

    /// The first event type URI of the seeded user (sorted by name).
    pub async fn event_type(&self, t: &Tokens) -> String {
        let (_, _, v) = self
            .get(
                &t.access,
                &format!("/event_types?user={}&active=true", enc(&t.owner)),
            )
            .await;
        v["collection"][0]["uri"]
            .as_str()
            .expect("event type")
            .into()
    }

    /// The URI of the token owner's event type with `slug` (active or not).
    pub async fn event_type_slug(&self, t: &Tokens, slug: &str) -> String {
        let (_, _, v) = self
            .get(&t.access, &format!("/event_types?user={}", enc(&t.owner)))
            .await;
        v["collection"]
            .as_array()
            .expect("event types")
            .iter()
            .find(|e| e["slug"] == slug)
            .and_then(|e| e["uri"].as_str())
            .unwrap_or_else(|| panic!("no event type {slug}"))
            .to_owned()
    }

    /// Moves the sandbox clock on, so the next change gets a later timestamp.
    pub async fn advance(&self, seconds: i64) {
        let (s, v) = self
            .control("clock/advance", json!({ "seconds": seconds }))
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
    }

    /// A single-use booking URL for `event_type`.
    pub async fn link(&self, t: &Tokens, event_type: &str) -> String {
        let (s, _, v) = self
            .post(
                &t.access,
                "/scheduling_links",
                json!({"max_event_count": 1, "owner": event_type, "owner_type": "EventType"}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        v["resource"]["booking_url"]
            .as_str()
            .expect("booking_url")
            .to_owned()
    }

    /// Books directly through the control API; returns the control answer.
    pub async fn book(&self, event_type: &str, email: &str, extra: Value) -> Value {
        let mut body = json!({ "event_type": event_type, "name": "Jamie Rivera", "email": email });
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            for (k, v) in e {
                b.insert(k.clone(), v.clone());
            }
        }
        let (status, v) = self.control("book", body).await;
        assert_eq!(status, StatusCode::CREATED, "{v}");
        v
    }

    /// Subscribes `url` to every invitee event.
    pub async fn subscribe(&self, t: &Tokens, url: &str) -> Value {
        let (status, _, v) = self
            .post(
                &t.access,
                "/webhook_subscriptions",
                json!({
                    "url": url,
                    "events": ["invitee.created", "invitee.canceled", "invitee_no_show.created", "invitee_no_show.deleted"],
                    "organization": t.organization,
                    "user": t.owner,
                    "scope": "user",
                }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{v}");
        v
    }

    pub async fn deliveries(&self) -> Vec<Value> {
        self.control_get("deliveries").await["deliveries"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

pub async fn split(r: reqwest::Response) -> (StatusCode, HeaderMap, Value) {
    let status = r.status();
    let headers = r.headers().clone();
    let bytes = r.bytes().await.expect("body");
    let v = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into()))
    };
    (status, headers, v)
}

/// Percent-encodes a query value.
pub fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Polls `check` until it returns `Some`, for at most 10 s (a bound, not a timing claim).
pub async fn eventually<T, F, Fut>(mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    for _ in 0..500 {
        if let Some(v) = check().await {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("condition not reached within 10 s");
}

/// One webhook as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub signature: Option<String>,
    pub content_type: Option<String>,
    pub body: Bytes,
}

impl Received {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("webhook body is JSON")
    }
}

#[derive(Default)]
struct ReceiverState {
    got: Vec<Received>,
    answers: VecDeque<u16>,
}

/// A webhook endpoint on 127.0.0.1 that records what it gets and answers with queued
/// statuses (200 when the queue is empty).
pub struct Receiver {
    pub url: String,
    state: Arc<Mutex<ReceiverState>>,
    task: tokio::task::JoinHandle<()>,
}

impl Receiver {
    pub async fn start() -> Receiver {
        let state = Arc::new(Mutex::new(ReceiverState::default()));
        let app = Router::new()
            .route("/hook", post(receive))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Receiver { url, state, task }
    }

    /// Queues statuses for the next deliveries.
    pub fn answer(&self, statuses: &[u16]) {
        self.state.lock().expect("lock").answers.extend(statuses);
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.lock().expect("lock").got.clone()
    }

    /// Waits until at least `n` webhooks arrived and returns them all.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        eventually(|| async {
            let got = self.received();
            (got.len() >= n).then_some(got)
        })
        .await
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn receive(
    State(state): State<Arc<Mutex<ReceiverState>>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let mut s = state.lock().expect("lock");
    s.got.push(Received {
        signature: headers
            .get("calendly-webhook-signature")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        content_type: headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        body,
    });
    let code = s.answers.pop_front().unwrap_or(200);
    StatusCode::from_u16(code).unwrap_or(StatusCode::OK)
}

/// A sandbox with tokens, a webhook receiver subscribed to every invitee event, and the
/// first active event type: the start of every delivery test.
pub struct Hooked {
    pub env: Env,
    pub t: Tokens,
    pub rx: Receiver,
    pub sub: Value,
    pub et: String,
}

pub async fn hooked(config: SandboxConfig) -> Hooked {
    let env = start_with(config).await;
    let t = env.tokens(ALL_SCOPES).await;
    let rx = Receiver::start().await;
    let sub = env.subscribe(&t, &rx.url).await;
    let et = env.event_type(&t).await;
    Hooked {
        env,
        t,
        rx,
        sub,
        et,
    }
}
