//! SQLite backend: one file, WAL with `synchronous=FULL` (a commit survives a power cut),
//! one writer connection and a pool of readers. WAL checkpoints run from a connection of
//! their own (see [`Checkpointer`]), so the writer's commits only append to the WAL.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{ConnectOptions, Connection, Sqlite, SqlitePool};

super::shared_queries!(Sqlite);

/// How long a statement waits for another process's write lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// WAL size (in pages) at which the writer checkpoints by itself after a commit. Only a
/// backstop: it then copies just the frames the background checkpointer has not, and it
/// bounds the WAL if that checkpointer stalls. It also lets the WAL restart from its
/// beginning under constant load, where a checkpoint racing the writer rarely finds every
/// frame copied at the moment the next write transaction begins.
const WAL_BACKSTOP_PAGES: u32 = 16_384;
/// Page cache of the writer connection, in KiB: the random-key index pages it updates
/// stay in memory instead of being read back from the WAL or the file at every commit.
const WRITER_CACHE_KIB: u32 = 16 * 1024;
/// How often the background checkpointer copies committed WAL frames into the database.
pub const CHECKPOINT_INTERVAL: Duration = Duration::from_millis(250);
/// How long an idle-time `TRUNCATE` checkpoint may wait for readers; it holds the write
/// lock meanwhile, so it gives up quickly and tries again at a later idle moment.
const CHECKPOINT_BUSY_TIMEOUT: Duration = Duration::from_millis(20);

#[derive(Debug, Clone)]
pub struct SqliteStore {
    /// A single connection: SQLite has one writer at a time anyway, and one connection
    /// makes write transactions queue in-process instead of spinning on SQLITE_BUSY.
    pub(super) write: SqlitePool,
    pub(super) read: SqlitePool,
    /// How to open further connections (the checkpointer's).
    options: Arc<SqliteConnectOptions>,
    legacy: super::LegacySignatures,
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
            .connect_with(
                options
                    .clone()
                    .pragma("wal_autocheckpoint", WAL_BACKSTOP_PAGES.to_string())
                    .pragma("cache_size", format!("-{WRITER_CACHE_KIB}")),
            )
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&write).await?;
        let options = options.create_if_missing(false);
        let read = SqlitePoolOptions::new()
            .max_connections(readers)
            .connect_with(options.clone())
            .await?;
        let legacy = super::LegacySignatures::default();
        legacy.set(has_legacy_signatures(&read).await?);
        Ok(Self {
            write,
            read,
            options: Arc::new(options),
            legacy,
        })
    }

    pub async fn durability(&self) -> Result<String, super::StoreError> {
        let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&self.write)
            .await?;
        let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(&self.write)
            .await?;
        let backstop: i64 = sqlx::query_scalar("PRAGMA wal_autocheckpoint")
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
            "sqlite journal_mode={journal} synchronous={synchronous} busy_timeout={}ms, group commit, \
             checkpoints every {}ms off the writer (writer backstop wal_autocheckpoint={backstop})",
            BUSY_TIMEOUT.as_millis(),
            CHECKPOINT_INTERVAL.as_millis()
        ))
    }

    /// Opens the connection that runs background checkpoints.
    pub async fn checkpointer(&self) -> Result<Checkpointer, sqlx::Error> {
        let conn = self
            .options
            .as_ref()
            .clone()
            .busy_timeout(CHECKPOINT_BUSY_TIMEOUT)
            .connect()
            .await?;
        Ok(Checkpointer {
            conn,
            data_version: None,
        })
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
        let outcomes = insert_items(&mut tx, items, self.legacy.pending()).await?;
        tx.commit().await?;
        Ok(outcomes)
    }

    /// Stops looking up legacy signatures once the retention pass has expired them all.
    pub async fn forget_legacy_when_empty(&self) -> Result<(), sqlx::Error> {
        if self.legacy.pending() {
            self.legacy.set(has_legacy_signatures(&self.write).await?);
        }
        Ok(())
    }

    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

/// What one checkpoint pass found and did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckpointReport {
    /// Frames in the WAL when the pass began.
    pub wal_frames: i64,
    /// Of those, frames now copied into the database file.
    pub checkpointed: i64,
    /// Whether the WAL was truncated to zero bytes (done only when nothing was committed
    /// since the previous pass and every frame was already copied).
    pub truncated: bool,
}

/// A connection of its own that copies committed WAL frames into the database file, so the
/// writer's commit path never does. Checkpoints change no data and keep `synchronous=FULL`
/// (the database file is synced before the WAL may be reused): durability is unchanged.
#[derive(Debug)]
pub struct Checkpointer {
    conn: SqliteConnection,
    /// `PRAGMA data_version` at the previous pass; it changes whenever another
    /// connection commits, so an unchanged value means the relay was idle meanwhile.
    data_version: Option<i64>,
}

impl Checkpointer {
    /// One `PASSIVE` checkpoint (it never waits for, nor blocks, the writer or readers);
    /// when the relay was idle since the previous pass and the WAL is fully copied, also a
    /// `TRUNCATE` so an idle relay leaves no large WAL file behind.
    pub async fn pass(&mut self) -> Result<CheckpointReport, sqlx::Error> {
        let version: i64 = sqlx::query_scalar("PRAGMA data_version")
            .fetch_one(&mut self.conn)
            .await?;
        let idle = self.data_version.replace(version) == Some(version);
        let (busy, wal_frames, checkpointed): (i64, i64, i64) =
            sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
                .fetch_one(&mut self.conn)
                .await?;
        let mut truncated = false;
        if idle && busy == 0 && wal_frames > 0 && checkpointed == wal_frames {
            let (busy, _, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
                .fetch_one(&mut self.conn)
                .await?;
            truncated = busy == 0;
        }
        Ok(CheckpointReport {
            wal_frames,
            checkpointed,
            truncated,
        })
    }

    pub async fn close(self) -> Result<(), sqlx::Error> {
        self.conn.close().await
    }
}
