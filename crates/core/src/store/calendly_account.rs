//! The Calendly account's facts and its cached event types.

use super::Store;
use crate::calendly::account::{AccountFacts, AccountStatus, EventTypeFacts};
use crate::{CoreError, Result};

impl Store {
    /// The stored account, if any.
    pub async fn calendly_account(&self) -> Result<Option<AccountFacts>> {
        Ok(sqlx::query_as(
            "SELECT user_uri, organization_uri, name, email, scheduling_url, timezone, scopes,
                    status, default_event_type_uri, event_types_fetched_at, connected_at
             FROM calendly_account WHERE id = 1",
        )
        .fetch_optional(&self.pool())
        .await?)
    }

    /// Saves the account after a successful connection. Reconnecting the same user keeps
    /// the chosen default event type; another user replaces everything.
    pub async fn save_calendly_account(&self, facts: &AccountFacts) -> Result<()> {
        let now = self.now_text();
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
                 event_types_fetched_at, connected_at, updated_at)
             VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)
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
        .bind(facts.scopes.to_string())
        .bind(facts.status)
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
            .bind(status)
            .bind(self.now_text())
            .execute(&self.pool())
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

    /// Replaces the cached event types, keeping Calendly's order, and records when.
    pub async fn replace_calendly_event_types(&self, types: &[EventTypeFacts]) -> Result<()> {
        let now = self.now_text();
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
            "UPDATE calendly_account SET event_types_fetched_at = ?1, updated_at = ?1,
                 default_event_type_uri = CASE
                     WHEN default_event_type_uri IN (SELECT uri FROM calendly_event_types)
                     THEN default_event_type_uri END
             WHERE id = 1",
        )
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The cached event types in Calendly's order.
    pub async fn calendly_event_types(&self) -> Result<Vec<EventTypeFacts>> {
        Ok(sqlx::query_as(
            "SELECT uri, name, scheduling_url, duration_minutes, kind, active
             FROM calendly_event_types ORDER BY position",
        )
        .fetch_all(&self.pool())
        .await?)
    }

    /// Records the Calendly organization the user belongs to now.
    pub async fn set_calendly_organization(&self, organization_uri: Option<&str>) -> Result<()> {
        sqlx::query(
            "UPDATE calendly_account SET organization_uri = ?, updated_at = ? WHERE id = 1",
        )
        .bind(organization_uri)
        .bind(self.now_text())
        .execute(&self.pool())
        .await?;
        Ok(())
    }

    /// Chooses the default event type; it must be one of the cached ones.
    pub async fn set_calendly_default_event_type(&self, uri: Option<&str>) -> Result<()> {
        if let Some(uri) = uri {
            let known: Option<i64> =
                sqlx::query_scalar("SELECT 1 FROM calendly_event_types WHERE uri = ?")
                    .bind(uri)
                    .fetch_optional(&self.pool())
                    .await?;
            if known.is_none() {
                return Err(CoreError::field(
                    "default_event_type_uri",
                    "Choose one of your Calendly event types.",
                ));
            }
        }
        let updated = sqlx::query(
            "UPDATE calendly_account SET default_event_type_uri = ?, updated_at = ? WHERE id = 1",
        )
        .bind(uri)
        .bind(self.now_text())
        .execute(&self.pool())
        .await?;
        if updated.rows_affected() == 0 {
            return Err(CoreError::InvalidState("Calendly is not connected.".into()));
        }
        Ok(())
    }
}
