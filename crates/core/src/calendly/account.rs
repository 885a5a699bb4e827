//! What Quotla keeps about the connected Calendly account: who is connected, what was
//! granted and the cached event types. Never a token. The SQL is in `store::calendly_account`.

use calendly::oauth::Scopes;
use serde::{Deserialize, Serialize};
use specta::Type;

/// Whether the stored account can be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum AccountStatus {
    Connected,
    /// Calendly refused our tokens or they were lost: data is kept, the user reconnects.
    ReconnectNeeded,
}

/// The connected account as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, sqlx::FromRow)]
pub struct AccountFacts {
    pub user_uri: String,
    pub organization_uri: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub scheduling_url: Option<String>,
    pub timezone: Option<String>,
    /// Granted scopes as Calendly named them (`default` = legacy full access); crosses IPC
    /// as the space-separated `scope` value.
    #[specta(type = String)]
    #[sqlx(try_from = "String")]
    pub scopes: Scopes,
    pub status: AccountStatus,
    pub default_event_type_uri: Option<String>,
    /// When the event types were last fetched from Calendly.
    pub event_types_fetched_at: Option<String>,
    pub connected_at: String,
}

/// One cached event type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, sqlx::FromRow)]
pub struct EventTypeFacts {
    pub uri: String,
    pub name: String,
    pub scheduling_url: Option<String>,
    pub duration_minutes: Option<i64>,
    pub kind: Option<String>,
    pub active: bool,
}
