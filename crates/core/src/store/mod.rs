//! The local SQLite store: one file, WAL, foreign keys on, migrations from `migrations/`.

mod activity;
mod app_settings;
mod backup;
mod calendly_account;
mod clients;
mod dashboard;
mod documents;
mod invoices;
mod meeting_links;
mod meeting_sync;
mod meetings;
mod paging;
mod quotes;
mod scheduling_links;
pub mod seed;
mod settings;
mod sheets;
mod sync_state;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, RwLock as SyncRwLock};
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use time::Date;
use tokio::sync::{watch, OwnedRwLockReadGuard, RwLock};

pub use clients::check_client;
pub use meeting_sync::{Applied, ApplyReport};
pub use meetings::EventSeen;
pub use sheets::{Pdf, Purpose};
pub use sync_state::{SyncLogEntry, SyncLogKind, SyncState};

use crate::clock::{self, Clock};
use crate::error::Result;
use crate::zone::{AppContext, UserZone};

/// `PRAGMA application_id` of every Quotla database ("QTLA"), checked on restore.
pub const APPLICATION_ID: i32 = 0x5154_4C41;

/// The migrations compiled into this build.
pub(crate) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

/// The database file inside a data directory, for the app and `quotla-cli` alike.
pub const DATABASE_FILE: &str = "quotla.db";

/// App setting holding the user's chosen time zone (absent: `TZ`, then the OS's).
const TIME_ZONE_KEY: &str = "time_zone";

/// Handle to the database file. Cheap to clone; all clones share one pool, and a restore
/// swaps that pool under every clone, so long-lived work (a sync worker, a token refresh)
/// continues on the restored database instead of keeping a closed one.
#[derive(Clone)]
pub struct Store {
    shared: Arc<Shared>,
}

struct Shared {
    path: PathBuf,
    clock: Arc<dyn Clock>,
    pool: SyncRwLock<SqlitePool>,
    zone: SyncRwLock<UserZone>,
    /// Units of work hold it shared ([`Store::work`]); a restore holds it exclusively, so
    /// it waits for them to finish and new ones wait for the swap.
    gate: Arc<RwLock<()>>,
    /// Counts restores, so background work can notice it now runs on another database.
    restores: watch::Sender<u64>,
}

/// Proof that no restore swaps the database until it is dropped.
pub type WorkGuard = OwnedRwLockReadGuard<()>;

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.shared.path)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` and migrates it, with the system
    /// clock and the user's zone (setting, `TZ`, OS).
    pub async fn open(path: impl AsRef<Path>) -> Result<Store> {
        Store::open_with_clock(path, clock::system()).await
    }

    /// Opens (creating both if needed) the database of the data directory `dir`.
    pub async fn open_in(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir)?;
        Store::open(dir.join(DATABASE_FILE)).await
    }

    /// Opens the database with the given clock.
    pub async fn open_with_clock(path: impl AsRef<Path>, clock: Arc<dyn Clock>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        let pool = open_pool(&path).await?;
        let zone = load_zone(&pool).await?;
        Ok(Store {
            shared: Arc::new(Shared {
                path,
                clock,
                pool: SyncRwLock::new(pool),
                zone: SyncRwLock::new(zone),
                gate: Arc::new(RwLock::new(())),
                restores: watch::Sender::new(0),
            }),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.shared.path
    }

    /// The current instant according to the store's clock.
    pub fn now(&self) -> jiff::Timestamp {
        self.shared.clock.now()
    }

    /// The user's time zone.
    pub fn zone(&self) -> UserZone {
        self.shared
            .zone
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Today's date in the user's time zone.
    pub fn today(&self) -> Date {
        let day = self.zone().date_of(self.now());
        crate::dates::from_civil(day)
    }

    /// The current instant as stored: fixed-width RFC 3339 UTC.
    pub(crate) fn now_text(&self) -> String {
        crate::dates::format_timestamp(self.now())
    }

    /// The zone and today's date, as the UI formats with them.
    pub fn app_context(&self) -> AppContext {
        let zone = self.zone();
        AppContext {
            time_zone: zone.name().to_string(),
            time_zone_source: zone.source(),
            today: crate::dates::format_date(self.today()),
        }
    }

    /// Saves (or with `None` clears) the user's time zone and starts using it at once.
    pub async fn set_time_zone(&self, name: Option<&str>) -> Result<AppContext> {
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        let zone = match name {
            Some(name) => UserZone::named(name, crate::zone::TimeZoneSource::Setting)?,
            None => UserZone::from_environment(None),
        };
        let stored = name.map(|_| zone.name().to_string());
        self.set_app_setting(TIME_ZONE_KEY, stored.as_deref())
            .await?;
        *self.shared.zone.write().unwrap_or_else(|e| e.into_inner()) = zone;
        Ok(self.app_context())
    }

    /// The connection pool in use now (a restore replaces it).
    pub fn pool(&self) -> SqlitePool {
        self.shared
            .pool
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Holds off a restore until the returned guard is dropped. Work that must not be cut
    /// in half by a database swap (applying a sync batch with its cursor) runs under it;
    /// it waits while a restore is under way.
    pub async fn work(&self) -> WorkGuard {
        self.shared.gate.clone().read_owned().await
    }

    /// Changes each time a restore swapped the database in, so background work can
    /// re-check what it keeps in memory (cursors, account) against the restored file.
    pub fn restores(&self) -> watch::Receiver<u64> {
        self.shared.restores.subscribe()
    }

    /// Checkpoints the WAL and closes every connection.
    pub async fn close(&self) {
        close_pool(&self.pool()).await;
    }

    /// Begins a write transaction that takes the write lock up front (`BEGIN IMMEDIATE`), so
    /// read-then-write sequences such as numbering cannot interleave.
    pub(crate) async fn write_tx(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
        Ok(self.pool().begin_with("BEGIN IMMEDIATE").await?)
    }
}

/// Opens and migrates the database at `path`.
async fn open_pool(path: &Path) -> Result<SqlitePool> {
    let pool = connect(path, true).await?;
    if let Err(e) = MIGRATOR.run(&pool).await {
        pool.close().await;
        return Err(e.into());
    }
    sqlx::query(&format!("PRAGMA application_id = {APPLICATION_ID}"))
        .execute(&pool)
        .await?;
    clients::backfill_search_keys(&pool).await?;
    tracing::info!(path = %path.display(), "database open");
    Ok(pool)
}

async fn close_pool(pool: &SqlitePool) {
    if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(pool)
        .await
    {
        tracing::warn!(error = %e, "checkpoint before close failed");
    }
    pool.close().await;
}

/// The user's zone as this database's setting, `TZ` and the OS choose it.
async fn load_zone(pool: &SqlitePool) -> Result<UserZone> {
    let saved: Option<String> = sqlx::query_scalar("SELECT value FROM app_settings WHERE key = ?")
        .bind(TIME_ZONE_KEY)
        .fetch_optional(pool)
        .await?;
    Ok(UserZone::from_environment(saved.as_deref()))
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
