//! The sync engine's state row and its log.

use sqlx::SqliteConnection;

use super::Store;
use crate::error::Result;

/// Keep this many log entries at most …
const LOG_KEEP_ROWS: i64 = 2_000;
/// … and none older than this many days.
const LOG_KEEP_DAYS: i64 = 30;

/// The `sync_state` row.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct SyncState {
    pub relay_url: Option<String>,
    pub inbox_id: Option<String>,
    pub webhook_url: Option<String>,
    /// The Calendly user the inbox is bound to; `None` for an unbound inbox.
    pub inbox_user: Option<String>,
    pub relay_cursor: i64,
    pub subscription_uri: Option<String>,
    pub subscription_state: Option<String>,
    /// Why sync runs by polling (an error code such as `calendly_plan_required`).
    pub polling_reason: Option<String>,
    pub reconcile_watermark: Option<String>,
    pub last_reconcile_at: Option<String>,
    pub last_push_at: Option<String>,
    pub last_error_code: Option<String>,
    pub last_error_message: Option<String>,
    pub last_error_at: Option<String>,
}

/// What kind of thing a log entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, specta::Type, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum SyncLogKind {
    Connected,
    TokenRefreshed,
    EventApplied,
    EventSkipped,
    Reconcile,
    SubscriptionRepaired,
    InboxRegistered,
    Error,
}

/// One log entry, as Settings shows it: a kind and a message naming invitee URIs and
/// error codes, never a payload or a token.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, specta::Type, sqlx::FromRow)]
pub struct SyncLogEntry {
    /// RFC 3339 UTC.
    pub at: String,
    pub kind: SyncLogKind,
    pub message: String,
}

/// Appends a log entry on the caller's connection.
pub(crate) async fn log(
    conn: &mut SqliteConnection,
    at: &str,
    kind: SyncLogKind,
    message: &str,
) -> Result<()> {
    let message: String = message.chars().take(300).collect();
    sqlx::query("INSERT INTO sync_log (at, kind, message) VALUES (?, ?, ?)")
        .bind(at)
        .bind(kind)
        .bind(message)
        .execute(conn)
        .await?;
    Ok(())
}

/// Moves the relay cursor forward (never back) on the caller's connection.
pub(crate) async fn advance_cursor(conn: &mut SqliteConnection, cursor: i64) -> Result<()> {
    sqlx::query("UPDATE sync_state SET relay_cursor = MAX(relay_cursor, ?) WHERE id = 1")
        .bind(cursor)
        .execute(conn)
        .await?;
    Ok(())
}

impl Store {
    /// The sync engine's state.
    pub async fn sync_state(&self) -> Result<SyncState> {
        Ok(sqlx::query_as(
            "SELECT relay_url, inbox_id, webhook_url, inbox_user, relay_cursor, subscription_uri,
                    subscription_state, polling_reason, reconcile_watermark, last_reconcile_at,
                    last_push_at, last_error_code, last_error_message, last_error_at
             FROM sync_state WHERE id = 1",
        )
        .fetch_one(&self.pool())
        .await?)
    }

    /// Records this desktop's relay inbox (a new one starts at cursor 0).
    pub async fn set_sync_inbox(
        &self,
        relay_url: Option<&str>,
        inbox: Option<(&str, &str)>,
        inbox_user: Option<&str>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE sync_state SET relay_url = ?, inbox_id = ?, webhook_url = ?, inbox_user = ?,
                relay_cursor = 0 WHERE id = 1",
        )
        .bind(relay_url)
        .bind(inbox.map(|i| i.0))
        .bind(inbox.map(|i| i.1))
        .bind(inbox_user)
        .execute(&self.pool())
        .await?;
        Ok(())
    }

    /// Records the webhook subscription (URI and state) and, when sync must poll, why.
    pub async fn set_sync_subscription(
        &self,
        uri: Option<&str>,
        state: Option<&str>,
        polling_reason: Option<&str>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE sync_state SET subscription_uri = ?, subscription_state = ?, polling_reason = ?
             WHERE id = 1",
        )
        .bind(uri)
        .bind(state)
        .bind(polling_reason)
        .execute(&self.pool())
        .await?;
        Ok(())
    }

    /// Records a finished reconcile and its new watermark.
    pub async fn set_sync_reconciled(&self, watermark: Option<&str>) -> Result<()> {
        sqlx::query(
            "UPDATE sync_state SET reconcile_watermark = COALESCE(?, reconcile_watermark),
                last_reconcile_at = ? WHERE id = 1",
        )
        .bind(watermark)
        .bind(self.now_text())
        .execute(&self.pool())
        .await?;
        Ok(())
    }

    /// Records the last sync error (`None` clears it) and logs it.
    pub async fn set_sync_error(&self, error: Option<(&str, &str)>) -> Result<()> {
        let now = self.now_text();
        let mut conn = self.pool().acquire().await?;
        sqlx::query(
            "UPDATE sync_state SET last_error_code = ?, last_error_message = ?, last_error_at = ?
             WHERE id = 1",
        )
        .bind(error.map(|e| e.0))
        .bind(error.map(|e| e.1))
        .bind(error.map(|_| now.clone()))
        .execute(&mut *conn)
        .await?;
        if let Some((code, message)) = error {
            log(
                &mut conn,
                &now,
                SyncLogKind::Error,
                &format!("{code}: {message}"),
            )
            .await?;
        }
        Ok(())
    }

    /// Forgets the inbox, the subscription and the watermark (after disconnecting).
    pub async fn clear_sync_state(&self) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM sync_state")
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO sync_state (id) VALUES (1)")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Appends a log entry and prunes old ones.
    pub async fn sync_log(&self, kind: SyncLogKind, message: &str) -> Result<()> {
        let now = self.now();
        let mut conn = self.pool().acquire().await?;
        log(
            &mut conn,
            &crate::dates::format_timestamp(now),
            kind,
            message,
        )
        .await?;
        let cutoff = now
            .checked_sub(jiff::SignedDuration::from_hours(24 * LOG_KEEP_DAYS))
            .unwrap_or(now);
        sqlx::query(
            "DELETE FROM sync_log WHERE at < ?
                OR id <= (SELECT id FROM sync_log ORDER BY id DESC LIMIT 1 OFFSET ?)",
        )
        .bind(crate::dates::format_timestamp(cutoff))
        .bind(LOG_KEEP_ROWS)
        .execute(&mut *conn)
        .await?;
        Ok(())
    }

    /// The newest log entries, newest first.
    pub async fn sync_log_entries(&self, limit: i64) -> Result<Vec<SyncLogEntry>> {
        Ok(
            sqlx::query_as("SELECT at, kind, message FROM sync_log ORDER BY id DESC LIMIT ?")
                .bind(limit.clamp(1, LOG_KEEP_ROWS))
                .fetch_all(&self.pool())
                .await?,
        )
    }
}
