//! `relay-bench`: measures a real `quotla-relay` process on loopback.
//!
//! Ingest throughput of signed webhooks spread over many inboxes (durable storage, limits
//! off), the same load against a bare server that only reads the body (the reference), p50
//! and p99 latency at a fixed request rate, the time from sending a webhook to a parked
//! consumer receiving it, and the relay's RSS idle and with many parked long polls. Every
//! phase is bounded in time; the relay gets a throwaway SQLite file unless
//! `--database-url` names another database. With `--relays N` (PostgreSQL) the ingest load
//! is spread over N relay processes sharing that database.
//!
//! A package of its own so the relay's package ships only the relay; the bench finds
//! `quotla-relay` next to itself, so build both in one profile (`scripts/bench-relay.sh`).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use clap::Parser;
use serde_json::{json, Value};

const KEY: &str = "relay-bench-signing-key";

#[derive(Parser)]
#[command(about = "Benchmark of quotla-relay on loopback (see crates/relay/README.md)")]
struct Args {
    /// The relay binary (default: quotla-relay next to this program, in the same target dir).
    #[arg(long)]
    relay_bin: Option<PathBuf>,
    /// Database for the relay (default: a throwaway SQLite file).
    #[arg(long)]
    database_url: Option<String>,
    /// Relay processes on that one database; the ingest connections are spread over them,
    /// the other phases use the first. More than one needs a postgres:// database.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=16))]
    relays: u16,
    /// Inboxes the ingest load is spread over.
    #[arg(long, default_value_t = 2500)]
    inboxes: usize,
    /// Concurrent connections of the throughput phase (Calendly delivering to many users).
    #[arg(long, default_value_t = 256)]
    connections: usize,
    /// Seconds of each timed phase.
    #[arg(long, default_value_t = 8)]
    seconds: u64,
    /// Requests per second of the fixed-rate latency phase.
    #[arg(long, default_value_t = 1000)]
    rate: u32,
    /// Webhooks of the delivery-latency phase.
    #[arg(long, default_value_t = 1000)]
    deliveries: usize,
    /// Long polls parked for the memory phase.
    #[arg(long, default_value_t = 10_000)]
    parked: usize,
    /// Internal: serve as the bare reference server on this address.
    #[arg(long, hide = true)]
    bare_server: Option<SocketAddr>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    if let Some(addr) = args.bare_server {
        return bare_server(addr).await;
    }
    let exe = std::env::current_exe()?;
    let relay_bin = args
        .relay_bin
        .clone()
        .unwrap_or_else(|| exe.with_file_name("quotla-relay"));
    let scratch = std::env::temp_dir().join(format!("relay-bench-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)?;
    let database_url = args
        .database_url
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}", scratch.join("bench.db").display()));
    let result = run(&args, &relay_bin, &exe, &database_url).await;
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

async fn run(
    args: &Args,
    relay_bin: &std::path::Path,
    exe: &std::path::Path,
    database_url: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    if args.relays > 1 && !database_url.starts_with("postgres") {
        return Err("--relays above 1 needs --database-url postgres://…".into());
    }
    let per_inbox_parked = args.parked.div_ceil(args.inboxes).max(1).to_string();
    let mut relays = Vec::new();
    let mut bases = Vec::new();
    for _ in 0..args.relays {
        let port = free_port()?;
        relays.push(Guard(
            Command::new(relay_bin)
                .args(["--listen", &format!("127.0.0.1:{port}")])
                .args(["--database-url", database_url])
                .args(["--register-per-minute", "0", "--inbox-per-second", "0"])
                .args(["--max-parked-per-inbox", &per_inbox_parked])
                .env("CALENDLY_WEBHOOK_SIGNING_KEY", KEY)
                .env("RELAY_LOG", "warn")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()?,
        ));
        bases.push(format!("http://127.0.0.1:{port}"));
    }
    let (relay, base) = (&relays[0], bases[0].clone());
    let pid = relay.0.id();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()?;
    let health = wait_ready(&http, &base).await?;
    for other in &bases[1..] {
        wait_ready(&http, other).await?;
    }
    println!(
        "relay-bench: quotla-relay pid {pid} on {base} ({} process(es) on one database)",
        bases.len()
    );
    println!(
        "durability: {} ({})",
        health["durability"].as_str().unwrap_or("?"),
        health["backend"].as_str().unwrap_or("?")
    );
    println!(
        "build: {} (this program and the relay share one profile)",
        if cfg!(debug_assertions) {
            "debug/dev profile"
        } else {
            "release profile"
        }
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    println!("idle RSS: {:.1} MB", rss_mb(pid));

    let inboxes = Arc::new(register_many(&http, &base, args.inboxes).await?);
    println!("registered {} inboxes", inboxes.len());

    let bare_port = free_port()?;
    let bare = Guard(
        Command::new(exe)
            .args(["--bare-server", &format!("127.0.0.1:{bare_port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?,
    );
    let bare_base = format!("http://127.0.0.1:{bare_port}");
    wait_ready(&http, &bare_base).await?;
    let duration = Duration::from_secs(args.seconds);
    let reference = closed_loop(&[bare_base], &inboxes, args.connections, duration).await?;
    drop(bare);
    let before = counters(&http, &bases).await?;
    let ingest = closed_loop(&bases, &inboxes, args.connections, duration).await?;
    let after = counters(&http, &bases).await?;
    println!(
        "ingest: {:.0} webhooks/s stored durably ({} ok, {} failed, {} connections, {} inboxes, {}-byte bodies)",
        ingest.rate(),
        ingest.ok,
        ingest.failed,
        args.connections,
        inboxes.len(),
        webhook_body("x", 0).len()
    );
    let commits = after.1.saturating_sub(before.1).max(1);
    println!(
        "group commit: {:.1} webhooks per transaction on average ({} transactions)",
        after.0.saturating_sub(before.0) as f64 / commits as f64,
        commits
    );
    println!(
        "reference: bare server that only reads the body, same load: {:.0} requests/s; relay = {:.0}% of it",
        reference.rate(),
        100.0 * ingest.rate() / reference.rate().max(1.0)
    );

    let mut latencies = fixed_rate(&base, &inboxes, args.rate, duration).await?;
    println!(
        "latency at {} requests/s for {}s: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} samples)",
        args.rate,
        args.seconds,
        percentile(&mut latencies, 0.50),
        percentile(&mut latencies, 0.99),
        percentile(&mut latencies, 1.0),
        latencies.len()
    );

    let (mut from_send, mut from_2xx) = delivery(&http, &base, args.deliveries).await?;
    println!(
        "delivery to a parked consumer: from send p50 {:.2} ms, p99 {:.2} ms; from the 2xx p50 {:.2} ms, p99 {:.2} ms ({} samples)",
        percentile(&mut from_send, 0.50),
        percentile(&mut from_send, 0.99),
        percentile(&mut from_2xx, 0.50),
        percentile(&mut from_2xx, 0.99),
        from_send.len()
    );

    let parked = park_many(&base, &inboxes, args.parked).await?;
    println!("RSS with {parked} parked long polls: {:.1} MB", rss_mb(pid));
    let _ = Command::new("kill").arg(pid.to_string()).status();
    Ok(())
}

/// Kills the child when dropped, so no phase's failure leaves a process behind.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

struct Throughput {
    ok: u64,
    failed: u64,
    elapsed: Duration,
}

impl Throughput {
    fn rate(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64()
    }
}

fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A webhook of realistic size (an `invitee.created` envelope) carrying `marker`.
fn webhook_body(marker: &str, n: usize) -> String {
    json!({
        "event": "invitee.created",
        "created_at": "2026-11-25T10:00:00.000000Z",
        "created_by": "https://api.calendly.com/users/BENCHUSER0000001",
        "payload": {
            "marker": marker,
            "n": n,
            "uri": format!("https://api.calendly.com/scheduled_events/EVT{n:012}/invitees/INV{n:012}"),
            "email": "ada.lovelace@example.com",
            "name": "Ada Lovelace",
            "first_name": "Ada",
            "last_name": "Lovelace",
            "status": "active",
            "timezone": "Europe/London",
            "event": format!("https://api.calendly.com/scheduled_events/EVT{n:012}"),
            "created_at": "2026-11-25T10:00:00.000000Z",
            "updated_at": "2026-11-25T10:00:00.000000Z",
            "tracking": { "utm_source": "quotla", "utm_content": "k3J9xPq0s8vW2mZ7", "utm_campaign": null, "utm_medium": null, "utm_term": null, "salesforce_uuid": null },
            "questions_and_answers": [{ "question": "What would you like to discuss?", "answer": "The quote for the new kitchen", "position": 0 }],
            "rescheduled": false,
            "old_invitee": null,
            "new_invitee": null,
            "cancel_url": format!("https://calendly.com/cancellations/INV{n:012}"),
            "reschedule_url": format!("https://calendly.com/reschedulings/INV{n:012}"),
            "scheduled_event": {
                "uri": format!("https://api.calendly.com/scheduled_events/EVT{n:012}"),
                "name": "Site visit",
                "start_time": "2026-12-01T09:00:00.000000Z",
                "end_time": "2026-12-01T10:00:00.000000Z",
                "status": "active",
                "event_type": "https://api.calendly.com/event_types/ETYPE0000000001",
                "location": { "type": "physical", "location": "12 High Street" },
                "event_memberships": [{ "user": "https://api.calendly.com/users/BENCHUSER0000001" }],
                "event_guests": []
            }
        }
    })
    .to_string()
}

async fn send_webhook(
    http: &reqwest::Client,
    base: &str,
    inbox: &str,
    body: String,
) -> Result<bool, reqwest::Error> {
    let header = calendly::signature::sign(KEY.as_bytes(), now_secs(), body.as_bytes());
    let response = http
        .post(format!("{base}/hooks/calendly/{inbox}"))
        .header("Calendly-Webhook-Signature", header)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await?;
    Ok(response.status().is_success())
}

async fn wait_ready(
    http: &reqwest::Client,
    base: &str,
) -> Result<Value, Box<dyn std::error::Error>> {
    for _ in 0..300 {
        if let Ok(r) = http.get(format!("{base}/healthz")).send().await {
            if r.status().is_success() {
                return Ok(r.json().await.unwrap_or(Value::Null));
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(format!("{base} did not become ready").into())
}

#[derive(Clone)]
struct Inbox {
    id: String,
    token: String,
}

async fn register_many(
    http: &reqwest::Client,
    base: &str,
    n: usize,
) -> Result<Vec<Inbox>, Box<dyn std::error::Error>> {
    let mut tasks = tokio::task::JoinSet::new();
    let next = Arc::new(AtomicU64::new(0));
    for _ in 0..32 {
        let (http, base, next) = (http.clone(), base.to_owned(), next.clone());
        tasks.spawn(async move {
            let mut made = Vec::new();
            while next.fetch_add(1, Ordering::Relaxed) < n as u64 {
                let v: Value = http
                    .post(format!("{base}/v1/inboxes"))
                    .json(&json!({}))
                    .send()
                    .await?
                    .json()
                    .await?;
                made.push(Inbox {
                    id: v["inbox_id"].as_str().unwrap_or_default().to_owned(),
                    token: v["consumer_token"].as_str().unwrap_or_default().to_owned(),
                });
            }
            Ok::<_, reqwest::Error>(made)
        });
    }
    let mut all = Vec::new();
    while let Some(done) = tasks.join_next().await {
        all.extend(done??);
    }
    Ok(all)
}

/// `connections` workers each send webhooks back to back for `duration`, worker `i` to
/// `bases[i % bases.len()]`.
async fn closed_loop(
    bases: &[String],
    inboxes: &Arc<Vec<Inbox>>,
    connections: usize,
    duration: Duration,
) -> Result<Throughput, Box<dyn std::error::Error>> {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()?;
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..connections {
        let base = bases[worker % bases.len()].clone();
        let (http, inboxes) = (http.clone(), inboxes.clone());
        tasks.spawn(async move {
            let (mut ok, mut failed) = (0u64, 0u64);
            let mut n = worker;
            while Instant::now() < deadline {
                let inbox = &inboxes[n % inboxes.len()].id;
                match send_webhook(&http, &base, inbox, webhook_body("load", n)).await {
                    Ok(true) => ok += 1,
                    _ => failed += 1,
                }
                n += connections;
            }
            (ok, failed)
        });
    }
    let (mut ok, mut failed) = (0, 0);
    while let Some(done) = tasks.join_next().await {
        let (o, f) = done?;
        ok += o;
        failed += f;
    }
    Ok(Throughput {
        ok,
        failed,
        elapsed: started.elapsed(),
    })
}

/// Open loop at `rate` requests/s; latency is measured from each request's scheduled
/// start, so a stall counts against every request it delays.
async fn fixed_rate(
    base: &str,
    inboxes: &Arc<Vec<Inbox>>,
    rate: u32,
    duration: Duration,
) -> Result<Vec<f64>, Box<dyn std::error::Error>> {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()?;
    let mut ticks = tokio::time::interval(Duration::from_secs_f64(1.0 / f64::from(rate.max(1))));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let total = (u64::from(rate) * duration.as_secs()) as usize;
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..total {
        let scheduled = ticks.tick().await.into_std();
        let (http, base, inbox) = (
            http.clone(),
            base.to_owned(),
            inboxes[n % inboxes.len()].id.clone(),
        );
        tasks.spawn(async move {
            let ok = matches!(
                send_webhook(&http, &base, &inbox, webhook_body("rate", n)).await,
                Ok(true)
            );
            ok.then(|| scheduled.elapsed().as_secs_f64() * 1000.0)
        });
    }
    let mut latencies = Vec::with_capacity(total);
    let mut failed = 0;
    while let Some(done) = tasks.join_next().await {
        match done? {
            Some(ms) => latencies.push(ms),
            None => failed += 1,
        }
    }
    if failed > 0 {
        println!("  ({failed} requests of the fixed-rate phase failed)");
    }
    Ok(latencies)
}

/// Consumers long-poll their own inboxes; webhooks are sent to them one at a time.
/// Returns (send → received, 2xx → received) in milliseconds; the second is negative when
/// the consumer had the event before the sender had its answer.
async fn delivery(
    http: &reqwest::Client,
    base: &str,
    samples: usize,
) -> Result<(Vec<f64>, Vec<f64>), Box<dyn std::error::Error>> {
    const CONSUMERS: usize = 50;
    let inboxes = register_many(http, base, CONSUMERS).await?;
    let received: Arc<Mutex<HashMap<usize, Instant>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let mut consumers = tokio::task::JoinSet::new();
    for inbox in inboxes.clone() {
        let (http, base, received, stop) = (
            http.clone(),
            base.to_owned(),
            received.clone(),
            stop.clone(),
        );
        consumers.spawn(async move {
            let mut after = 0;
            while !stop.load(Ordering::Relaxed) {
                let page: Value = match http
                    .get(format!(
                        "{base}/v1/inboxes/{}/events?after={after}&wait=2",
                        inbox.id
                    ))
                    .bearer_auth(&inbox.token)
                    .send()
                    .await
                {
                    Ok(r) => r.json().await.unwrap_or(Value::Null),
                    Err(_) => continue,
                };
                let at = Instant::now();
                for event in page["events"].as_array().into_iter().flatten() {
                    let body: Value =
                        serde_json::from_str(event["body"].as_str().unwrap_or("null"))
                            .unwrap_or(Value::Null);
                    if let Some(n) = body["payload"]["n"].as_u64() {
                        received
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .insert(n as usize, at);
                    }
                }
                after = page["next_after"].as_i64().unwrap_or(after);
            }
        });
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut sent = Vec::with_capacity(samples);
    for n in 0..samples {
        let inbox = &inboxes[n % CONSUMERS].id;
        let start = Instant::now();
        let ok = matches!(
            send_webhook(http, base, inbox, webhook_body("delivery", n)).await,
            Ok(true)
        );
        if ok {
            sent.push((n, start, Instant::now()));
        }
        tokio::time::sleep(Duration::from_millis(4)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);
    let received = received.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let (mut from_send, mut from_2xx) = (Vec::new(), Vec::new());
    let mut lost = 0;
    for (n, start, answered) in sent {
        match received.get(&n) {
            Some(at) => {
                from_send.push(at.duration_since(start).as_secs_f64() * 1000.0);
                from_2xx.push(signed_ms(*at, answered));
            }
            None => lost += 1,
        }
    }
    if lost > 0 {
        println!("  ({lost} deliveries not seen by the consumer within the phase)");
    }
    consumers.abort_all();
    Ok((from_send, from_2xx))
}

fn signed_ms(later: Instant, earlier: Instant) -> f64 {
    match later.checked_duration_since(earlier) {
        Some(d) => d.as_secs_f64() * 1000.0,
        None => -(earlier.duration_since(later).as_secs_f64() * 1000.0),
    }
}

/// Parks `n` long polls (spread over the inboxes) and waits until the relay counts them.
async fn park_many(
    base: &str,
    inboxes: &Arc<Vec<Inbox>>,
    n: usize,
) -> Result<u64, Box<dyn std::error::Error>> {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()?;
    let mut polls = tokio::task::JoinSet::new();
    for i in 0..n {
        let inbox = inboxes[i % inboxes.len()].clone();
        let (http, base) = (http.clone(), base.to_owned());
        polls.spawn(async move {
            let _ = http
                .get(format!(
                    "{base}/v1/inboxes/{}/events?after=1000000000&wait=30",
                    inbox.id
                ))
                .bearer_auth(&inbox.token)
                .send()
                .await;
        });
        if i % 250 == 249 {
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
    }
    let mut parked = 0;
    for _ in 0..200 {
        parked = metric(&http, base, "quotla_relay_open_long_polls ").await?;
        if parked >= n as u64 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    polls.abort_all();
    Ok(parked)
}

/// One value from `/metrics`; `name` ends with the space before the value.
async fn metric(
    http: &reqwest::Client,
    base: &str,
    name: &str,
) -> Result<u64, Box<dyn std::error::Error>> {
    let text = http
        .get(format!("{base}/metrics"))
        .send()
        .await?
        .text()
        .await?;
    Ok(text
        .lines()
        .find_map(|l| l.strip_prefix(name))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0))
}

/// (stored webhooks, commit transactions) so far, summed over the relay processes.
async fn counters(
    http: &reqwest::Client,
    bases: &[String],
) -> Result<(u64, u64), Box<dyn std::error::Error>> {
    let (mut stored, mut commits) = (0, 0);
    for base in bases {
        stored += metric(http, base, "quotla_relay_webhooks_stored_total ").await?;
        commits += metric(http, base, "quotla_relay_commits_total ").await?;
    }
    Ok((stored, commits))
}

fn percentile(samples: &mut [f64], p: f64) -> f64 {
    if samples.is_empty() {
        return f64::NAN;
    }
    samples.sort_by(f64::total_cmp);
    let rank = ((p * samples.len() as f64).ceil() as usize).clamp(1, samples.len());
    samples[rank - 1]
}

fn rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// The reference: accepts the same requests, reads the body, answers 200, stores nothing.
async fn bare_server(addr: SocketAddr) -> Result<(), Box<dyn std::error::Error>> {
    use axum::routing::{get, post};
    let app = axum::Router::new()
        .route(
            "/hooks/calendly/{id}",
            post(|body: axum::body::Bytes| async move { body.len().to_string() }),
        )
        .route("/healthz", get(|| async { "{}" }));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, app).await?;
    Ok(())
}
