//! The local SQLite store: one file, WAL, foreign keys on, migrations from `migrations/`.

mod activity;
mod backup;
mod clients;
mod dashboard;
mod documents;
mod invoices;
mod quotes;
mod settings;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use time::Date;

use crate::error::Result;

/// `PRAGMA application_id` of every Quotla database ("QTLA"), checked on restore.
pub const APPLICATION_ID: i32 = 0x5154_4C41;

/// The migrations compiled into this build.
pub(crate) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

/// Supplies "today" in the user's local time zone; derived statuses depend on it.
pub type Clock = Arc<dyn Fn() -> Date + Send + Sync>;

/// Handle to the database file. Cheap to clone; all clones share one pool.
#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
    path: PathBuf,
    clock: Clock,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` and migrates it, with a UTC clock.
    pub async fn open(path: impl AsRef<Path>) -> Result<Store> {
        Store::open_with_clock(path, Arc::new(crate::dates::today_utc)).await
    }

    /// Opens the database with the given "today" clock.
    pub async fn open_with_clock(path: impl AsRef<Path>, clock: Clock) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        let pool = connect(&path, true).await?;
        if let Err(e) = MIGRATOR.run(&pool).await {
            pool.close().await;
            return Err(e.into());
        }
        sqlx::query(&format!("PRAGMA application_id = {APPLICATION_ID}"))
            .execute(&pool)
            .await?;
        tracing::info!(path = %path.display(), "database open");
        Ok(Store { pool, path, clock })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Today's date according to the store's clock.
    pub fn today(&self) -> Date {
        (self.clock)()
    }

    /// The connection pool, for tests and maintenance.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Checkpoints the WAL and closes every connection.
    pub async fn close(&self) {
        if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await
        {
            tracing::warn!(error = %e, "checkpoint before close failed");
        }
        self.pool.close().await;
    }

    /// Begins a write transaction that takes the write lock up front (`BEGIN IMMEDIATE`), so
    /// read-then-write sequences such as numbering cannot interleave.
    pub(crate) async fn write_tx(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }
}

/// Opens a pool on `path` with Quotla's pragmas.
async fn connect(path: &Path, create: bool) -> Result<SqlitePool> {
    let options = SqliteConnectOptions::from_str("sqlite://")?
        .filename(path)
        .create_if_missing(create)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    Ok(SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await?)
}

/// Escapes `%`, `_` and `\` for a `LIKE ... ESCAPE '\'` pattern that matches `needle` anywhere.
pub(crate) fn like_pattern(needle: &str) -> String {
    let mut out = String::with_capacity(needle.len() + 2);
    out.push('%');
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}
