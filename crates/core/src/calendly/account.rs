//! The Calendly account's facts in SQLite: who is connected, what was granted, the cached
//! event types and the integration's settings. Never a token.

use serde::{Deserialize, Serialize};
use specta::Type;
use sqlx::Row;

use crate::dates::now_timestamp;
use crate::{Result, Store};

/// Whether the stored account can be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    Connected,
    /// Calendly refused our tokens or they were lost: data is kept, the user reconnects.
    ReconnectNeeded,
}

impl AccountStatus {
    fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Connected => "connected",
            AccountStatus::ReconnectNeeded => "reconnect_needed",
        }
    }
}

/// How webhooks reach this account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum WebhookStatus {
    /// A webhook subscription delivers through the relay.
    Live,
    /// No subscription (free plan, no relay): changes arrive by polling.
    PollingOnly,
    /// The subscription failed or was disabled.
    NeedsAttention,
}

/// The connected account as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AccountFacts {
    pub user_uri: String,
    pub organization_uri: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub scheduling_url: Option<String>,
    pub timezone: Option<String>,
    /// Granted scopes as Calendly named them (`default` = legacy full access).
    pub scopes: Vec<String>,
    pub status: AccountStatus,
    pub default_event_type_uri: Option<String>,
    pub webhook_status: WebhookStatus,
    pub last_sync_at: Option<String>,
    pub connected_at: String,
}

/// One cached event type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct EventTypeFacts {
    pub uri: String,
    pub name: String,
    pub scheduling_url: Option<String>,
    pub duration_minutes: Option<i64>,
    pub kind: Option<String>,
    pub active: bool,
}

const ENABLED_KEY: &str = "calendly.enabled";

impl Store {
    /// The stored account, if any.
    pub async fn calendly_account(&self) -> Result<Option<AccountFacts>> {
        let row = sqlx::query(
            "SELECT user_uri, organization_uri, name, email, scheduling_url, timezone, scopes,
                    status, default_event_type_uri, webhook_status, last_sync_at, connected_at
             FROM calendly_account WHERE id = 1",
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|row| AccountFacts {
            user_uri: row.get("user_uri"),
            organization_uri: row.get("organization_uri"),
            name: row.get("name"),
            email: row.get("email"),
            scheduling_url: row.get("scheduling_url"),
            timezone: row.get("timezone"),
            scopes: row
                .get::<String, _>("scopes")
                .split_whitespace()
                .map(str::to_string)
                .collect(),
            status: match row.get::<String, _>("status").as_str() {
                "connected" => AccountStatus::Connected,
                _ => AccountStatus::ReconnectNeeded,
            },
            default_event_type_uri: row.get("default_event_type_uri"),
            webhook_status: match row.get::<String, _>("webhook_status").as_str() {
                "live" => WebhookStatus::Live,
                "needs_attention" => WebhookStatus::NeedsAttention,
                _ => WebhookStatus::PollingOnly,
            },
            last_sync_at: row.get("last_sync_at"),
            connected_at: row.get("connected_at"),
        }))
    }

    /// Saves the account after a successful connection. Reconnecting the same user keeps
    /// the chosen default event type; another user replaces everything.
    pub async fn save_calendly_account(&self, facts: &AccountFacts) -> Result<()> {
        let now = now_timestamp();
        let mut tx = self.write_tx().await?;
        let previous: Option<(String, Option<String>)> = sqlx::query_as(
            "SELECT user_uri, default_event_type_uri FROM calendly_account WHERE id = 1",
        )
        .fetch_optional(&mut *tx)
        .await?;
        let default_event_type = match previous {
            Some((user, default)) if user == facts.user_uri => default,
            Some(_) => {
                // Another Calendly user: the previous account's event types are not theirs.
                sqlx::query("DELETE FROM calendly_event_types")
                    .execute(&mut *tx)
                    .await?;
                facts.default_event_type_uri.clone()
            }
            None => facts.default_event_type_uri.clone(),
        };
        sqlx::query(
            "INSERT INTO calendly_account (id, user_uri, organization_uri, name, email,
                 scheduling_url, timezone, scopes, status, default_event_type_uri,
                 webhook_status, last_sync_at, connected_at, updated_at)
             VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'polling_only', NULL, ?, ?)
             ON CONFLICT (id) DO UPDATE SET
                 user_uri = excluded.user_uri, organization_uri = excluded.organization_uri,
                 name = excluded.name, email = excluded.email,
                 scheduling_url = excluded.scheduling_url, timezone = excluded.timezone,
                 scopes = excluded.scopes, status = excluded.status,
                 default_event_type_uri = excluded.default_event_type_uri,
                 connected_at = excluded.connected_at, updated_at = excluded.updated_at",
        )
        .bind(&facts.user_uri)
        .bind(&facts.organization_uri)
        .bind(&facts.name)
        .bind(&facts.email)
        .bind(&facts.scheduling_url)
        .bind(&facts.timezone)
        .bind(facts.scopes.join(" "))
        .bind(facts.status.as_str())
        .bind(default_event_type)
        .bind(&now)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Marks the account as needing a reconnect (tokens refused or lost); data is kept.
    pub async fn set_calendly_status(&self, status: AccountStatus) -> Result<()> {
        sqlx::query("UPDATE calendly_account SET status = ?, updated_at = ? WHERE id = 1")
            .bind(status.as_str())
            .bind(now_timestamp())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Records a finished sync.
    pub async fn set_calendly_synced(&self) -> Result<()> {
        sqlx::query("UPDATE calendly_account SET last_sync_at = ?, updated_at = ? WHERE id = 1")
            .bind(now_timestamp())
            .bind(now_timestamp())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Removes the account and its cached event types (disconnect).
    pub async fn delete_calendly_account(&self) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM calendly_event_types")
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM calendly_account")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replaces the cached event types, keeping Calendly's order.
    pub async fn replace_calendly_event_types(&self, types: &[EventTypeFacts]) -> Result<()> {
        let now = now_timestamp();
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM calendly_event_types")
            .execute(&mut *tx)
            .await?;
        for (position, t) in types.iter().enumerate() {
            sqlx::query(
                "INSERT INTO calendly_event_types
                     (uri, name, scheduling_url, duration_minutes, kind, active, position, fetched_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&t.uri)
            .bind(&t.name)
            .bind(&t.scheduling_url)
            .bind(t.duration_minutes)
            .bind(&t.kind)
            .bind(t.active)
            .bind(position as i64)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        }
        // A default that no longer exists is cleared rather than kept dangling.
        sqlx::query(
            "UPDATE calendly_account SET default_event_type_uri = NULL
             WHERE default_event_type_uri IS NOT NULL
               AND default_event_type_uri NOT IN (SELECT uri FROM calendly_event_types)",
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The cached event types in Calendly's order.
    pub async fn calendly_event_types(&self) -> Result<Vec<EventTypeFacts>> {
        let rows = sqlx::query(
            "SELECT uri, name, scheduling_url, duration_minutes, kind, active
             FROM calendly_event_types ORDER BY position",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| EventTypeFacts {
                uri: row.get("uri"),
                name: row.get("name"),
                scheduling_url: row.get("scheduling_url"),
                duration_minutes: row.get("duration_minutes"),
                kind: row.get("kind"),
                active: row.get("active"),
            })
            .collect())
    }

    /// Chooses the default event type; it must be one of the cached ones.
    pub async fn set_calendly_default_event_type(&self, uri: Option<&str>) -> Result<()> {
        if let Some(uri) = uri {
            let known: Option<i64> =
                sqlx::query_scalar("SELECT 1 FROM calendly_event_types WHERE uri = ?")
                    .bind(uri)
                    .fetch_optional(self.pool())
                    .await?;
            if known.is_none() {
                return Err(crate::CoreError::field(
                    "default_event_type_uri",
                    "Choose one of your Calendly event types.",
                ));
            }
        }
        let updated = sqlx::query(
            "UPDATE calendly_account SET default_event_type_uri = ?, updated_at = ? WHERE id = 1",
        )
        .bind(uri)
        .bind(now_timestamp())
        .execute(self.pool())
        .await?;
        if updated.rows_affected() == 0 {
            return Err(crate::CoreError::InvalidState(
                "Calendly is not connected.".into(),
            ));
        }
        Ok(())
    }

    /// Whether the Calendly integration is switched on (it is unless the user turned it off).
    pub async fn calendly_enabled(&self) -> Result<bool> {
        Ok(self.app_setting(ENABLED_KEY).await?.as_deref() != Some("false"))
    }

    /// Switches the Calendly integration on or off; off hides every Calendly element.
    pub async fn set_calendly_enabled(&self, enabled: bool) -> Result<()> {
        self.set_app_setting(ENABLED_KEY, Some(if enabled { "true" } else { "false" }))
            .await
    }

    /// Reads one app setting.
    pub async fn app_setting(&self, key: &str) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT value FROM app_settings WHERE key = ?")
                .bind(key)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Every app setting whose key starts with `prefix`.
    pub async fn app_settings_with_prefix(
        &self,
        prefix: &str,
    ) -> Result<std::collections::HashMap<String, String>> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT key, value FROM app_settings WHERE substr(key, 1, length(?1)) = ?1",
        )
        .bind(prefix)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().collect())
    }

    /// Writes (or with `None` removes) one app setting.
    pub async fn set_app_setting(&self, key: &str, value: Option<&str>) -> Result<()> {
        match value {
            Some(value) => {
                sqlx::query(
                    "INSERT INTO app_settings (key, value) VALUES (?, ?)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )
                .bind(key)
                .bind(value)
                .execute(self.pool())
                .await?
            }
            None => {
                sqlx::query("DELETE FROM app_settings WHERE key = ?")
                    .bind(key)
                    .execute(self.pool())
                    .await?
            }
        };
        Ok(())
    }
}
