//! `sync-bench`: how fast Calendly changes reach the desktop store.
//!
//! 1. Push latency: signed `invitee.created` webhooks are posted to a real relay one at a
//!    time while the sync engine holds a long poll on its inbox; for each, the time from
//!    the relay's 2xx to the engine's durable commit of the row (p50, p99, max).
//! 2. Quiet reconcile: the Calendly sandbox holds many scheduled events; after a first full
//!    sync, a reconcile with nothing changed is timed and its API calls counted by the
//!    sandbox (target: one list call per 100 events, no invitee calls).
//!
//! The relay, the sandbox and the engine run in this process on loopback, each with its
//! own files in a temporary directory; the store is a real SQLite file with durable
//! commits. Run with `make bench-sync` (a release build).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use calendly::oauth::Scopes;
use calendly::{Secret, TokenSet};
use calendly_sandbox::SandboxConfig;
use clap::Parser;
use quotla_core::calendly::account::{AccountFacts, AccountStatus};
use quotla_core::calendly::settings::{ConnectionSettings, SettingKey};
use quotla_core::calendly::CalendlyConnection;
use quotla_core::sync::SyncEngine;
use quotla_core::Store;
use quotla_relay::config::Config as RelayConfig;
use quotla_secrets::{Backend, SecretHandle, SecretStore};
use serde_json::{json, Value};

const KEY: &str = "sync-bench-signing-key";
const CLIENT_ID: &str = "quotla-desktop-dev";
const SCOPES: &str =
    "users:read event_types:read scheduling_links:write scheduled_events:write webhooks:write";

#[derive(Parser)]
#[command(about = "Benchmark of desktop sync (see crates/core/README.md)")]
struct Args {
    /// Webhooks sent one by one for the latency figures.
    #[arg(long, default_value_t = 400)]
    webhooks: usize,
    /// Pause between two webhooks: a steady trickle under the relay's default limit of 20
    /// webhooks per inbox per second.
    #[arg(long, default_value_t = 55)]
    gap_ms: u64,
    /// Scheduled events in the sandbox for the reconcile figures.
    #[arg(long, default_value_t = 1000)]
    events: usize,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args = Args::parse();
    let dir = tempfile::tempdir().expect("temporary directory");
    // The first sync of many events would otherwise wait out Calendly's 500 requests a
    // minute; the quiet reconcile measured here needs a handful.
    let sandbox = calendly_sandbox::spawn(SandboxConfig {
        signing_key: KEY.into(),
        rate_limit: Some(1_000_000),
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts");
    let sandbox_url = sandbox.base_url().to_string();
    let relay_db = format!("sqlite://{}", dir.path().join("relay.db").display());
    let relay = quotla_relay::start(
        RelayConfig::from_args(
            [
                "--listen",
                "127.0.0.1:0",
                "--database-url",
                &relay_db,
                "--calendly-client-id",
                CLIENT_ID,
            ],
            |name| (name == "CALENDLY_WEBHOOK_SIGNING_KEY").then(|| KEY.to_string()),
        )
        .expect("relay flags"),
    )
    .await
    .expect("relay starts");
    let relay_url = format!("http://{}", relay.addr());
    let http = reqwest::Client::new();

    let data = dir.path().join("desktop");
    let store = Store::open_in(&data).await.expect("store");
    let secrets =
        Arc::new(SecretStore::with_backend(Backend::Keyutils, &data).expect("keyutils keyring"));
    let owner = connect(&store, &secrets, &http, &sandbox_url, &relay_url).await;
    let engine = Arc::new(SyncEngine::new(
        store.clone(),
        Arc::new(CalendlyConnection::new(&data, secrets.clone())),
    ));
    let inbox = engine.register_inbox(&relay_url).await.expect("inbox");

    println!("sync-bench: relay, Calendly sandbox and desktop store on loopback, in one process");
    println!("desktop store: SQLite WAL, synchronous=FULL for each applied batch (durable)");
    println!("sandbox rate limit raised for the first full sync (Calendly allows 500 a minute)");
    push_latency(&engine, &http, &inbox.webhook_url, &owner, &args).await;
    quiet_reconcile(&engine, &http, &sandbox_url, &args).await;

    secrets.delete(SecretHandle::CalendlyTokens).ok();
    secrets.delete(SecretHandle::RelayConsumerToken).ok();
    store.close().await;
    relay.shutdown().await;
}

/// Stores sandbox-minted tokens and the account as a finished OAuth flow would.
async fn connect(
    store: &Store,
    secrets: &SecretStore,
    http: &reqwest::Client,
    sandbox: &str,
    relay: &str,
) -> String {
    let minted: Value = http
        .post(format!("{sandbox}/_sandbox/tokens"))
        .json(&json!({ "scope": SCOPES }))
        .send()
        .await
        .expect("tokens")
        .json()
        .await
        .expect("tokens json");
    let owner = minted["owner"].as_str().expect("owner").to_string();
    let tokens = TokenSet {
        access_token: Secret::new(minted["access_token"].as_str().expect("access")),
        refresh_token: minted["refresh_token"].as_str().map(Secret::new),
        expires_at: time::OffsetDateTime::now_utc() + time::Duration::hours(2),
        scopes: Scopes::parse(SCOPES),
        owner: Some(owner.clone()),
        organization: minted["organization"].as_str().map(str::to_string),
    };
    secrets
        .set(
            SecretHandle::CalendlyTokens,
            &serde_json::to_string(&tokens).expect("encode"),
        )
        .expect("keyring write");
    for (key, value) in [
        (SettingKey::ClientId, CLIENT_ID),
        (SettingKey::AuthBaseUrl, sandbox),
        (SettingKey::ApiBaseUrl, sandbox),
        (SettingKey::RelayUrl, relay),
    ] {
        ConnectionSettings::save(store, key, Some(value))
            .await
            .expect("setting");
    }
    store
        .save_calendly_account(&AccountFacts {
            user_uri: owner.clone(),
            organization_uri: minted["organization"].as_str().map(str::to_string),
            name: None,
            email: None,
            scheduling_url: None,
            timezone: None,
            scopes: Scopes::parse(SCOPES),
            status: AccountStatus::Connected,
            default_event_type_uri: None,
            event_types_fetched_at: None,
            connected_at: String::new(),
        })
        .await
        .expect("account");
    owner
}

async fn push_latency(
    engine: &Arc<SyncEngine>,
    http: &reqwest::Client,
    webhook_url: &str,
    owner: &str,
    args: &Args,
) {
    let committed: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    let consumer = {
        let engine = engine.clone();
        let committed = committed.clone();
        let expected = args.webhooks;
        tokio::spawn(async move {
            while committed.lock().expect("lock").len() < expected {
                let seen = committed.clone();
                engine
                    .pull(Duration::from_secs(5), move |batch| {
                        let now = Instant::now();
                        let mut seen = seen.lock().expect("lock");
                        for applied in &batch.applied {
                            seen.insert(applied.invitee_uri.clone(), now);
                        }
                    })
                    .await
                    .expect("pull");
            }
        })
    };
    // Let the consumer park on its long poll first.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut accepted = HashMap::new();
    for i in 0..args.webhooks {
        let invitee = format!("https://api.calendly.com/scheduled_events/BENCH{i}/invitees/I{i}");
        let body = webhook(&invitee, owner, i).to_string();
        let t = time::OffsetDateTime::now_utc().unix_timestamp();
        let signature = calendly::signature::sign(KEY.as_bytes(), t, body.as_bytes());
        let response = http
            .post(webhook_url)
            .header("Calendly-Webhook-Signature", signature)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("webhook");
        assert!(
            response.status().is_success(),
            "relay answered {}",
            response.status()
        );
        accepted.insert(invitee, Instant::now());
        tokio::time::sleep(Duration::from_millis(args.gap_ms)).await;
    }
    tokio::time::timeout(Duration::from_secs(60), consumer)
        .await
        .expect("every webhook committed within a minute")
        .expect("consumer");
    let committed = committed.lock().expect("lock");
    let mut micros: Vec<i128> = accepted
        .iter()
        .map(|(invitee, at)| {
            let done = committed[invitee];
            // The relay may wake the consumer before its answer reaches the sender.
            if done >= *at {
                (done - *at).as_micros() as i128
            } else {
                -((*at - done).as_micros() as i128)
            }
        })
        .collect();
    micros.sort_unstable();
    let pick = |q: f64| micros[((micros.len() as f64 - 1.0) * q).round() as usize] as f64 / 1000.0;
    println!();
    println!("push: webhook accepted by the relay (2xx) → row committed durably in the store");
    println!(
        "  webhooks: {} sent one at a time, {} ms apart",
        micros.len(),
        args.gap_ms
    );
    println!(
        "  p50 {:.2} ms   p99 {:.2} ms   max {:.2} ms   (target p50 ≤ 10 ms, p99 ≤ 50 ms)",
        pick(0.5),
        pick(0.99),
        pick(1.0)
    );
}

/// A minimal valid `invitee.created` body.
fn webhook(invitee: &str, owner: &str, i: usize) -> Value {
    let event = invitee
        .rsplit_once("/invitees/")
        .map(|(e, _)| e)
        .unwrap_or(invitee);
    json!({
        "event": "invitee.created",
        "created_at": "2026-01-01T10:00:00.000000Z",
        "created_by": owner,
        "payload": {
            "uri": invitee,
            "email": format!("bench{i}@example.com"),
            "name": format!("Bench {i}"),
            "status": "active",
            "event": event,
            "created_at": "2026-01-01T10:00:00.000000Z",
            "updated_at": "2026-01-01T10:00:00.000000Z",
            "tracking": {},
            "questions_and_answers": [],
            "rescheduled": false,
            "scheduled_event": {
                "uri": event,
                "name": "Bench",
                "status": "active",
                "start_time": "2026-02-01T10:00:00.000000Z",
                "end_time": "2026-02-01T10:30:00.000000Z",
                "event_type": "https://api.calendly.com/event_types/BENCH",
                "location": {"type": "physical", "location": "Here"},
                "updated_at": "2026-01-01T10:00:00.000000Z",
            }
        }
    })
}

async fn quiet_reconcile(engine: &SyncEngine, http: &reqwest::Client, sandbox: &str, args: &Args) {
    let account = engine
        .store()
        .calendly_account()
        .await
        .expect("account")
        .expect("connected");
    let tokens: Value = http
        .post(format!("{sandbox}/_sandbox/tokens"))
        .json(&json!({ "scope": "event_types:read" }))
        .send()
        .await
        .expect("tokens")
        .json()
        .await
        .expect("json");
    let listed: Value = http
        .get(format!("{sandbox}/event_types"))
        .query(&[("user", account.user_uri.as_str()), ("active", "true")])
        .bearer_auth(tokens["access_token"].as_str().expect("token"))
        .send()
        .await
        .expect("event types")
        .json()
        .await
        .expect("json");
    let event_type = listed["collection"][0]["uri"]
        .as_str()
        .expect("an event type")
        .to_string();
    for i in 0..args.events {
        let booked = http
            .post(format!("{sandbox}/_sandbox/book"))
            .json(&json!({
                "event_type": event_type,
                "name": format!("Guest {i}"),
                "email": format!("guest{i}@example.com"),
            }))
            .send()
            .await
            .expect("book");
        assert!(
            booked.status().is_success(),
            "booking {i}: {}",
            booked.status()
        );
    }
    let started = Instant::now();
    let first = engine
        .reconcile(false, |_| {})
        .await
        .expect("first reconcile");
    let first_time = started.elapsed();
    reset_stats(http, sandbox).await;
    let started = Instant::now();
    let quiet = engine
        .reconcile(false, |_| {})
        .await
        .expect("quiet reconcile");
    let quiet_time = started.elapsed();
    let stats: Value = http
        .get(format!("{sandbox}/_sandbox/stats"))
        .send()
        .await
        .expect("stats")
        .json()
        .await
        .expect("json");
    let by_route = &stats["api_requests_by_route"];
    println!();
    println!(
        "reconcile: {} scheduled events in the sandbox",
        quiet.events
    );
    println!(
        "  first sync: {} events fetched with {} invitee calls in {:.0} ms",
        first.changed_events,
        first.invitee_calls,
        first_time.as_secs_f64() * 1000.0
    );
    println!(
        "  nothing changed: {:.0} ms, {} list calls and {} invitee calls (sandbox counted {} and {}; target {} and 0)",
        quiet_time.as_secs_f64() * 1000.0,
        quiet.list_calls,
        quiet.invitee_calls,
        by_route["GET /scheduled_events"],
        by_route["GET /scheduled_events/{uuid}/invitees"],
        quiet.events.div_ceil(100),
    );
}

async fn reset_stats(http: &reqwest::Client, sandbox: &str) {
    http.post(format!("{sandbox}/_sandbox/stats/reset"))
        .send()
        .await
        .expect("reset stats");
}
