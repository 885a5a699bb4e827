//! Durable storage of inboxes and events, on SQLite (default) or PostgreSQL.
//!
//! Both backends run the same SQL (see `shared_queries!`) and differ only in how a write
//! transaction keeps per-inbox commit order equal to sequence order: SQLite has one writer
//! (`BEGIN IMMEDIATE`), PostgreSQL locks the batch's inbox rows in id order first.
//!
//! Storing a webhook writes its event and its signature, nothing else: the next sequence
//! number of an inbox is derived from its newest event and `inboxes.last_seq`, a floor that
//! a trigger raises whenever events are deleted (migrations `0002_seq_floor.sql`).

mod batch;
mod postgres;
pub(crate) mod sqlite;

pub use batch::{BatchWriter, WriteError};

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use thiserror::Error;

/// Why the store could not open or answer.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("unsupported database URL scheme (use sqlite:// or postgres://)")]
    UnsupportedUrl,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// What the relay knows about an inbox.
#[derive(Debug, Clone)]
pub struct InboxFacts {
    pub token_hash: Vec<u8>,
    pub calendly_user: Option<String>,
    pub deleted: bool,
    pub last_polled_at: i64,
}

/// An inbox found by its consumer token.
#[derive(Debug, Clone)]
pub struct TokenOwner {
    pub inbox_id: String,
    pub calendly_user: Option<String>,
    pub deleted: bool,
}

/// A stored webhook as a consumer reads it.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub seq: i64,
    /// Unix milliseconds.
    pub received_at: i64,
    pub body: String,
}

/// A verified webhook waiting to be committed.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub inbox_id: String,
    /// The signature's `t`, Unix seconds: with the digest, the key a replay is caught by.
    pub signed_at: i64,
    pub digest: [u8; 32],
    pub received_at: i64,
    pub body: String,
}

/// What committing one webhook did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Stored {
        seq: i64,
    },
    /// Its signature was accepted before for this inbox: answered 2xx, not stored again.
    Duplicate,
    /// The inbox was deleted meanwhile.
    Gone,
}

/// Most webhooks in one commit (each statement takes at most [`CHUNK_ROWS`] of them).
pub const MAX_BATCH: usize = 4096;

/// Rows in one multi-row statement at most: 4 binds each stays far below the databases'
/// bound-parameter limits (SQLite 32766, PostgreSQL 65535).
const CHUNK_ROWS: usize = 256;

/// `chunk` followed by copies of its last row up to a power of two. A multi-row statement
/// then has one of a few fixed shapes (1, 2, 4 … [`CHUNK_ROWS`] rows) that each connection
/// prepares once and keeps in its statement cache, instead of parsing and planning a new
/// one at every commit (about 0.3 ms for 125 rows on SQLite, on the single writer). A
/// repeated row changes nothing where this is used: a repeated signature conflicts with
/// itself, a repeated value in `IN (…)` is the same value.
fn padded<T>(chunk: &[T]) -> impl Iterator<Item = &T> {
    let pad = chunk.len().next_power_of_two() - chunk.len();
    chunk
        .iter()
        .chain(std::iter::repeat_n(chunk.last(), pad).flatten())
}

/// What one retention pass removed.
#[derive(Debug, Clone, Copy, Default)]
pub struct PurgeReport {
    pub expired_events: u64,
    pub purged_inboxes: u64,
}

/// Whether `seen_signatures_legacy` (signatures accepted before migration 0003, stored
/// without their timestamp) still has rows: only then does a batch look there too.
#[derive(Debug, Clone, Default)]
pub(crate) struct LegacySignatures(Arc<AtomicBool>);

impl LegacySignatures {
    pub(crate) fn pending(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    pub(crate) fn set(&self, pending: bool) {
        self.0.store(pending, Ordering::Relaxed);
    }
}

/// The storage backend selected by the database URL.
#[derive(Debug, Clone)]
pub enum Store {
    Sqlite(sqlite::SqliteStore),
    Postgres(postgres::PgStore),
}

/// Calls the same method on whichever backend is in use.
macro_rules! dispatch {
    ($self:ident, $store:ident => $call:expr) => {
        match $self {
            Store::Sqlite($store) => $call,
            Store::Postgres($store) => $call,
        }
    };
}

/// Runs a shared query on the backend's reader or writer pool (PostgreSQL has one pool).
macro_rules! on_pool {
    ($self:ident, $kind:ident, $query:ident($($arg:expr),*)) => {
        match $self {
            Store::Sqlite(s) => Ok(sqlite::$query(&s.$kind, $($arg),*).await?),
            Store::Postgres(s) => Ok(postgres::$query(&s.pool, $($arg),*).await?),
        }
    };
}

impl Store {
    /// Opens (creating a SQLite file if needed) and migrates the database.
    pub async fn open(url: &str, connections: u32) -> Result<Self, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Store::Postgres(
                postgres::PgStore::open(url, connections).await?,
            ))
        } else if url.starts_with("sqlite:") {
            Ok(Store::Sqlite(
                sqlite::SqliteStore::open(url, connections).await?,
            ))
        } else {
            Err(StoreError::UnsupportedUrl)
        }
    }

    /// `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    /// The durability settings in force, as the database reports them.
    pub async fn durability(&self) -> Result<String, StoreError> {
        dispatch!(self, s => s.durability().await)
    }

    /// Whether the database holds no inbox at all (not even a tombstone).
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        let count: Result<i64, StoreError> = on_pool!(self, read, count_inboxes());
        Ok(count? == 0)
    }

    pub async fn create_inbox(
        &self,
        id: &str,
        token_hash: &[u8],
        calendly_user: Option<&str>,
        now: i64,
    ) -> Result<(), StoreError> {
        on_pool!(
            self,
            write,
            create_inbox(id, token_hash, calendly_user, now)
        )
    }

    pub async fn inbox(&self, id: &str) -> Result<Option<InboxFacts>, StoreError> {
        on_pool!(self, read, inbox(id))
    }

    pub async fn inbox_by_token(&self, hash: &[u8]) -> Result<Option<TokenOwner>, StoreError> {
        on_pool!(self, read, inbox_by_token(hash))
    }

    /// Records that a consumer polled, which keeps the inbox from being purged as idle.
    pub async fn touch(&self, id: &str, now: i64) -> Result<(), StoreError> {
        on_pool!(self, write, touch(id, now))
    }

    pub async fn read_events(
        &self,
        id: &str,
        after: i64,
        limit: i64,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        on_pool!(self, read, read_events(id, after, limit))
    }

    /// Deletes events up to `up_to`; returns how many. The deletion raises the inbox's
    /// sequence floor in the same statement (trigger), so their numbers are never reissued.
    pub async fn ack(&self, id: &str, up_to: i64) -> Result<u64, StoreError> {
        on_pool!(self, write, ack(id, up_to))
    }

    /// Deletes an inbox's events and leaves a tombstone; false if it was gone already.
    pub async fn delete_inbox(&self, id: &str, now: i64) -> Result<bool, StoreError> {
        dispatch!(self, s => Ok(s.delete_inbox(id, now).await?))
    }

    /// Commits a batch of webhooks in one transaction, in order.
    pub async fn write_batch(&self, items: &[Incoming]) -> Result<Vec<Outcome>, StoreError> {
        dispatch!(self, s => Ok(s.write_batch(items).await?))
    }

    /// Expires old events and signatures and purges idle inboxes. Accepted signatures are
    /// kept at least for `signature_window` (the age a signature stays acceptable), counted
    /// from their timestamp, so a replay stays harmless however short the event retention
    /// is set.
    pub async fn purge(
        &self,
        now: i64,
        retention: Duration,
        signature_window: Duration,
        idle: Duration,
    ) -> Result<PurgeReport, StoreError> {
        let events_before = now.saturating_sub(millis(retention));
        let signatures_before = now.saturating_sub(millis(retention.max(signature_window)));
        let polled_before = now.saturating_sub(millis(idle));
        let report: Result<PurgeReport, StoreError> = on_pool!(
            self,
            write,
            purge_with(now, events_before, signatures_before, polled_before)
        );
        let report = report?;
        dispatch!(self, s => s.forget_legacy_when_empty().await?);
        Ok(report)
    }

    pub async fn close(&self) {
        dispatch!(self, s => s.close().await)
    }
}

/// The next sequence number of an inbox: above both its floor (raised whenever events are
/// deleted) and its newest stored event, so numbers only grow, across acks, expiry and
/// restarts, without writing the inbox row at every webhook.
fn next_after(floor: i64, newest: Option<i64>) -> i64 {
    floor.max(newest.unwrap_or(0)) + 1
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// The queries both backends share: the SQL is portable (`$n` parameters work in both).
macro_rules! shared_queries {
    ($db:ty) => {
        use crate::store::{
            next_after, padded, InboxFacts, Incoming, Outcome, PurgeReport, StoredEvent,
            TokenOwner, CHUNK_ROWS,
        };
        use sqlx::{Pool, Row};

        type Conn = <$db as sqlx::Database>::Connection;

        pub(super) async fn count_inboxes(pool: &Pool<$db>) -> Result<i64, sqlx::Error> {
            sqlx::query_scalar("SELECT COUNT(*) FROM inboxes")
                .fetch_one(pool)
                .await
        }

        /// Whether signatures from before migration 0003 remain to be checked.
        pub(super) async fn has_legacy_signatures(pool: &Pool<$db>) -> Result<bool, sqlx::Error> {
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM seen_signatures_legacy)")
                .fetch_one(pool)
                .await
        }

        pub(super) async fn create_inbox(
            pool: &Pool<$db>,
            id: &str,
            token_hash: &[u8],
            calendly_user: Option<&str>,
            now: i64,
        ) -> Result<(), sqlx::Error> {
            sqlx::query(
                "INSERT INTO inboxes (id, token_hash, calendly_user, created_at, last_polled_at, last_seq) \
                 VALUES ($1, $2, $3, $4, $4, 0)",
            )
            .bind(id)
            .bind(token_hash)
            .bind(calendly_user)
            .bind(now)
            .execute(pool)
            .await
            .map(drop)
        }

        pub(super) async fn inbox(
            pool: &Pool<$db>,
            id: &str,
        ) -> Result<Option<InboxFacts>, sqlx::Error> {
            let row = sqlx::query(
                "SELECT token_hash, calendly_user, deleted_at, last_polled_at FROM inboxes WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?;
            row.map(|r| {
                Ok(InboxFacts {
                    token_hash: r.try_get(0)?,
                    calendly_user: r.try_get(1)?,
                    deleted: r.try_get::<Option<i64>, _>(2)?.is_some(),
                    last_polled_at: r.try_get(3)?,
                })
            })
            .transpose()
        }

        pub(super) async fn inbox_by_token(
            pool: &Pool<$db>,
            hash: &[u8],
        ) -> Result<Option<TokenOwner>, sqlx::Error> {
            let row = sqlx::query(
                "SELECT id, calendly_user, deleted_at FROM inboxes WHERE token_hash = $1",
            )
            .bind(hash)
            .fetch_optional(pool)
            .await?;
            row.map(|r| {
                Ok(TokenOwner {
                    inbox_id: r.try_get(0)?,
                    calendly_user: r.try_get(1)?,
                    deleted: r.try_get::<Option<i64>, _>(2)?.is_some(),
                })
            })
            .transpose()
        }

        pub(super) async fn touch(pool: &Pool<$db>, id: &str, now: i64) -> Result<(), sqlx::Error> {
            sqlx::query("UPDATE inboxes SET last_polled_at = $2 WHERE id = $1 AND deleted_at IS NULL")
                .bind(id)
                .bind(now)
                .execute(pool)
                .await
                .map(drop)
        }

        pub(super) async fn read_events(
            pool: &Pool<$db>,
            id: &str,
            after: i64,
            limit: i64,
        ) -> Result<Vec<StoredEvent>, sqlx::Error> {
            let rows: Vec<(i64, i64, String)> = sqlx::query_as(
                "SELECT seq, received_at, body FROM events WHERE inbox_id = $1 AND seq > $2 \
                 ORDER BY seq LIMIT $3",
            )
            .bind(id)
            .bind(after)
            .bind(limit)
            .fetch_all(pool)
            .await?;
            Ok(rows
                .into_iter()
                .map(|(seq, received_at, body)| StoredEvent { seq, received_at, body })
                .collect())
        }

        pub(super) async fn ack(pool: &Pool<$db>, id: &str, up_to: i64) -> Result<u64, sqlx::Error> {
            let done = sqlx::query("DELETE FROM events WHERE inbox_id = $1 AND seq <= $2")
                .bind(id)
                .bind(up_to)
                .execute(pool)
                .await?;
            Ok(done.rows_affected())
        }

        /// Tombstones one inbox and deletes what it held, inside the caller's transaction.
        async fn tombstone(conn: &mut Conn, id: &str, now: i64) -> Result<bool, sqlx::Error> {
            let marked = sqlx::query(
                "UPDATE inboxes SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL",
            )
            .bind(id)
            .bind(now)
            .execute(&mut *conn)
            .await?
            .rows_affected();
            sqlx::query("DELETE FROM events WHERE inbox_id = $1")
                .bind(id)
                .execute(&mut *conn)
                .await?;
            // Its accepted signatures stay until they expire: a deleted inbox answers 410
            // before any signature is looked at, and they are keyed by time, not by inbox.
            Ok(marked == 1)
        }

        /// Inserts a batch: remember the signatures (a known one is a duplicate), read each
        /// live inbox's last issued number, insert the events with consecutive numbers in
        /// batch order. While legacy signatures remain (`check_legacy`), the new ones are
        /// looked up there too. Each step is one statement per `CHUNK_ROWS` rows, of a
        /// fixed shape (see [`padded`]). The caller holds the write transaction (and on
        /// PostgreSQL the inbox rows' locks).
        async fn insert_items(
            conn: &mut Conn,
            items: &[Incoming],
            check_legacy: bool,
        ) -> Result<Vec<Outcome>, sqlx::Error> {
            use std::collections::{BTreeSet, HashMap};

            // The first of several equal items in a batch is the one that gets inserted.
            let mut first: HashMap<(i64, &str, [u8; 32]), usize> =
                HashMap::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                first
                    .entry((item.signed_at, item.inbox_id.as_str(), item.digest))
                    .or_insert(i);
            }
            let mut is_fresh = vec![false; items.len()];
            for chunk in items.chunks(CHUNK_ROWS) {
                for (signed_at, inbox_id, digest) in remember_signatures(conn, chunk).await? {
                    let Ok(digest) = <[u8; 32]>::try_from(digest.as_slice()) else {
                        continue;
                    };
                    if let Some(&i) = first.get(&(signed_at, inbox_id.as_str(), digest)) {
                        is_fresh[i] = true;
                    }
                }
            }
            if check_legacy {
                let fresh: Vec<&Incoming> = items
                    .iter()
                    .zip(&is_fresh)
                    .filter_map(|(item, fresh)| fresh.then_some(item))
                    .collect();
                let mut known = std::collections::HashSet::new();
                for chunk in fresh.chunks(CHUNK_ROWS) {
                    known.extend(legacy_signatures(conn, chunk).await?);
                }
                for (item, fresh) in items.iter().zip(is_fresh.iter_mut()) {
                    if *fresh && known.contains(&(item.inbox_id.clone(), item.digest.to_vec())) {
                        *fresh = false;
                    }
                }
            }

            let ids: Vec<&str> = items
                .iter()
                .zip(&is_fresh)
                .filter_map(|(item, fresh)| fresh.then_some(item.inbox_id.as_str()))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let mut next_seq: HashMap<String, i64> = HashMap::with_capacity(ids.len());
            for chunk in ids.chunks(CHUNK_ROWS) {
                for (id, floor, newest) in live_inboxes(conn, chunk).await? {
                    next_seq.insert(id, next_after(floor, newest));
                }
            }

            let mut outcomes = Vec::with_capacity(items.len());
            let mut stored = Vec::with_capacity(items.len());
            for (item, fresh) in items.iter().zip(is_fresh) {
                let outcome = match next_seq.get_mut(item.inbox_id.as_str()) {
                    _ if !fresh => Outcome::Duplicate,
                    None => Outcome::Gone,
                    Some(next) => {
                        let seq = *next;
                        *next += 1;
                        stored.push((item, seq));
                        Outcome::Stored { seq }
                    }
                };
                outcomes.push(outcome);
            }
            for chunk in stored.chunks(CHUNK_ROWS) {
                insert_events(conn, chunk).await?;
            }
            Ok(outcomes)
        }

        /// Inserts the chunk's signatures; returns the keys that were new.
        async fn remember_signatures(
            conn: &mut Conn,
            chunk: &[Incoming],
        ) -> Result<Vec<(i64, String, Vec<u8>)>, sqlx::Error> {
            let mut remember = sqlx::QueryBuilder::<$db>::new(
                "INSERT INTO seen_signatures (sig_t, inbox_id, digest) ",
            );
            remember.push_values(padded(chunk), |mut row, item| {
                row.push_bind(item.signed_at)
                    .push_bind(item.inbox_id.as_str())
                    .push_bind(&item.digest[..]);
            });
            remember.push(" ON CONFLICT DO NOTHING RETURNING sig_t, inbox_id, digest");
            remember.build_query_as().fetch_all(&mut *conn).await
        }

        /// Which of the chunk's signatures were accepted before migration 0003.
        async fn legacy_signatures(
            conn: &mut Conn,
            chunk: &[&Incoming],
        ) -> Result<Vec<(String, Vec<u8>)>, sqlx::Error> {
            let mut legacy = sqlx::QueryBuilder::<$db>::new(
                "SELECT inbox_id, digest FROM seen_signatures_legacy WHERE (inbox_id, digest) IN (",
            );
            let mut pairs = legacy.separated(", ");
            for item in padded(chunk) {
                pairs.push("(");
                pairs.push_bind_unseparated(item.inbox_id.as_str());
                pairs.push_unseparated(", ");
                pairs.push_bind_unseparated(&item.digest[..]);
                pairs.push_unseparated(")");
            }
            legacy.push(")");
            legacy.build_query_as().fetch_all(&mut *conn).await
        }

        /// The live inboxes among `ids`, each with its sequence floor and newest event.
        async fn live_inboxes(
            conn: &mut Conn,
            ids: &[&str],
        ) -> Result<Vec<(String, i64, Option<i64>)>, sqlx::Error> {
            let mut live = sqlx::QueryBuilder::<$db>::new(
                "SELECT id, last_seq, (SELECT MAX(seq) FROM events WHERE events.inbox_id = inboxes.id) \
                 FROM inboxes WHERE deleted_at IS NULL AND id IN (",
            );
            let mut list = live.separated(", ");
            for id in padded(ids) {
                list.push_bind(*id);
            }
            live.push(")");
            live.build_query_as().fetch_all(&mut *conn).await
        }

        /// Inserts a chunk of numbered events. Padding rows are all NULL and filtered out,
        /// since an event cannot be inserted twice.
        async fn insert_events(
            conn: &mut Conn,
            chunk: &[(&Incoming, i64)],
        ) -> Result<(), sqlx::Error> {
            let mut insert = sqlx::QueryBuilder::<$db>::new(
                "INSERT INTO events (inbox_id, seq, received_at, body) \
                 SELECT column1, column2, column3, column4 FROM (",
            );
            let rows = chunk.iter().map(Some);
            let padding = std::iter::repeat_n(None, chunk.len().next_power_of_two() - chunk.len());
            insert.push_values(rows.chain(padding), |mut row, event| {
                row.push_bind(event.map(|(item, _)| item.inbox_id.as_str()))
                    .push_bind(event.map(|(_, seq)| *seq))
                    .push_bind(event.map(|(item, _)| item.received_at))
                    .push_bind(event.map(|(item, _)| item.body.as_str()));
            });
            insert.push(") AS chunk WHERE column2 IS NOT NULL");
            insert.build().execute(&mut *conn).await.map(drop)
        }

        /// One retention pass; each idle inbox is tombstoned in its own short transaction.
        pub(super) async fn purge_with(
            pool: &Pool<$db>,
            now: i64,
            events_before: i64,
            signatures_before: i64,
            polled_before: i64,
        ) -> Result<PurgeReport, sqlx::Error> {
            let expired = sqlx::query("DELETE FROM events WHERE received_at < $1")
                .bind(events_before)
                .execute(pool)
                .await?
                .rows_affected();
            sqlx::query("DELETE FROM seen_signatures WHERE sig_t < $1")
                .bind(signatures_before.div_euclid(1000))
                .execute(pool)
                .await?;
            sqlx::query("DELETE FROM seen_signatures_legacy WHERE seen_at < $1")
                .bind(signatures_before)
                .execute(pool)
                .await?;
            let idle: Vec<String> = sqlx::query_scalar(
                "SELECT id FROM inboxes WHERE deleted_at IS NULL AND last_polled_at < $1",
            )
            .bind(polled_before)
            .fetch_all(pool)
            .await?;
            let mut purged = 0;
            for id in idle {
                let mut tx = pool.begin().await?;
                let still_idle: Option<i64> = sqlx::query_scalar(
                    "SELECT last_polled_at FROM inboxes WHERE id = $1 AND deleted_at IS NULL AND last_polled_at < $2",
                )
                .bind(&id)
                .bind(polled_before)
                .fetch_optional(&mut *tx)
                .await?;
                if still_idle.is_some() && tombstone(&mut tx, &id, now).await? {
                    purged += 1;
                }
                tx.commit().await?;
            }
            Ok(PurgeReport {
                expired_events: expired,
                purged_inboxes: purged,
            })
        }
    };
}
use shared_queries;

#[cfg(test)]
mod tests {
    use super::padded;

    #[test]
    fn padding_repeats_the_last_row_up_to_a_power_of_two() {
        let rows = |n: usize| (1..=n).collect::<Vec<_>>();
        assert_eq!(padded(&rows(1)).collect::<Vec<_>>(), [&1]);
        assert_eq!(padded(&rows(3)).collect::<Vec<_>>(), [&1, &2, &3, &3]);
        assert_eq!(padded(&rows(5)).count(), 8);
        assert_eq!(padded(&rows(129)).filter(|&&r| r == 129).count(), 128);
        assert_eq!(padded(&rows(super::CHUNK_ROWS)).count(), super::CHUNK_ROWS);
    }
}
