//! Backup with `VACUUM INTO` (a consistent copy while the app runs) and restore that
//! validates the file first and keeps the current database until the new one is open.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{ConnectOptions, Connection, SqliteConnection};

use sqlx::SqlitePool;

use super::{close_pool, load_zone, open_pool, Store, APPLICATION_ID, MIGRATOR};
use crate::error::{CoreError, Result};
use crate::model::{BackupResult, BackupSummary};

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// `path` with `suffix` appended to its file name (`quotla.db` → `quotla.db-wal`).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name: OsString = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Moves a database file together with its WAL and shared-memory files, if present.
fn move_database(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::rename(from, to)?;
    for suffix in ["-wal", "-shm"] {
        // SQLite removes these when the last connection closes, which may happen while
        // the files are moved: one that is gone was checkpointed and is not needed.
        match std::fs::rename(with_suffix(from, suffix), with_suffix(to, suffix)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// Removes a database file and its WAL and shared-memory files, ignoring missing ones.
fn remove_database(path: &Path) {
    for p in [
        path.to_path_buf(),
        with_suffix(path, "-wal"),
        with_suffix(path, "-shm"),
    ] {
        if let Err(e) = std::fs::remove_file(&p) {
            if e.kind() != std::io::ErrorKind::NotFound {
                tracing::warn!(path = %p.display(), error = %e, "could not remove file");
            }
        }
    }
}

fn invalid(message: impl Into<String>) -> CoreError {
    CoreError::InvalidBackup(message.into())
}

/// Checks that `path` is an intact Quotla database this version can open.
async fn validate_candidate(path: &Path) -> Result<()> {
    let mut header = [0u8; 16];
    let read = std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut header));
    if read.is_err() || &header != SQLITE_HEADER {
        return Err(invalid(
            "this file is not a Quotla backup (it is not an SQLite database)",
        ));
    }
    let options = SqliteConnectOptions::from_str("sqlite://")?
        .filename(path)
        .create_if_missing(false)
        .journal_mode(SqliteJournalMode::Delete);
    let mut conn = options
        .connect()
        .await
        .map_err(|e| invalid(format!("this backup cannot be opened: {e}")))?;
    let result = inspect(&mut conn).await;
    let _ = conn.close().await;
    result
}

async fn inspect(conn: &mut SqliteConnection) -> Result<()> {
    let damaged = |e: sqlx::Error| invalid(format!("this backup is damaged: {e}"));
    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut *conn)
        .await
        .map_err(damaged)?;
    if integrity != ["ok"] {
        return Err(invalid(
            "this backup is damaged (the integrity check failed)",
        ));
    }
    let application_id: i32 = sqlx::query_scalar("PRAGMA application_id")
        .fetch_one(&mut *conn)
        .await
        .map_err(damaged)?;
    if application_id != APPLICATION_ID {
        return Err(invalid(
            "this file is an SQLite database, but not a Quotla backup",
        ));
    }
    let applied: Vec<(i64, Vec<u8>, bool)> =
        sqlx::query_as("SELECT version, checksum, success FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&mut *conn)
            .await
            .map_err(|_| invalid("this file is not a Quotla backup (it has no schema history)"))?;
    let newest_known = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
    for (version, checksum, success) in applied {
        if version > newest_known {
            return Err(invalid(
                "this backup was made by a newer version of Quotla; update Quotla to restore it",
            ));
        }
        let known = MIGRATOR.iter().find(|m| m.version == version);
        match known {
            Some(m) if success && m.checksum.as_ref() == checksum.as_slice() => {}
            _ => {
                return Err(invalid(
                    "this backup has a database schema Quotla does not recognise",
                ))
            }
        }
    }
    Ok(())
}

/// Copies a backup to `staged` beside the database and validates the copy, so the user's
/// file is never opened or changed; the copy is removed again when it is not usable.
async fn stage_and_validate(source: &Path, staged: &Path) -> Result<()> {
    remove_database(staged);
    if let Err(e) = std::fs::copy(source, staged) {
        remove_database(staged);
        return Err(if e.kind() == std::io::ErrorKind::NotFound {
            invalid("the backup file does not exist")
        } else {
            e.into()
        });
    }
    let valid = validate_candidate(staged).await;
    if valid.is_err() {
        remove_database(staged);
    }
    valid
}

/// Counts what a validated backup holds.
async fn summarize(path: &Path) -> Result<BackupSummary> {
    let options = SqliteConnectOptions::from_str("sqlite://")?
        .filename(path)
        .create_if_missing(false)
        .read_only(true);
    let mut conn = options
        .connect()
        .await
        .map_err(|e| invalid(format!("this backup cannot be opened: {e}")))?;
    // Backups made before meetings existed have no meetings table.
    let has_meetings: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meetings')",
    )
    .fetch_one(&mut conn)
    .await?;
    let meetings_count = if has_meetings {
        "(SELECT COUNT(*) FROM meetings)"
    } else {
        "0"
    };
    let (clients, quotes, invoices, meetings, last_change_at): (
        i64,
        i64,
        i64,
        i64,
        Option<String>,
    ) = sqlx::query_as(&format!(
        "SELECT (SELECT COUNT(*) FROM clients), (SELECT COUNT(*) FROM quotes),
                (SELECT COUNT(*) FROM invoices), {meetings_count},
                (SELECT MAX(t) FROM (SELECT MAX(updated_at) AS t FROM clients
                    UNION ALL SELECT MAX(updated_at) FROM quotes
                    UNION ALL SELECT MAX(updated_at) FROM invoices))"
    ))
    .fetch_one(&mut conn)
    .await?;
    let _ = conn.close().await;
    Ok(BackupSummary {
        file_modified_at: None,
        last_change_at,
        clients,
        quotes,
        invoices,
        meetings,
    })
}

impl Store {
    /// Checks a backup file the way a restore would and says what it holds, without
    /// touching the current data: the user confirms a restore knowing what it brings back.
    pub async fn inspect_backup(&self, source: &Path) -> Result<BackupSummary> {
        // A name of its own: two windows (or the CLI) may inspect at the same time.
        let staged = with_suffix(
            self.path(),
            &format!(".inspect-{:016x}", rand::random::<u64>()),
        );
        stage_and_validate(source, &staged).await?;
        let summary = summarize(&staged).await;
        remove_database(&staged);
        let mut summary = summary?;
        summary.file_modified_at = std::fs::metadata(source)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| jiff::Timestamp::try_from(t).ok())
            .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string());
        Ok(summary)
    }

    /// Writes a consistent copy of the database to `target` (replacing that file) while
    /// other connections keep working.
    pub async fn backup_to(&self, target: &Path) -> Result<BackupResult> {
        if target == self.path() {
            return Err(CoreError::field(
                "path",
                "choose a different file than the live database",
            ));
        }
        let partial = with_suffix(target, ".partial");
        remove_database(&partial);
        let written = sqlx::query("VACUUM INTO ?")
            .bind(partial.to_string_lossy().into_owned())
            .execute(&self.pool())
            .await;
        if let Err(e) = written {
            remove_database(&partial);
            return Err(e.into());
        }
        if let Err(e) = std::fs::rename(&partial, target) {
            remove_database(&partial);
            return Err(e.into());
        }
        let size_bytes = i64::try_from(std::fs::metadata(target)?.len()).unwrap_or(i64::MAX);
        tracing::info!(path = %target.display(), size_bytes, "backup written");
        Ok(BackupResult {
            path: target.to_string_lossy().into_owned(),
            size_bytes,
        })
    }

    /// Replaces the database with the backup at `source`.
    ///
    /// The backup is copied next to the database and validated (SQLite header, integrity
    /// check, Quotla application id, known schema version). Then the restore waits for
    /// running units of work ([`Store::work`]) and holds new ones back, closes the pool
    /// (in-flight queries finish first), swaps the files and opens the new pool under every
    /// clone of this store. The current file is put back if the new one fails to open.
    pub async fn restore_from(&self, source: &Path) -> Result<()> {
        let path = self.path().to_path_buf();
        let staged = with_suffix(&path, ".restore");
        stage_and_validate(source, &staged).await?;

        let _exclusive = self.shared.gate.write().await;
        let previous = with_suffix(&path, ".before-restore");
        remove_database(&previous);
        close_pool(&self.pool()).await;
        if let Err(e) = move_database(&path, &previous) {
            remove_database(&staged);
            self.swap_pool(open_pool(&path).await?).await?;
            return Err(e.into());
        }
        let opened = match move_database(&staged, &path) {
            Ok(()) => open_pool(&path).await,
            Err(e) => Err(e.into()),
        };
        match opened {
            Ok(pool) => {
                self.swap_pool(pool).await?;
                remove_database(&previous);
                self.shared.restores.send_modify(|n| *n += 1);
                tracing::info!(from = %source.display(), "database restored");
                Ok(())
            }
            Err(e) => {
                tracing::error!(error = %e, "restore failed; putting the previous database back");
                remove_database(&path);
                remove_database(&staged);
                move_database(&previous, &path)?;
                self.swap_pool(open_pool(&path).await?).await?;
                Err(e)
            }
        }
    }

    /// Puts `pool` in place for every clone and reloads what the store keeps from the
    /// database (the user's time zone).
    async fn swap_pool(&self, pool: SqlitePool) -> Result<()> {
        let zone = load_zone(&pool).await?;
        *self.shared.pool.write().unwrap_or_else(|e| e.into_inner()) = pool;
        *self.shared.zone.write().unwrap_or_else(|e| e.into_inner()) = zone;
        Ok(())
    }
}
