//! Storage details behind the guarantees: background WAL checkpoints move every committed
//! webhook into the SQLite file and lose none; storing a webhook writes no inbox row; a
//! database from before the replay table was re-keyed keeps recognising the signatures it
//! had accepted (both backends).

mod common;

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use common::*;
use serde_json::Value;
use sqlx::Connection;

/// The file behind a `sqlite://` test database.
fn db_path(db: &TestDb) -> PathBuf {
    PathBuf::from(db.url.strip_prefix("sqlite://").expect("a sqlite:// URL"))
}

fn wal_len(db: &Path) -> u64 {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(wal).map(|m| m.len()).unwrap_or(0)
}

/// Posts `count` webhooks numbered from `first`, eight at a time, each answered 200.
async fn ingest(http: &reqwest::Client, url: &str, first: usize, count: usize) {
    let mut tasks = tokio::task::JoinSet::new();
    for n in first..first + count {
        let (http, url) = (http.clone(), url.to_owned());
        tasks.spawn(async move {
            let body = webhook_body("invitee.created", USER, &format!("ckpt-{n}"));
            post_signed(&http, &url, &body, KEY, now()).await.status()
        });
        if tasks.len() == 8 {
            assert_eq!(tasks.join_next().await.expect("task").expect("join"), 200);
        }
    }
    while let Some(status) = tasks.join_next().await {
        assert_eq!(status.expect("join"), 200);
    }
}

/// Every event in the inbox, read page by page through the API.
async fn all_seqs(http: &reqwest::Client, base: &str, inbox: &Inbox) -> Vec<i64> {
    let mut seqs = Vec::new();
    let mut after = 0;
    loop {
        let (events, next) = read(http, base, inbox, after).await;
        if events.is_empty() {
            return seqs;
        }
        seqs.extend(events.iter().map(|e| e.0));
        after = next;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn background_checkpoints_move_every_commit_into_the_database_file() {
    let Fixture {
        db,
        relay,
        http,
        base: _,
        inbox,
        url,
    } = Fixture::new(Backend::Sqlite, &[]).await;
    let durability = relay.durability().to_owned();
    assert!(
        durability.contains("synchronous=FULL") && durability.contains("wal_autocheckpoint=16384"),
        "{durability}"
    );
    let path = db_path(&db);
    ingest(&http, &url, 0, 300).await;
    assert!(wal_len(&path) > 0, "the commits went to the WAL");

    // Idle now: the checkpointer copies everything and truncates the WAL.
    let mut waited = Duration::ZERO;
    while wal_len(&path) > 0 {
        assert!(
            waited < Duration::from_secs(20),
            "the WAL was never truncated"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
        waited += Duration::from_millis(50);
    }
    // With the WAL empty, the database file alone holds every committed webhook.
    let copy = tempfile::tempdir().expect("temp dir");
    let copied = copy.path().join("copy.db");
    std::fs::copy(&path, &copied).expect("copy the database file");
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", copied.display()))
        .await
        .expect("open the copy");
    let (count, max): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), MAX(seq) FROM events WHERE inbox_id = $1")
            .bind(&inbox.id)
            .fetch_one(&mut conn)
            .await
            .expect("count");
    assert_eq!((count, max), (300, 300));
    conn.close().await.expect("close");

    // Writing goes on after a truncation, and a restart finds everything.
    ingest(&http, &url, 300, 50).await;
    relay.shutdown().await;
    let relay = start_relay(&db.url, &[]).await;
    let base = common::base(&relay);
    assert_eq!(
        all_seqs(&http, &base, &inbox).await,
        (1..=350).collect::<Vec<_>>()
    );
    relay.shutdown().await;
}

/// The inbox row's `last_seq` as the database holds it.
async fn stored_floor(db: &TestDb, inbox: &Inbox) -> i64 {
    let mut conn = sqlx::SqliteConnection::connect(&db.url)
        .await
        .expect("open the database");
    let floor = sqlx::query_scalar("SELECT last_seq FROM inboxes WHERE id = $1")
        .bind(&inbox.id)
        .fetch_one(&mut conn)
        .await
        .expect("inbox row");
    conn.close().await.expect("close");
    floor
}

/// Storing a webhook writes no inbox row (one random B-tree write less per webhook); the
/// floor under the sequence numbers moves only when events are deleted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ingest_leaves_the_inbox_row_alone_and_deletion_raises_the_floor() {
    let Fixture {
        db,
        relay,
        http,
        base,
        inbox,
        url,
    } = Fixture::new(Backend::Sqlite, &[]).await;
    ingest(&http, &url, 0, 5).await;
    assert_eq!(stored_floor(&db, &inbox).await, 0);
    ack(&http, &base, &inbox, 2).await;
    assert_eq!(stored_floor(&db, &inbox).await, 2);
    ack(&http, &base, &inbox, 5).await;
    assert_eq!(stored_floor(&db, &inbox).await, 5);
    relay.shutdown().await;
}

/// An inbox and one accepted signature as the first schema stored them: the inbox had issued
/// seq 1..=7 and holds event 7; the signature's digest is in the old `seen_signatures`.
macro_rules! seed_first_schema {
    ($pool:expr, $inbox:expr, $token_hash:expr, $digest:expr, $now_ms:expr) => {{
        sqlx::query(
            "INSERT INTO inboxes (id, token_hash, calendly_user, created_at, last_polled_at, last_seq) \
             VALUES ($1, $2, $3, $4, $4, 7)",
        )
        .bind($inbox)
        .bind($token_hash)
        .bind(USER)
        .bind($now_ms)
        .execute($pool)
        .await
        .expect("old inbox");
        sqlx::query("INSERT INTO events (inbox_id, seq, received_at, body) VALUES ($1, 7, $2, $3)")
            .bind($inbox)
            .bind($now_ms)
            .bind(webhook_body("invitee.created", USER, "seven"))
            .execute($pool)
            .await
            .expect("old event");
        sqlx::query("INSERT INTO seen_signatures (inbox_id, digest, seen_at) VALUES ($1, $2, $3)")
            .bind($inbox)
            .bind($digest)
            .bind($now_ms)
            .execute($pool)
            .await
            .expect("old signature");
    }};
}

/// Creates the database with only the first migration and seeds it (see the macro).
async fn first_schema_database(db: &TestDb, backend: Backend, inbox: &Inbox, digest: &[u8]) {
    let token_hash = quotla_relay::tokens::hash_token(&inbox.token).to_vec();
    let now_ms = now() * 1000;
    match backend {
        Backend::Sqlite => {
            let options = sqlx::sqlite::SqliteConnectOptions::from_str(&db.url)
                .expect("sqlite URL")
                .create_if_missing(true);
            let pool = sqlx::SqlitePool::connect_with(options).await.expect("open");
            let mut first = sqlx::migrate!("./migrations/sqlite");
            first.migrations = Cow::Owned(first.migrations[..1].to_vec());
            first.run(&pool).await.expect("first migration");
            seed_first_schema!(&pool, &inbox.id, &token_hash, digest, now_ms);
            pool.close().await;
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(&db.url).await.expect("connect");
            let mut first = sqlx::migrate!("./migrations/postgres");
            first.migrations = Cow::Owned(first.migrations[..1].to_vec());
            first.run(&pool).await.expect("first migration");
            seed_first_schema!(&pool, &inbox.id, &token_hash, digest, now_ms);
            pool.close().await;
        }
    }
}

async fn legacy_rows(db: &TestDb, backend: Backend) -> i64 {
    let sql = "SELECT COUNT(*) FROM seen_signatures_legacy";
    match backend {
        Backend::Sqlite => {
            let mut conn = sqlx::SqliteConnection::connect(&db.url)
                .await
                .expect("open");
            sqlx::query_scalar(sql)
                .fetch_one(&mut conn)
                .await
                .expect("count")
        }
        Backend::Postgres => {
            let mut conn = sqlx::PgConnection::connect(&db.url).await.expect("connect");
            sqlx::query_scalar(sql)
                .fetch_one(&mut conn)
                .await
                .expect("count")
        }
    }
}

/// Posts `body` with exactly `header` and returns the answer's status and JSON.
async fn deliver(http: &reqwest::Client, url: &str, body: &str, header: &str) -> (u16, Value) {
    let r = post_with_header(http, url, body.as_bytes().to_vec(), Some(header)).await;
    (r.status().as_u16(), r.json().await.expect("json"))
}

/// Upgrading re-keys `seen_signatures` by signature time; the digests accepted before it
/// have no recorded time and are still recognised (from `seen_signatures_legacy`) until they
/// expire, after which that table is empty and no longer consulted.
async fn replay_protection_survives_the_seen_signatures_migration(backend: Backend) {
    let db = TestDb::new(backend).await;
    let inbox = Inbox {
        id: quotla_relay::tokens::new_inbox_id(),
        webhook_url: String::new(),
        token: quotla_relay::tokens::new_consumer_token(),
    };
    let old_body = webhook_body("invitee.created", USER, "accepted before the upgrade");
    let old_header = calendly::signature::sign(KEY.as_bytes(), now(), old_body.as_bytes());
    let digest = calendly::signature::parse_header(&old_header)
        .expect("header")
        .signatures[0];
    first_schema_database(&db, backend, &inbox, &digest).await;

    let relay = start_relay(&db.url, &[]).await;
    let (http, base) = (client(), base(&relay));
    let url = format!("{base}/hooks/calendly/{}", inbox.id);
    let (status, answer) = deliver(&http, &url, &old_body, &old_header).await;
    assert_eq!(
        (status, &answer["duplicate"]),
        (200, &Value::Bool(true)),
        "{answer}"
    );

    let new_body = webhook_body("invitee.created", USER, "after the upgrade");
    let new_header = calendly::signature::sign(KEY.as_bytes(), now(), new_body.as_bytes());
    let (status, answer) = deliver(&http, &url, &new_body, &new_header).await;
    assert_eq!((status, &answer["seq"]), (200, &Value::from(8)), "{answer}");
    let (status, answer) = deliver(&http, &url, &new_body, &new_header).await;
    assert_eq!(
        (status, &answer["duplicate"]),
        (200, &Value::Bool(true)),
        "{answer}"
    );
    let (events, _) = read(&http, &base, &inbox, 0).await;
    assert_eq!(events.iter().map(|e| e.0).collect::<Vec<_>>(), vec![7, 8]);
    relay.shutdown().await;

    // The legacy rows expire like signatures always did; then the relay stops looking.
    let relay = start_relay(
        &db.url,
        &[
            "--signature-tolerance-secs",
            "1",
            "--event-retention-secs",
            "1",
            "--purge-interval-secs",
            "1",
        ],
    )
    .await;
    let mut waited = Duration::ZERO;
    while legacy_rows(&db, backend).await > 0 {
        assert!(
            waited < Duration::from_secs(20),
            "legacy signatures never expired"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += Duration::from_millis(100);
    }
    let url = format!("{}/hooks/calendly/{}", common::base(&relay), inbox.id);
    let body = webhook_body("invitee.created", USER, "after expiry");
    let header = calendly::signature::sign(KEY.as_bytes(), now(), body.as_bytes());
    let (status, answer) = deliver(&http, &url, &body, &header).await;
    assert_eq!((status, &answer["seq"]), (200, &Value::from(9)), "{answer}");
    let (status, answer) = deliver(&http, &url, &body, &header).await;
    assert_eq!(
        (status, &answer["duplicate"]),
        (200, &Value::Bool(true)),
        "{answer}"
    );
    relay.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_replay_protection_survives_the_seen_signatures_migration() {
    replay_protection_survives_the_seen_signatures_migration(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_replay_protection_survives_the_seen_signatures_migration() {
    replay_protection_survives_the_seen_signatures_migration(Backend::Postgres).await;
}

/// A webhook for `inbox`, signed at `t`, with a digest made from `n`.
fn incoming(inbox: &str, t: i64, n: u32) -> quotla_relay::store::Incoming {
    let mut digest = [0u8; 32];
    digest[..4].copy_from_slice(&n.to_be_bytes());
    quotla_relay::store::Incoming {
        inbox_id: inbox.to_owned(),
        signed_at: t,
        digest,
        received_at: t * 1000,
        body: webhook_body("invitee.created", USER, &n.to_string()),
    }
}

/// One commit larger than a statement chunk (and not a power of two), with duplicates
/// inside the batch across chunks, a replay of an earlier commit and a deleted inbox:
/// every outcome and number is as if the webhooks had come one by one.
async fn a_batch_across_statement_chunks_is_stored_in_order(backend: Backend) {
    use quotla_relay::store::{Outcome, Store};

    let db = TestDb::new(backend).await;
    let store = Store::open(&db.url, 2).await.expect("open");
    let t = now();
    let ids: Vec<String> = (0..3)
        .map(|_| quotla_relay::tokens::new_inbox_id())
        .collect();
    for (n, id) in ids.iter().enumerate() {
        store
            .create_inbox(id, &[n as u8; 32], Some(USER), t * 1000)
            .await
            .expect("inbox");
    }
    assert!(store.delete_inbox(&ids[2], t * 1000).await.expect("delete"));
    let earlier = incoming(&ids[0], t, 9_999);
    assert_eq!(
        store
            .write_batch(std::slice::from_ref(&earlier))
            .await
            .expect("first commit"),
        [Outcome::Stored { seq: 1 }]
    );

    let mut items: Vec<_> = (0..600)
        .map(|n| incoming(&ids[n as usize % 2], t, n))
        .collect();
    items.insert(300, items[10].clone());
    items.insert(500, earlier);
    items.push(incoming(&ids[2], t, 7));
    // The same digest at another time or for another inbox is another signature.
    items.push(incoming(&ids[1], t + 1, 10));
    items.push(incoming(&ids[1], t, 9_999));

    let outcomes = store.write_batch(&items).await.expect("commit");
    let mut next = [2, 1];
    let mut expected = Vec::new();
    for (i, item) in items.iter().enumerate() {
        expected.push(if i == 300 || i == 500 {
            Outcome::Duplicate
        } else if item.inbox_id == ids[2] {
            Outcome::Gone
        } else {
            let inbox = ids
                .iter()
                .position(|id| *id == item.inbox_id)
                .expect("known");
            next[inbox] += 1;
            Outcome::Stored {
                seq: next[inbox] - 1,
            }
        });
    }
    assert_eq!(outcomes, expected);
    for (inbox, last) in ids[..2].iter().zip(next) {
        let events = store.read_events(inbox, 0, 10_000).await.expect("read");
        let seqs: Vec<i64> = events.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, (1..last).collect::<Vec<_>>());
        let bodies: Vec<&str> = events.iter().map(|e| e.body.as_str()).collect();
        let sent: Vec<&str> = items
            .iter()
            .zip(&outcomes)
            .filter(|(item, o)| item.inbox_id == *inbox && matches!(o, Outcome::Stored { .. }))
            .map(|(item, _)| item.body.as_str())
            .collect();
        assert_eq!(bodies[bodies.len() - sent.len()..], sent[..], "batch order");
    }
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_a_batch_across_statement_chunks_is_stored_in_order() {
    a_batch_across_statement_chunks_is_stored_in_order(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_a_batch_across_statement_chunks_is_stored_in_order() {
    a_batch_across_statement_chunks_is_stored_in_order(Backend::Postgres).await;
}
