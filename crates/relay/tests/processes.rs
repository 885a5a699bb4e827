//! Two relay processes on one PostgreSQL database, both taking webhooks for the same inbox
//! while a consumer reads and acknowledges through both: every webhook that got a 2xx is
//! delivered exactly once, in sequence order, and a commit on one process wakes a long
//! poll parked on the other (LISTEN/NOTIFY).

mod common;

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use common::*;
use tokio::sync::Semaphore;

const WEBHOOKS: usize = 1500;
const IN_FLIGHT: usize = 64;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_deliver_every_webhook_exactly_once_in_order() {
    let db = TestDb::new(Backend::Postgres).await;
    let logs = tempfile::tempdir().expect("log dir");
    let mut a = RelayProcess::spawn(&db.url, logs.path(), "a");
    a.ready().await;
    let mut b = RelayProcess::spawn(&db.url, logs.path(), "b");
    b.ready().await;
    let bases = [a.base.clone(), b.base.clone()];
    let http = client();
    let inbox = register(&http, &bases[0], Some(USER)).await;

    // A poll parked on B is woken by a webhook committed through A.
    let poll = http
        .get(format!(
            "{}/v1/inboxes/{}/events?wait=30",
            bases[1], inbox.id
        ))
        .bearer_auth(&inbox.token)
        .send();
    let send = async {
        // Only once B's poll read nothing and waits can the webhook reach it by a wake-up.
        wait_for_metric(&http, &bases[1], "quotla_relay_long_polls_waiting 1").await;
        let body = webhook_body("invitee.created", USER, "wake");
        let url = format!("{}/hooks/calendly/{}", bases[0], inbox.id);
        assert_eq!(
            post_signed(&http, &url, &body, KEY, now()).await.status(),
            200
        );
        body
    };
    let (polled, woken_body) = tokio::join!(poll, send);
    let (events, _) = parse_page(polled.expect("poll").json().await.expect("json"));
    assert_eq!(events, vec![(1, woken_body.clone())]);
    ack(&http, &bases[1], &inbox, 1).await;

    // Set once every sender has its answer; the consumer then stops at the first empty read.
    let senders_done = Arc::new(AtomicBool::new(false));
    let consumer = {
        let (http, bases, inbox) = (http.clone(), bases.clone(), inbox.clone());
        let senders_done = senders_done.clone();
        tokio::spawn(async move {
            let mut received: Vec<(i64, String)> = Vec::new();
            let mut after = 1;
            for round in 0usize.. {
                let finished = senders_done.load(Ordering::SeqCst);
                let base = &bases[round % 2];
                let r = http
                    .get(format!(
                        "{base}/v1/inboxes/{}/events?after={after}&limit=50&wait=2",
                        inbox.id
                    ))
                    .bearer_auth(&inbox.token)
                    .send()
                    .await
                    .expect("poll");
                assert_eq!(r.status(), 200);
                let (events, next) = parse_page(r.json().await.expect("json"));
                if events.is_empty() {
                    if finished {
                        break;
                    }
                    continue;
                }
                received.extend(events);
                after = next;
                // Acknowledge through the other process.
                ack(&http, &bases[(round + 1) % 2], &inbox, after).await;
            }
            received
        })
    };

    let permits = Arc::new(Semaphore::new(IN_FLIGHT));
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..WEBHOOKS {
        let (http, permits) = (http.clone(), permits.clone());
        let url = format!("{}/hooks/calendly/{}", bases[n % 2], inbox.id);
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await.expect("semaphore");
            let body = webhook_body("invitee.created", USER, &format!("two-{n}"));
            let r = post_signed(&http, &url, &body, KEY, now()).await;
            (r.status() == 200).then_some(body)
        });
    }
    let mut acknowledged = HashSet::new();
    while let Some(done) = tasks.join_next().await {
        if let Some(body) = done.expect("task") {
            acknowledged.insert(body);
        }
    }
    assert_eq!(
        acknowledged.len(),
        WEBHOOKS,
        "both processes accept every webhook"
    );
    senders_done.store(true, Ordering::SeqCst);

    let received = consumer.await.expect("consumer");
    let mut seen = HashSet::new();
    let mut last_seq = 1;
    for (seq, body) in &received {
        assert!(
            *seq > last_seq,
            "delivered in sequence order ({seq} after {last_seq})"
        );
        last_seq = *seq;
        assert!(seen.insert(body.clone()), "delivered exactly once");
    }
    assert_eq!(seen, acknowledged, "every acknowledged webhook delivered");
    assert!(!seen.contains(&woken_body));

    // Deleted through A: B, which knows the inbox, answers 410 from its commit.
    let r = http
        .delete(format!("{}/v1/inboxes/{}", bases[0], inbox.id))
        .bearer_auth(&inbox.token)
        .send()
        .await
        .expect("delete");
    assert_eq!(r.status(), 204);
    let late = webhook_body("invitee.created", USER, "late");
    let url = format!("{}/hooks/calendly/{}", bases[1], inbox.id);
    assert_eq!(
        post_signed(&http, &url, &late, KEY, now()).await.status(),
        410
    );
}
