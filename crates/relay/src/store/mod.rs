//! Durable storage of inboxes and events, on SQLite (default) or PostgreSQL.
//!
//! Both backends run the same SQL (see `shared_queries!`) and differ only in how a write
//! transaction keeps per-inbox commit order equal to sequence order: SQLite has one writer
//! (`BEGIN IMMEDIATE`), PostgreSQL locks the batch's inbox rows in id order first.

mod batch;
mod postgres;
mod sqlite;

pub use batch::{BatchWriter, WriteError};

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

/// Most webhooks in one commit: keeps every batch statement under the databases'
/// bound-parameter limits (SQLite 32766, PostgreSQL 65535; the events insert binds 4 each).
pub const MAX_BATCH: usize = 4096;

/// What one retention pass removed.
#[derive(Debug, Clone, Copy, Default)]
pub struct PurgeReport {
    pub expired_events: u64,
    pub purged_inboxes: u64,
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

    /// Deletes events up to `up_to`; returns how many.
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
    /// kept at least for `signature_window` (the age a signature stays acceptable), so a
    /// replay stays harmless however short the event retention is set.
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
        on_pool!(
            self,
            write,
            purge_with(now, events_before, signatures_before, polled_before)
        )
    }

    pub async fn close(&self) {
        dispatch!(self, s => s.close().await)
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// The queries both backends share: the SQL is portable (`$n` parameters work in both).
macro_rules! shared_queries {
    ($db:ty) => {
        use crate::store::{InboxFacts, Incoming, Outcome, PurgeReport, StoredEvent, TokenOwner};
        use sqlx::{Pool, Row};

        type Conn = <$db as sqlx::Database>::Connection;

        pub(super) async fn count_inboxes(pool: &Pool<$db>) -> Result<i64, sqlx::Error> {
            sqlx::query_scalar("SELECT COUNT(*) FROM inboxes")
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
            sqlx::query("DELETE FROM seen_signatures WHERE inbox_id = $1")
                .bind(id)
                .execute(&mut *conn)
                .await?;
            Ok(marked == 1)
        }

        /// Inserts a batch in three statements, whatever its size: remember the digests
        /// (a known one is a duplicate), advance each inbox's `last_seq` by its number of
        /// new webhooks, insert the events with consecutive numbers in batch order. The
        /// caller holds the write transaction; at most `MAX_BATCH` items.
        async fn insert_items(
            conn: &mut Conn,
            items: &[Incoming],
        ) -> Result<Vec<Outcome>, sqlx::Error> {
            use std::collections::{BTreeMap, HashMap, HashSet};

            let mut remember = sqlx::QueryBuilder::<$db>::new(
                "INSERT INTO seen_signatures (inbox_id, digest, seen_at) ",
            );
            remember.push_values(items, |mut row, item| {
                row.push_bind(item.inbox_id.clone())
                    .push_bind(item.digest.to_vec())
                    .push_bind(item.received_at);
            });
            remember.push(" ON CONFLICT DO NOTHING RETURNING inbox_id, digest");
            let mut fresh: HashSet<(String, Vec<u8>)> = remember
                .build_query_as::<(String, Vec<u8>)>()
                .persistent(false)
                .fetch_all(&mut *conn)
                .await?
                .into_iter()
                .collect();
            // The first of several equal items in a batch is the one that was inserted.
            let is_fresh: Vec<bool> = items
                .iter()
                .map(|item| fresh.remove(&(item.inbox_id.clone(), item.digest.to_vec())))
                .collect();

            let mut counts: BTreeMap<&str, i64> = BTreeMap::new();
            for (item, _) in items.iter().zip(&is_fresh).filter(|(_, f)| **f) {
                *counts.entry(item.inbox_id.as_str()).or_default() += 1;
            }
            let mut next_seq: HashMap<String, i64> = HashMap::new();
            if !counts.is_empty() {
                let mut advance = sqlx::QueryBuilder::<$db>::new(
                    "UPDATE inboxes SET last_seq = last_seq + CASE id",
                );
                for (id, n) in &counts {
                    advance.push(" WHEN ").push_bind(id.to_string());
                    advance.push(" THEN ").push_bind(*n);
                }
                advance.push(" ELSE 0 END WHERE deleted_at IS NULL AND id IN (");
                let mut ids = advance.separated(", ");
                for id in counts.keys() {
                    ids.push_bind(id.to_string());
                }
                advance.push(") RETURNING id, last_seq");
                for (id, last) in advance
                    .build_query_as::<(String, i64)>()
                    .persistent(false)
                    .fetch_all(&mut *conn)
                    .await?
                {
                    let n = counts.get(id.as_str()).copied().unwrap_or(0);
                    next_seq.insert(id, last - n + 1);
                }
            }

            let mut outcomes = Vec::with_capacity(items.len());
            let mut stored = Vec::new();
            for (item, fresh) in items.iter().zip(is_fresh) {
                let outcome = match next_seq.get_mut(&item.inbox_id) {
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
            if !stored.is_empty() {
                let mut insert = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO events (inbox_id, seq, received_at, body) ",
                );
                insert.push_values(stored, |mut row, (item, seq)| {
                    row.push_bind(item.inbox_id.clone())
                        .push_bind(seq)
                        .push_bind(item.received_at)
                        .push_bind(item.body.clone());
                });
                insert.build().persistent(false).execute(&mut *conn).await?;
            }
            Ok(outcomes)
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
            sqlx::query("DELETE FROM seen_signatures WHERE seen_at < $1")
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
