//! Shared test harness: databases on both backends, an in-process relay on 127.0.0.1:0,
//! the real binary, and signed webhooks.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use quotla_relay::{Clock, Config, Relay, SystemClock};
use serde_json::{json, Value};

pub const KEY: &str = "test-signing-key-0123456789";
pub const PREVIOUS_KEY: &str = "previous-signing-key-abcdef";
pub const USER: &str = "https://api.calendly.com/users/AAAAAAAAAAAAAAAA";
pub const OTHER_USER: &str = "https://api.calendly.com/users/BBBBBBBBBBBBBBBB";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database of its own for one test; dropped (PostgreSQL) or deleted (SQLite) at the end.
pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg_name: Option<String>,
}

impl TestDb {
    pub async fn new(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let path: PathBuf = dir.path().join("relay.db");
                Self {
                    url: format!("sqlite://{}", path.display()),
                    _dir: Some(dir),
                    pg_name: None,
                }
            }
            Backend::Postgres => {
                let base = pg_base_url();
                let name = format!("relay_test_{}", quotla_relay::tokens::new_inbox_id());
                let pool = sqlx::PgPool::connect(base)
                    .await
                    .expect("connect to the test cluster");
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&pool)
                    .await
                    .expect("create test database");
                pool.close().await;
                let mut url = url::Url::parse(base).expect("QUOTLA_TEST_POSTGRES_URL is a URL");
                url.set_path(&name);
                let url = url.to_string();
                Self {
                    url,
                    _dir: None,
                    pg_name: Some(name),
                }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(name) = self.pg_name.take() else {
            return;
        };
        let base = pg_base_url().to_owned();
        // Drop runs inside a test runtime, so the cleanup gets a thread and runtime of its own.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            if let Ok(runtime) = runtime {
                runtime.block_on(async {
                    if let Ok(pool) = sqlx::PgPool::connect(&base).await {
                        let _ =
                            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                                .execute(&pool)
                                .await;
                        pool.close().await;
                    }
                });
            }
        })
        .join();
    }
}

/// The PostgreSQL server for the tests: `QUOTLA_TEST_POSTGRES_URL`, or else a throwaway
/// cluster started through `scripts/pg-throwaway.sh` that stops when this process exits.
pub fn pg_base_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        if let Ok(url) = std::env::var("QUOTLA_TEST_POSTGRES_URL") {
            if !url.is_empty() {
                return url;
            }
        }
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/pg-throwaway.sh");
        let output = Command::new("bash")
            .arg(script)
            .args(["start", "--watch", &std::process::id().to_string()])
            .stderr(Stdio::inherit())
            .output()
            .expect("run scripts/pg-throwaway.sh");
        let url = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        assert!(
            output.status.success() && url.starts_with("postgres://"),
            "the PostgreSQL tests need a server: set QUOTLA_TEST_POSTGRES_URL=postgres://… \
             or let scripts/pg-throwaway.sh start one (it failed, see above)"
        );
        url
    })
}

/// Relay arguments every test uses: loopback, no rate limits unless a test sets them.
pub fn base_args(db: &str) -> Vec<String> {
    [
        "--listen",
        "127.0.0.1:0",
        "--database-url",
        db,
        "--register-per-minute",
        "0",
        "--inbox-per-second",
        "0",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect()
}

pub fn secrets(name: &str) -> Option<String> {
    match name {
        "CALENDLY_WEBHOOK_SIGNING_KEY" => Some(KEY.into()),
        "CALENDLY_WEBHOOK_SIGNING_KEY_PREVIOUS" => Some(PREVIOUS_KEY.into()),
        _ => None,
    }
}

/// Starts a relay in this process on 127.0.0.1:0 with `extra` flags.
pub async fn start_relay(db: &str, extra: &[&str]) -> Relay {
    start_relay_env(db, extra, secrets).await
}

/// Like `start_relay`, with secrets looked up in `env`.
pub async fn start_relay_env(
    db: &str,
    extra: &[&str],
    env: impl Fn(&str) -> Option<String>,
) -> Relay {
    start_relay_with(db, extra, env, Arc::new(SystemClock)).await
}

/// Like `start_relay`, reading the time from `clock`.
pub async fn start_relay_with_clock(db: &str, extra: &[&str], clock: Arc<dyn Clock>) -> Relay {
    start_relay_with(db, extra, secrets, clock).await
}

async fn start_relay_with(
    db: &str,
    extra: &[&str],
    env: impl Fn(&str) -> Option<String>,
    clock: Arc<dyn Clock>,
) -> Relay {
    let mut args = base_args(db);
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    let mut config = Config::from_args(args, env).expect("valid flags");
    config.clock = clock;
    quotla_relay::start(config).await.expect("relay starts")
}

/// A clock that stands still until the test moves it, starting at the real time.
pub struct TestClock(AtomicI64);

impl TestClock {
    pub fn starting_now() -> Arc<Self> {
        Arc::new(Self(AtomicI64::new(SystemClock.now_millis())))
    }

    /// Unix seconds, as a signature timestamp.
    pub fn now_secs(&self) -> i64 {
        self.now_millis() / 1000
    }

    pub fn advance(&self, by: Duration) {
        let by = i64::try_from(by.as_millis()).expect("a test-sized step");
        self.0.fetch_add(by, Ordering::SeqCst);
    }
}

impl Clock for TestClock {
    fn now_millis(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

pub fn base(relay: &Relay) -> String {
    format!("http://{}", relay.addr())
}

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client")
}

/// An inbox as registration returns it.
#[derive(Debug, Clone)]
pub struct Inbox {
    pub id: String,
    pub webhook_url: String,
    pub token: String,
}

pub async fn register(http: &reqwest::Client, base: &str, user: Option<&str>) -> Inbox {
    let body = match user {
        Some(user) => json!({ "calendly_user": user }),
        None => json!({}),
    };
    let response = http
        .post(format!("{base}/v1/inboxes"))
        .json(&body)
        .send()
        .await
        .expect("register");
    assert_eq!(response.status(), 201);
    let v: Value = response.json().await.expect("json");
    Inbox {
        id: v["inbox_id"].as_str().expect("inbox_id").to_owned(),
        webhook_url: v["webhook_url"].as_str().expect("webhook_url").to_owned(),
        token: v["consumer_token"]
            .as_str()
            .expect("consumer_token")
            .to_owned(),
    }
}

/// A webhook body in Calendly's envelope.
pub fn webhook_body(event: &str, created_by: &str, marker: &str) -> String {
    json!({
        "event": event,
        "created_at": "2026-11-25T10:00:00.000000Z",
        "created_by": created_by,
        "payload": { "uri": format!("https://api.calendly.com/scheduled_events/E/invitees/{marker}"), "email": "ada@example.com" }
    })
    .to_string()
}

/// Posts `body` with a signature made by `key` at `t`.
pub async fn post_signed(
    http: &reqwest::Client,
    url: &str,
    body: &str,
    key: &str,
    t: i64,
) -> reqwest::Response {
    let header = calendly::signature::sign(key.as_bytes(), t, body.as_bytes());
    post_with_header(http, url, body.as_bytes().to_vec(), Some(&header)).await
}

pub async fn post_with_header(
    http: &reqwest::Client,
    url: &str,
    body: Vec<u8>,
    header: Option<&str>,
) -> reqwest::Response {
    let mut request = http
        .post(url)
        .header("content-type", "application/json")
        .body(body);
    if let Some(header) = header {
        request = request.header("Calendly-Webhook-Signature", header);
    }
    request.send().await.expect("webhook request")
}

/// Reads events after `after` (no wait); returns (seq, body) pairs and next_after.
pub async fn read(
    http: &reqwest::Client,
    base: &str,
    inbox: &Inbox,
    after: i64,
) -> (Vec<(i64, String)>, i64) {
    let response = http
        .get(format!(
            "{base}/v1/inboxes/{}/events?after={after}&limit=1000",
            inbox.id
        ))
        .bearer_auth(&inbox.token)
        .send()
        .await
        .expect("read events");
    assert_eq!(response.status(), 200);
    parse_page(response.json().await.expect("json"))
}

pub fn parse_page(v: Value) -> (Vec<(i64, String)>, i64) {
    let events = v["events"]
        .as_array()
        .expect("events array")
        .iter()
        .map(|e| {
            (
                e["seq"].as_i64().expect("seq"),
                e["body"].as_str().expect("body").to_owned(),
            )
        })
        .collect();
    (events, v["next_after"].as_i64().expect("next_after"))
}

/// The relay's `/metrics` text.
pub async fn metrics(http: &reqwest::Client, base: &str) -> String {
    http.get(format!("{base}/metrics"))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text")
}

/// Polls `/metrics` until it contains `line` (bounded, so a broken relay fails the test).
pub async fn wait_for_metric(http: &reqwest::Client, base: &str, line: &str) {
    for _ in 0..400 {
        let text = metrics(http, base).await;
        if text.lines().any(|l| l == line) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("metric line {line:?} never appeared");
}

pub async fn ack(http: &reqwest::Client, base: &str, inbox: &Inbox, up_to: i64) {
    let response = http
        .post(format!("{base}/v1/inboxes/{}/ack", inbox.id))
        .bearer_auth(&inbox.token)
        .json(&json!({ "up_to": up_to }))
        .send()
        .await
        .expect("ack");
    assert_eq!(response.status(), 204);
}

/// The real `quotla-relay` binary on a free port; killed when dropped.
pub struct RelayProcess {
    pub child: Child,
    pub base: String,
    pub stderr_path: PathBuf,
}

impl RelayProcess {
    pub fn spawn(db: &str, log_dir: &std::path::Path, name: &str) -> Self {
        let port = free_port();
        let stderr_path = log_dir.join(format!("{name}.log"));
        let stderr = std::fs::File::create(&stderr_path).expect("log file");
        let child = Command::new(env!("CARGO_BIN_EXE_quotla-relay"))
            .args(base_args(db))
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .env("CALENDLY_WEBHOOK_SIGNING_KEY", KEY)
            .env_remove("CALENDLY_WEBHOOK_SIGNING_KEY_PREVIOUS")
            .env("RELAY_LOG", "info")
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .expect("spawn quotla-relay");
        Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
            stderr_path,
        }
    }

    /// Waits until `/healthz` answers.
    pub async fn ready(&mut self) {
        let http = client();
        for _ in 0..600 {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "relay exited early ({status}): {}",
                    std::fs::read_to_string(&self.stderr_path).unwrap_or_default()
                );
            }
            if let Ok(r) = http.get(format!("{}/healthz", self.base)).send().await {
                if r.status() == 200 {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("relay did not become ready");
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.stderr_path).unwrap_or_default()
    }

    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for RelayProcess {
    fn drop(&mut self) {
        self.kill9();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

/// A relay on its own database with one inbox bound to `USER`.
pub struct Fixture {
    pub db: TestDb,
    pub relay: Relay,
    pub http: reqwest::Client,
    pub base: String,
    pub inbox: Inbox,
    /// The inbox's webhook URL on this relay.
    pub url: String,
}

impl Fixture {
    pub async fn new(backend: Backend, extra: &[&str]) -> Self {
        Self::with_clock(backend, extra, Arc::new(SystemClock)).await
    }

    /// Like `new`, with the relay reading the time from `clock`.
    pub async fn with_clock(backend: Backend, extra: &[&str], clock: Arc<dyn Clock>) -> Self {
        let db = TestDb::new(backend).await;
        let relay = start_relay_with_clock(&db.url, extra, clock).await;
        let (http, base) = (client(), base(&relay));
        let inbox = register(&http, &base, Some(USER)).await;
        let url = format!("{base}/hooks/calendly/{}", inbox.id);
        Self {
            db,
            relay,
            http,
            base,
            inbox,
            url,
        }
    }
}
