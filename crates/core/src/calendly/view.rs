//! What the Integrations page shows about Calendly, decided here so every front end tells
//! the same story: the connection state, what the granted scopes allow, and how meetings
//! reach Quotla. Built from the account's facts and the settings; never contains a token.

use calendly::oauth::{Scope, Scopes};
use serde::Serialize;
use specta::Type;

use super::account::{AccountFacts, AccountStatus, EventTypeFacts};
use super::settings::{ConnectionSettings, SettingValue};
use super::{CalendlyConnection, ConnectError};
use crate::Store;

/// The card's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionState {
    NotConnected,
    /// The browser is open; waiting for the `quotla://` callback.
    Connecting,
    Connected,
    ReconnectNeeded,
}

use crate::sync::SyncHealth;
pub use crate::sync::SyncMode;

/// The sync line of the card: the mode, a sentence that says what it means, and the
/// meetings kept on this device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SyncStatus {
    pub mode: SyncMode,
    pub summary: String,
    /// When meetings were last brought up to date (RFC 3339 UTC).
    pub last_sync: Option<String>,
    /// Meetings of the connected account stored here.
    pub meetings: i64,
    /// Meetings of an earlier, different Calendly account, kept apart; the user decides
    /// whether to keep or delete them.
    pub earlier_account_meetings: i64,
}

/// A Calendly feature of Quotla and whether it works now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct FeatureAccess {
    pub feature: String,
    pub available: bool,
    /// Why it is unavailable, e.g. the scope the user did not grant.
    pub reason: Option<String>,
}

/// Where tokens are kept, so the page can warn when they will not survive a reboot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct KeyringInfo {
    pub backend: String,
    pub survives_reboot: bool,
}

/// Everything the Calendly card needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CalendlyView {
    /// The user may switch the whole integration off; then no Calendly element shows.
    pub enabled: bool,
    /// New, moved and canceled meetings raise a desktop notification.
    pub notifications: bool,
    /// This build (or the advanced settings) has a client id to connect with.
    pub configured: bool,
    pub state: ConnectionState,
    pub account: Option<AccountFacts>,
    pub event_types: Vec<EventTypeFacts>,
    pub features: Vec<FeatureAccess>,
    pub sync: SyncStatus,
    pub keyring: Option<KeyringInfo>,
    /// A relay is configured (revocation, and later live updates, go through it).
    pub relay_configured: bool,
    /// The advanced connection settings with where each value came from.
    pub settings: Vec<SettingValue>,
}

impl CalendlyView {
    /// The card for this data directory; `connection` is `None` without a keyring.
    pub async fn load(
        store: &Store,
        connection: Option<&CalendlyConnection>,
    ) -> Result<Self, ConnectError> {
        let (settings, values): (ConnectionSettings, _) =
            ConnectionSettings::resolve(store).await?;
        let account = store.calendly_account().await?;
        let health = crate::sync::health(store).await?;
        let (meetings, earlier) = match &account {
            Some(a) => {
                let others: i64 = store
                    .meeting_users_other_than(&a.user_uri)
                    .await?
                    .iter()
                    .map(|(_, n)| n)
                    .sum();
                (store.meeting_count().await? - others, others)
            }
            None => (store.meeting_count().await?, 0),
        };
        let sync = sync_status(&health, meetings, earlier);
        let keyring = connection.map(|c| {
            let backend = c.secrets().backend();
            KeyringInfo {
                backend: backend.as_str().into(),
                survives_reboot: backend.survives_reboot(),
            }
        });
        Ok(CalendlyView {
            enabled: store.calendly_enabled().await?,
            notifications: store.meeting_alerts_enabled().await?,
            configured: settings.client_id.is_some() && connection.is_some(),
            state: state(
                account.as_ref(),
                connection.is_some_and(|c| c.attempt_pending()),
            ),
            features: account
                .as_ref()
                .map(|a| features(&a.scopes, &sync))
                .unwrap_or_default(),
            event_types: store.calendly_event_types().await?,
            account,
            sync,
            keyring,
            relay_configured: settings.relay_url.is_some(),
            settings: values,
        })
    }
}

/// The card's sync line from the engine's health.
pub fn sync_status(health: &SyncHealth, meetings: i64, earlier: i64) -> SyncStatus {
    let reason = health.reason.as_deref().unwrap_or("");
    let summary = match health.mode {
        SyncMode::Off => "Meetings are not synced: Calendly is not connected.",
        SyncMode::Live => "Bookings, changes, cancellations and no-shows arrive within seconds.",
        SyncMode::Polling => match reason {
            "calendly_plan_required" => {
                "Your Calendly plan does not include webhooks, so Quotla checks for changes every few minutes."
            }
            "calendly_scope_missing" => {
                "Calendly did not grant webhooks:write, so Quotla checks for changes every few minutes."
            }
            _ => "No webhook relay is configured, so Quotla checks for changes every few minutes.",
        },
        SyncMode::NeedsAttention => match reason {
            "calendly_reconnect_needed" => "Meetings are not syncing: reconnect Calendly.",
            "subscription_missing" if health.last_reconcile_at.is_none() => {
                "Setting up live updates…"
            }
            _ => "Live updates are being repaired; meanwhile meetings are checked every few minutes.",
        },
    };
    SyncStatus {
        mode: health.mode,
        summary: summary.into(),
        last_sync: health.last_sync(),
        meetings,
        earlier_account_meetings: earlier,
    }
}

/// What Quotla does with Calendly, and whether each works with these scopes and this sync.
pub fn features(granted: &Scopes, sync: &SyncStatus) -> Vec<FeatureAccess> {
    let table: [(&str, &[Scope]); 4] = [
        (
            "Send booking links",
            &[Scope::SCHEDULING_LINKS_WRITE, Scope::EVENT_TYPES_READ],
        ),
        ("Show meetings", &[Scope::SCHEDULED_EVENTS_READ]),
        (
            "Cancel meetings and mark no-shows",
            &[Scope::SCHEDULED_EVENTS_WRITE],
        ),
        ("Live updates", &[Scope::WEBHOOKS_WRITE]),
    ];
    table
        .into_iter()
        .map(|(feature, needs)| {
            let missing: Vec<&str> = needs
                .iter()
                .filter(|s| !granted.has(s))
                .map(Scope::as_str)
                .collect();
            let reason = if !missing.is_empty() {
                Some(format!(
                    "Calendly did not grant {}. Reconnect and allow it to use this.",
                    missing.join(", ")
                ))
            } else if needs.contains(&Scope::WEBHOOKS_WRITE) && sync.mode != SyncMode::Live {
                // One truth on the card: live updates work only while meetings sync live.
                Some(sync.summary.clone())
            } else {
                None
            };
            FeatureAccess {
                feature: feature.into(),
                available: reason.is_none(),
                reason,
            }
        })
        .collect()
}

/// The card's state from the stored account and whether an attempt is waiting.
pub fn state(account: Option<&AccountFacts>, attempt_pending: bool) -> ConnectionState {
    match account.map(|a| a.status) {
        Some(AccountStatus::Connected) => ConnectionState::Connected,
        Some(AccountStatus::ReconnectNeeded) if attempt_pending => ConnectionState::Connecting,
        Some(AccountStatus::ReconnectNeeded) => ConnectionState::ReconnectNeeded,
        None if attempt_pending => ConnectionState::Connecting,
        None => ConnectionState::NotConnected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn health(mode: SyncMode, reason: Option<&str>) -> SyncHealth {
        SyncHealth {
            mode,
            reason: reason.map(str::to_string),
            subscription_state: None,
            last_reconcile_at: Some("2025-06-15T12:00:00.000000Z".into()),
            last_push_at: None,
            last_error: None,
        }
    }

    fn polling() -> SyncStatus {
        sync_status(
            &health(SyncMode::Polling, Some("relay_not_configured")),
            0,
            0,
        )
    }

    fn feature<'a>(list: &'a [FeatureAccess], name: &str) -> &'a FeatureAccess {
        list.iter().find(|f| f.feature == name).expect("feature")
    }

    #[test]
    fn a_legacy_default_token_unlocks_every_scope() {
        let got = features(&Scopes::parse("default"), &polling());
        for name in [
            "Send booking links",
            "Show meetings",
            "Cancel meetings and mark no-shows",
        ] {
            assert!(feature(&got, name).available, "{name}");
        }
    }

    #[test]
    fn live_updates_are_ticked_only_while_webhooks_arrive() {
        let got = features(&Scopes::product(), &polling());
        let live = feature(&got, "Live updates");
        assert!(!live.available);
        assert_eq!(live.reason.as_deref(), Some(polling().summary.as_str()));
        let live_sync = sync_status(&health(SyncMode::Live, None), 3, 0);
        assert!(feature(&features(&Scopes::product(), &live_sync), "Live updates").available);
    }

    #[test]
    fn the_summary_names_why_sync_is_not_live() {
        for (reason, words) in [
            ("calendly_plan_required", "plan"),
            ("calendly_scope_missing", "webhooks:write"),
            ("relay_not_configured", "relay"),
        ] {
            let s = sync_status(&health(SyncMode::Polling, Some(reason)), 0, 0);
            assert!(s.summary.contains(words), "{reason}: {}", s.summary);
        }
        let s = sync_status(
            &health(SyncMode::NeedsAttention, Some("calendly_reconnect_needed")),
            0,
            0,
        );
        assert!(s.summary.contains("reconnect"));
    }

    #[test]
    fn missing_scopes_are_named_in_the_reason() {
        let granted = Scopes::parse("users:read event_types:read scheduled_events:read");
        let got = features(&granted, &polling());
        let links = feature(&got, "Send booking links");
        assert!(!links.available);
        assert!(links
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("scheduling_links:write")));
        assert!(feature(&got, "Show meetings").available);
        assert!(feature(&got, "Live updates")
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("webhooks:write")));
    }

    #[test]
    fn write_scope_implies_read() {
        let got = features(&Scopes::parse("scheduled_events:write"), &polling());
        assert!(feature(&got, "Show meetings").available);
    }

    #[test]
    fn the_state_follows_the_account_and_a_waiting_attempt() {
        assert_eq!(state(None, false), ConnectionState::NotConnected);
        assert_eq!(state(None, true), ConnectionState::Connecting);
    }
}
