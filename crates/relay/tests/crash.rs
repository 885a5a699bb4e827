//! Crash safety with the real binary: thousands of concurrent signed webhooks, `kill -9`
//! in the middle, restart on the same database: every webhook that got a 2xx is there.

mod common;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::*;
use tokio::sync::Semaphore;

const WEBHOOKS: usize = 3000;
const INBOXES: usize = 20;
const KILL_AFTER_OK: usize = 1000;
const IN_FLIGHT: usize = 256;

async fn every_acknowledged_webhook_survives_kill_9(backend: Backend) {
    let db = TestDb::new(backend).await;
    let logs = tempfile::tempdir().expect("log dir");
    let mut first = RelayProcess::spawn(&db.url, logs.path(), "first");
    first.ready().await;
    assert!(
        first.log().contains("EMPTY DATABASE"),
        "a start on an empty database is announced: {}",
        first.log()
    );
    let http = client();
    let mut inboxes = Vec::new();
    for _ in 0..INBOXES {
        inboxes.push(register(&http, &first.base, Some(USER)).await);
    }

    let ok = Arc::new(AtomicUsize::new(0));
    let pid = first.child.id();
    let permits = Arc::new(Semaphore::new(IN_FLIGHT));
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..WEBHOOKS {
        let inbox = inboxes[n % INBOXES].clone();
        let (http, base, ok, permits) = (
            http.clone(),
            first.base.clone(),
            ok.clone(),
            permits.clone(),
        );
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await.expect("semaphore");
            let body = webhook_body("invitee.created", USER, &format!("crash-{n}"));
            let url = format!("{base}/hooks/calendly/{}", inbox.id);
            let header = calendly::signature::sign(KEY.as_bytes(), now(), body.as_bytes());
            let sent = http
                .post(&url)
                .header("Calendly-Webhook-Signature", header)
                .body(body.clone())
                .send()
                .await;
            let success = matches!(&sent, Ok(r) if r.status() == 200);
            if success && ok.fetch_add(1, Ordering::SeqCst) + 1 == KILL_AFTER_OK {
                // SIGKILL while the other requests are still in flight.
                let _ = std::process::Command::new("kill")
                    .args(["-9", &pid.to_string()])
                    .status();
            }
            success.then_some((inbox.id, body))
        });
    }
    let mut acknowledged: HashMap<String, HashSet<String>> = HashMap::new();
    let mut refused = 0;
    while let Some(done) = tasks.join_next().await {
        match done.expect("task") {
            Some((inbox, body)) => {
                acknowledged.entry(inbox).or_default().insert(body);
            }
            None => refused += 1,
        }
    }
    let total: usize = acknowledged.values().map(HashSet::len).sum();
    assert!(total >= KILL_AFTER_OK, "{total} acknowledged");
    assert!(
        refused > 0,
        "the relay was killed mid-way ({total} acknowledged)"
    );
    first.kill9();

    let mut second = RelayProcess::spawn(&db.url, logs.path(), "second");
    second.ready().await;
    assert!(!second.log().contains("EMPTY DATABASE"), "{}", second.log());
    for inbox in &inboxes {
        let mut stored = HashSet::new();
        let mut after = 0;
        let mut last_seq = 0;
        loop {
            let (events, next) = read(&http, &second.base, inbox, after).await;
            if events.is_empty() {
                break;
            }
            for (seq, body) in events {
                assert!(seq > last_seq, "sequence order");
                last_seq = seq;
                assert!(stored.insert(body), "no event stored twice");
            }
            after = next;
        }
        if let Some(expected) = acknowledged.get(&inbox.id) {
            let missing = expected.difference(&stored).count();
            assert_eq!(
                missing, 0,
                "{missing} acknowledged webhooks lost in inbox {}",
                inbox.id
            );
        }
    }
    eprintln!("crash test ({backend:?}): {total} acknowledged before kill -9, {refused} refused, all found after restart");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_every_acknowledged_webhook_survives_kill_9() {
    every_acknowledged_webhook_survives_kill_9(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_every_acknowledged_webhook_survives_kill_9() {
    every_acknowledged_webhook_survives_kill_9(Backend::Postgres).await;
}
