//! PostgreSQL backend for several relay processes on one database: `synchronous_commit=on`,
//! inbox rows locked in id order before a batch inserts (so commit order equals sequence
//! order per inbox and concurrent batches cannot deadlock), and NOTIFY on commit so long
//! polls parked on other processes wake up.

use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions};
use sqlx::{PgPool, Postgres};

super::shared_queries!(Postgres);

/// Channel on which a commit announces the inboxes it wrote to (payload: comma-separated ids).
pub const NOTIFY_CHANNEL: &str = "quotla_relay_events";
/// NOTIFY payloads must stay below 8000 bytes; ids are 32 bytes plus a comma.
const IDS_PER_NOTIFY: usize = 200;

#[derive(Debug, Clone)]
pub struct PgStore {
    pub(super) pool: PgPool,
    legacy: super::LegacySignatures,
}

impl PgStore {
    pub async fn open(url: &str, connections: u32) -> Result<Self, super::StoreError> {
        let options = PgConnectOptions::from_str(url)?.options([("synchronous_commit", "on")]);
        let pool = PgPoolOptions::new()
            .max_connections(connections.max(2))
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        let legacy = super::LegacySignatures::default();
        legacy.set(has_legacy_signatures(&pool).await?);
        Ok(Self { pool, legacy })
    }

    /// A listener on the commit channel, for the wake-up task.
    pub async fn listener(&self) -> Result<PgListener, sqlx::Error> {
        let mut listener = PgListener::connect_with(&self.pool).await?;
        listener.listen(NOTIFY_CHANNEL).await?;
        Ok(listener)
    }

    pub async fn durability(&self) -> Result<String, super::StoreError> {
        let mut settings = Vec::new();
        for name in ["synchronous_commit", "fsync", "wal_sync_method"] {
            let value: String = sqlx::query_scalar(&format!("SHOW {name}"))
                .fetch_one(&self.pool)
                .await?;
            settings.push(format!("{name}={value}"));
        }
        Ok(format!("postgres {}, group commit", settings.join(" ")))
    }

    pub async fn delete_inbox(&self, id: &str, now: i64) -> Result<bool, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        lock_inboxes(&mut tx, vec![id.to_owned()]).await?;
        let deleted = tombstone(&mut tx, id, now).await?;
        tx.commit().await?;
        Ok(deleted)
    }

    pub async fn write_batch(&self, items: &[Incoming]) -> Result<Vec<Outcome>, sqlx::Error> {
        let mut ids: Vec<String> = items.iter().map(|i| i.inbox_id.clone()).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut tx = self.pool.begin().await?;
        lock_inboxes(&mut tx, ids.clone()).await?;
        let outcomes = insert_items(&mut tx, items, self.legacy.pending()).await?;
        for chunk in ids.chunks(IDS_PER_NOTIFY) {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(NOTIFY_CHANNEL)
                .bind(chunk.join(","))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(outcomes)
    }

    /// Stops looking up legacy signatures once the retention passes (of any process) have
    /// expired them all; no row is ever added there again.
    pub async fn forget_legacy_when_empty(&self) -> Result<(), sqlx::Error> {
        if self.legacy.pending() {
            self.legacy.set(has_legacy_signatures(&self.pool).await?);
        }
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Locks the inbox rows in id order; held until commit, so a second writer for the same
/// inbox (in this or another process) allocates its sequence numbers after this commit.
async fn lock_inboxes(conn: &mut Conn, sorted_ids: Vec<String>) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT id FROM inboxes WHERE id = ANY($1) ORDER BY id FOR UPDATE")
        .bind(sorted_ids)
        .fetch_all(&mut *conn)
        .await
        .map(drop)
}
