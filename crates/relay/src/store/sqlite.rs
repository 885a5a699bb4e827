//! SQLite backend: one file, WAL with `synchronous=FULL` (a commit survives a power cut),
//! one writer connection and a pool of readers.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool};

super::shared_queries!(Sqlite);

/// How long a statement waits for another process's write lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone)]
pub struct SqliteStore {
    /// A single connection: SQLite has one writer at a time anyway, and one connection
    /// makes write transactions queue in-process instead of spinning on SQLITE_BUSY.
    pub(super) write: SqlitePool,
    pub(super) read: SqlitePool,
}

impl SqliteStore {
    pub async fn open(url: &str, readers: u32) -> Result<Self, super::StoreError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(BUSY_TIMEOUT)
            .foreign_keys(true);
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .connect_with(options.clone())
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&write).await?;
        let read = SqlitePoolOptions::new()
            .max_connections(readers)
            .connect_with(options.create_if_missing(false))
            .await?;
        Ok(Self { write, read })
    }

    pub async fn durability(&self) -> Result<String, super::StoreError> {
        let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&self.write)
            .await?;
        let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(&self.write)
            .await?;
        let synchronous = match synchronous {
            0 => "OFF",
            1 => "NORMAL",
            2 => "FULL",
            3 => "EXTRA",
            _ => "unknown",
        };
        Ok(format!(
            "sqlite journal_mode={journal} synchronous={synchronous} busy_timeout={}ms, group commit",
            BUSY_TIMEOUT.as_millis()
        ))
    }

    pub async fn delete_inbox(&self, id: &str, now: i64) -> Result<bool, sqlx::Error> {
        let mut tx = self.write.begin_with("BEGIN IMMEDIATE").await?;
        let deleted = tombstone(&mut tx, id, now).await?;
        tx.commit().await?;
        Ok(deleted)
    }

    /// `BEGIN IMMEDIATE` takes the write lock up front, so sequence numbers are allocated
    /// and committed by one writer at a time, also across processes sharing the file.
    pub async fn write_batch(&self, items: &[Incoming]) -> Result<Vec<Outcome>, sqlx::Error> {
        let mut tx = self.write.begin_with("BEGIN IMMEDIATE").await?;
        let outcomes = insert_items(&mut tx, items).await?;
        tx.commit().await?;
        Ok(outcomes)
    }

    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}
