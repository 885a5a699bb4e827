//! Small app-wide switches and overrides (key → value): whether Calendly is on, the user's
//! time zone, the advanced connection settings.

use std::collections::HashMap;

use super::Store;
use crate::Result;

const CALENDLY_ENABLED_KEY: &str = "calendly.enabled";
const MEETING_ALERTS_KEY: &str = "notifications.meetings";

impl Store {
    /// Reads one app setting.
    pub async fn app_setting(&self, key: &str) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT value FROM app_settings WHERE key = ?")
                .bind(key)
                .fetch_optional(&self.pool())
                .await?,
        )
    }

    /// Every app setting whose key starts with `prefix`.
    pub async fn app_settings_with_prefix(&self, prefix: &str) -> Result<HashMap<String, String>> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT key, value FROM app_settings WHERE substr(key, 1, length(?1)) = ?1",
        )
        .bind(prefix)
        .fetch_all(&self.pool())
        .await?;
        Ok(rows.into_iter().collect())
    }

    /// Writes (or with `None` removes) one app setting.
    pub async fn set_app_setting(&self, key: &str, value: Option<&str>) -> Result<()> {
        let query = match value {
            Some(value) => sqlx::query(
                "INSERT INTO app_settings (key, value) VALUES (?, ?)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(key)
            .bind(value),
            None => sqlx::query("DELETE FROM app_settings WHERE key = ?").bind(key),
        };
        query.execute(&self.pool()).await?;
        Ok(())
    }

    /// Whether the Calendly integration is switched on (it is unless the user turned it off).
    pub async fn calendly_enabled(&self) -> Result<bool> {
        Ok(self.app_setting(CALENDLY_ENABLED_KEY).await?.as_deref() != Some("false"))
    }

    /// Switches the Calendly integration on or off; off hides every Calendly element.
    pub async fn set_calendly_enabled(&self, enabled: bool) -> Result<()> {
        let value = if enabled { "true" } else { "false" };
        self.set_app_setting(CALENDLY_ENABLED_KEY, Some(value))
            .await
    }

    /// Whether new, moved and canceled meetings raise a desktop notification (on unless the
    /// user turned it off).
    pub async fn meeting_alerts_enabled(&self) -> Result<bool> {
        Ok(self.app_setting(MEETING_ALERTS_KEY).await?.as_deref() != Some("false"))
    }

    /// Whether a desktop notification may be shown now: the switch is on and so is the
    /// whole integration (whose card holds the switch, hidden while it is off).
    pub async fn meeting_alerts_wanted(&self) -> Result<bool> {
        Ok(self.calendly_enabled().await? && self.meeting_alerts_enabled().await?)
    }

    /// Switches meeting notifications on or off.
    pub async fn set_meeting_alerts_enabled(&self, enabled: bool) -> Result<()> {
        let value = if enabled { "true" } else { "false" };
        self.set_app_setting(MEETING_ALERTS_KEY, Some(value)).await
    }
}
