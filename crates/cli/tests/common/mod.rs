//! A Calendly world for `quotla-cli` tests: the Calendly sandbox and the real relay on
//! loopback, a fresh data directory, and the CLI binary run as a user would run it.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use calendly_sandbox::SandboxConfig;
use quotla_relay::config::Config as RelayConfig;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub const CLIENT_ID: &str = "quotla-desktop-dev";
pub const CLIENT_SECRET: &str = "sandbox-client-secret";
pub const SIGNING_KEY: &str = "sandbox-signing-key";

/// What one CLI run printed.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The last stdout line as JSON, after checking the run succeeded.
    pub fn json(&self) -> Value {
        assert_eq!(self.code, Some(0), "run failed: {self:?}");
        let line = self.stdout.lines().last().expect("a line of output");
        serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
    }
}

pub struct World {
    pub sandbox: calendly_sandbox::Sandbox,
    pub relay: Option<quotla_relay::Relay>,
    pub relay_addr: std::net::SocketAddr,
    pub relay_db: String,
    pub data: tempfile::TempDir,
    pub http: reqwest::Client,
    /// Every output of every run, to check that no token was ever printed.
    pub transcript: std::sync::Mutex<String>,
}

impl World {
    pub async fn new() -> World {
        let sandbox = calendly_sandbox::spawn(SandboxConfig::default())
            .await
            .expect("sandbox starts");
        let data = tempfile::tempdir().expect("tempdir");
        let relay_db = format!("sqlite://{}", data.path().join("relay.db").display());
        let relay = start_relay(sandbox.base_url(), &relay_db, "127.0.0.1:0").await;
        World {
            relay_addr: relay.addr(),
            relay: Some(relay),
            relay_db,
            sandbox,
            data,
            http: reqwest::Client::new(),
            transcript: std::sync::Mutex::new(String::new()),
        }
    }

    pub fn sandbox_url(&self) -> String {
        self.sandbox.base_url().to_string()
    }

    pub fn relay_url(&self) -> String {
        format!("http://{}", self.relay_addr)
    }

    pub fn data_dir(&self) -> PathBuf {
        self.data.path().join("profile")
    }

    /// Stops the relay (its database stays).
    pub async fn stop_relay(&mut self) {
        if let Some(relay) = self.relay.take() {
            relay.shutdown().await;
        }
    }

    /// Starts the relay again on the same address and database.
    pub async fn start_relay_again(&mut self) {
        let addr = self.relay_addr.to_string();
        self.relay = Some(start_relay(self.sandbox.base_url(), &self.relay_db, &addr).await);
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_quotla-cli"));
        command
            .arg("--data-dir")
            .arg(self.data_dir())
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.data.path())
            .env("QUOTLA_KEYRING_BACKEND", "keyutils")
            .env("QUOTLA_CALENDLY_CLIENT_ID", CLIENT_ID)
            .env("QUOTLA_CALENDLY_AUTH_URL", self.sandbox_url())
            .env("QUOTLA_CALENDLY_API_URL", self.sandbox_url())
            .env("QUOTLA_RELAY_URL", self.relay_url())
            .env("TZ", "Europe/London")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        command
    }

    /// Runs the CLI to the end.
    pub async fn cli(&self, args: &[&str]) -> Run {
        self.cli_with(args, &[]).await
    }

    /// Runs the CLI with extra environment variables (an empty value removes one).
    pub async fn cli_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut command = self.command(args);
        for (k, v) in env {
            if v.is_empty() {
                command.env_remove(k);
            } else {
                command.env(k, v);
            }
        }
        let out = tokio::time::timeout(Duration::from_secs(120), command.output())
            .await
            .expect("the CLI finished in time")
            .expect("the CLI runs");
        let run = Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        let mut transcript = self.transcript.lock().unwrap();
        transcript.push_str(&run.stdout);
        transcript.push_str(&run.stderr);
        run
    }

    /// Starts a long-running CLI command.
    pub fn spawn(
        &self,
        args: &[&str],
    ) -> (
        Child,
        tokio::io::Lines<BufReader<tokio::process::ChildStdout>>,
    ) {
        let mut child = self.command(args).spawn().expect("the CLI starts");
        let stdout = child.stdout.take().expect("stdout");
        (child, BufReader::new(stdout).lines())
    }

    /// `calendly connect` through the loopback redirect, the sandbox approving at once.
    pub async fn connect(&self) -> Value {
        let (mut child, mut lines) = self.spawn(&["calendly", "connect", "--no-browser"]);
        let first = lines
            .next_line()
            .await
            .expect("read")
            .expect("authorize line");
        let url = serde_json::from_str::<Value>(&first).expect("json")["authorize_url"]
            .as_str()
            .expect("authorize_url")
            .to_string();
        assert!(url.contains("redirect_uri=http%3A%2F%2F127.0.0.1"), "{url}");
        // The "browser": the sandbox approves and redirects to the CLI's loopback listener.
        let page = self.http.get(&url).send().await.expect("authorize");
        assert!(page.status().is_success(), "{}", page.status());
        let mut last = String::new();
        while let Some(line) = tokio::time::timeout(Duration::from_secs(60), lines.next_line())
            .await
            .expect("connect finishes")
            .expect("read")
        {
            last = line;
        }
        let status = child.wait().await.expect("exit");
        let mut stderr = String::new();
        if let Some(mut err) = child.stderr.take() {
            tokio::io::AsyncReadExt::read_to_string(&mut err, &mut stderr)
                .await
                .ok();
        }
        assert!(status.success(), "connect failed: {stderr}");
        let mut transcript = self.transcript.lock().unwrap();
        transcript.push_str(&first);
        transcript.push_str(&last);
        transcript.push_str(&stderr);
        serde_json::from_str(&last).expect("account json")
    }

    pub async fn post(&self, path: &str, body: Value) -> Value {
        let response = self
            .http
            .post(format!("{}{path}", self.sandbox_url()))
            .json(&body)
            .send()
            .await
            .expect("sandbox control");
        let status = response.status();
        let value: Value = response.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "{path}: {status} {value}");
        value
    }

    /// Books through the control API; returns the invitee's URI.
    pub async fn book(&self, body: Value) -> String {
        self.post("/_sandbox/book", body).await["invitee"]["uri"]
            .as_str()
            .expect("the booking's invitee")
            .to_string()
    }

    /// Reschedules an invitee through the control API; returns the new invitee's URI.
    pub async fn reschedule(&self, invitee: &str) -> String {
        self.post(
            "/_sandbox/reschedule",
            serde_json::json!({ "invitee": invitee }),
        )
        .await["invitee"]["uri"]
            .as_str()
            .expect("the new invitee")
            .to_string()
    }

    /// The active event types of the sandbox's `"first"` or `"second"` user, as (name,
    /// URI), read with a token of that user's.
    pub async fn event_types(&self, user: &str) -> Vec<(String, String)> {
        let tokens = self
            .post(
                "/_sandbox/tokens",
                serde_json::json!({"scope": "users:read event_types:read", "user": user}),
            )
            .await;
        let types: Value = self
            .http
            .get(format!("{}/event_types", self.sandbox_url()))
            .query(&[
                ("user", tokens["owner"].as_str().expect("owner")),
                ("active", "true"),
            ])
            .bearer_auth(tokens["access_token"].as_str().expect("token"))
            .send()
            .await
            .expect("event types")
            .json()
            .await
            .expect("json");
        types["collection"]
            .as_array()
            .expect("collection")
            .iter()
            .map(|t| {
                (
                    t["name"].as_str().unwrap_or_default().to_string(),
                    t["uri"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    pub async fn get(&self, path: &str) -> Value {
        self.http
            .get(format!("{}{path}", self.sandbox_url()))
            .send()
            .await
            .expect("sandbox control")
            .json()
            .await
            .expect("json")
    }

    /// Every meeting, as `meetings list --json` prints them.
    pub async fn meetings(&self, filters: &[&str]) -> Vec<Value> {
        let mut args = vec!["meetings", "list", "--json"];
        args.extend_from_slice(filters);
        self.cli(&args)
            .await
            .json()
            .as_array()
            .expect("an array")
            .clone()
    }

    /// Events the relay still holds for this desktop's inbox (not yet acknowledged).
    pub async fn relay_backlog(&self) -> usize {
        use quotla_secrets::{Backend, SecretHandle, SecretStore};
        let inbox = self
            .cli(&["relay", "register", "--url", &self.relay_url()])
            .await
            .json();
        let store =
            SecretStore::with_backend(Backend::Keyutils, &self.data_dir()).expect("keyring");
        let token = store
            .get(SecretHandle::RelayConsumerToken)
            .expect("keyring")
            .expect("consumer token");
        let page: Value = self
            .http
            .get(format!(
                "{}/v1/inboxes/{}/events?after=0",
                self.relay_url(),
                inbox["inbox_id"].as_str().expect("inbox id")
            ))
            .bearer_auth(token)
            .send()
            .await
            .expect("relay")
            .json()
            .await
            .expect("page");
        page["events"].as_array().expect("events").len()
    }

    /// The sandbox's subscriptions as (callback URL, state).
    pub async fn subscriptions(&self) -> Vec<(String, String)> {
        self.get("/_sandbox/webhook_subscriptions").await["subscriptions"]
            .as_array()
            .expect("list")
            .iter()
            .map(|s| {
                (
                    s["callback_url"].as_str().unwrap_or_default().to_string(),
                    s["state"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    /// Waits until the sandbox has delivered `event` about `invitee` to the relay, then runs
    /// `sync --once` until the relay holds nothing more for this desktop: the webhook has
    /// been applied. Returns the meetings then.
    pub async fn apply_webhook(&self, event: &str, invitee: &str) -> Vec<Value> {
        let delivered = || async {
            let log = self
                .get(&format!("/_sandbox/deliveries?event={event}"))
                .await;
            log["deliveries"]
                .as_array()
                .expect("deliveries")
                .iter()
                .any(|d| d["invitee"] == invitee && d["state"] == "delivered")
        };
        for _ in 0..80 {
            if delivered().await {
                for _ in 0..40 {
                    let run = self.cli(&["sync", "--once"]).await;
                    assert_eq!(run.code, Some(0), "sync failed: {run:?}");
                    if self.relay_backlog().await == 0 {
                        return self.meetings(&[]).await;
                    }
                }
                panic!("{event} for {invitee} was delivered but never applied");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the sandbox never delivered {event} for {invitee}");
    }

    /// Runs `sync --once` until `done` holds for the meetings, or fails after a while
    /// (webhooks travel asynchronously from the sandbox through the relay).
    pub async fn sync_until(&self, what: &str, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        for _ in 0..40 {
            let run = self.cli(&["sync", "--once"]).await;
            assert_eq!(run.code, Some(0), "sync failed: {run:?}");
            let meetings = self.meetings(&[]).await;
            if done(&meetings) {
                return meetings;
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        panic!(
            "{what}: not reached; meetings: {:#?}",
            self.meetings(&[]).await
        );
    }

    /// The stored Calendly tokens and relay token of the data directory, read from the
    /// keyring, to prove no output ever contains them.
    pub fn secrets(&self) -> Vec<String> {
        use quotla_secrets::{Backend, SecretHandle, SecretStore};
        let store =
            SecretStore::with_backend(Backend::Keyutils, &self.data_dir()).expect("keyring");
        let mut out = Vec::new();
        if let Ok(Some(tokens)) = store.get(SecretHandle::CalendlyTokens) {
            let v: Value = serde_json::from_str(&tokens).expect("tokens");
            for key in ["access_token", "refresh_token"] {
                if let Some(t) = v[key].as_str() {
                    out.push(t.to_string());
                }
            }
        }
        if let Ok(Some(t)) = store.get(SecretHandle::RelayConsumerToken) {
            out.push(t);
        }
        out
    }

    /// Asserts that no output so far contains a secret.
    pub fn assert_no_secret_printed(&self, secrets: &[String]) {
        let transcript = self.transcript.lock().unwrap();
        for secret in secrets {
            assert!(secret.len() >= 16, "a real secret");
            assert!(!transcript.contains(secret.as_str()), "a token was printed");
        }
    }
}

async fn start_relay(sandbox: &str, db: &str, listen: &str) -> quotla_relay::Relay {
    quotla_relay::start(
        RelayConfig::from_args(
            [
                "--listen",
                listen,
                "--database-url",
                db,
                "--calendly-client-id",
                CLIENT_ID,
                "--calendly-auth-base-url",
                sandbox,
            ],
            |name| match name {
                "CALENDLY_CLIENT_SECRET" => Some(CLIENT_SECRET.into()),
                "CALENDLY_WEBHOOK_SIGNING_KEY" => Some(SIGNING_KEY.into()),
                _ => None,
            },
        )
        .expect("relay flags"),
    )
    .await
    .expect("relay starts")
}

/// The meeting of an invitee.
pub fn find<'a>(meetings: &'a [Value], invitee: &str) -> &'a Value {
    meetings
        .iter()
        .find(|m| m["invitee_uri"] == invitee)
        .unwrap_or_else(|| panic!("no meeting {invitee} in {meetings:#?}"))
}
