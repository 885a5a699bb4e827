//! The `calendly-sandbox` binary: documented flags, a seed file, a refused seed.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_calendly-sandbox");

/// Kills the child when the test ends, pass or fail.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn help_documents_every_flag_and_env() {
    let out = Command::new(BIN)
        .arg("--help")
        .output()
        .expect("run --help");
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "--listen",
        "SANDBOX_LISTEN",
        "127.0.0.1:8788",
        "--signing-key",
        "CALENDLY_WEBHOOK_SIGNING_KEY",
        "--client-id",
        "quotla-desktop-dev",
        "--client-secret",
        "--seed",
        "--auto-approve",
        "--auto-deny",
        "--access-token-ttl",
        "--keep-first-timestamp",
        "--rate-limit",
        "--token-requests-per-minute",
    ] {
        assert!(help.contains(needle), "--help lacks {needle}");
    }
}

#[tokio::test]
async fn starts_with_a_seed_file_and_serves_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let seed = dir.path().join("seed.json");
    std::fs::File::create(&seed)
        .and_then(|mut f| {
            f.write_all(
                br##"{"user": {"name": "Ada Byron", "email": "ada@example.com", "slug": "ada"},
                     "plan": "free",
                     "event_types": [{"name": "Chat", "slug": "chat", "duration": 20}]}"##,
            )
        })
        .expect("write seed");
    let mut child = Command::new(BIN)
        .args(["--listen", "127.0.0.1:0", "--auto-approve", "--seed"])
        .arg(&seed)
        .env("CALENDLY_WEBHOOK_SIGNING_KEY", "k")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the binary");
    let stdout = child.stdout.take().expect("stdout");
    let running = Running(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read the first line");
    let base = line
        .trim()
        .strip_prefix("calendly-sandbox listening on ")
        .expect("announces its URL")
        .to_owned();
    let http = reqwest::Client::new();
    let tokens: serde_json::Value = http
        .post(format!("{base}/_sandbox/tokens"))
        .json(&serde_json::json!({"scope": "users:read event_types:read"}))
        .send()
        .await
        .expect("tokens")
        .json()
        .await
        .expect("json");
    let at = tokens["access_token"].as_str().expect("access token");
    let r = http
        .get(format!("{base}/users/me"))
        .bearer_auth(at)
        .send()
        .await
        .expect("me");
    assert_eq!(
        r.headers()["x-ratelimit-limit"],
        "50",
        "the seed's free plan"
    );
    let me: serde_json::Value = r.json().await.expect("json");
    assert_eq!(me["resource"]["name"], "Ada Byron");
    assert!(me["resource"]["uri"]
        .as_str()
        .expect("uri")
        .starts_with(&base));
    drop(running);
}

#[test]
fn refuses_a_bad_seed_with_a_clear_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let seed = dir.path().join("seed.json");
    std::fs::write(&seed, r#"{"user": {"name": "A"}}"#).expect("write");
    let out = Command::new(BIN)
        .args(["--listen", "127.0.0.1:0", "--seed"])
        .arg(&seed)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("seed"));
    let out = Command::new(BIN)
        .args([
            "--listen",
            "127.0.0.1:0",
            "--seed",
            "/nonexistent/seed.json",
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}
