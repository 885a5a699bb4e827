//! What the Integrations page shows about Calendly. Built from the account's facts, the
//! granted scopes and the settings; never contains a token.

use calendly::oauth::{Scope, Scopes};
use quotla_core::calendly::account::{AccountFacts, AccountStatus, EventTypeFacts};
use quotla_core::calendly::settings::SettingValue;
use serde::Serialize;
use specta::Type;

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

/// A Calendly feature of Quotla and whether the granted scopes allow it.
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
    /// This build (or the advanced settings) has a client id to connect with.
    pub configured: bool,
    pub state: ConnectionState,
    pub account: Option<AccountFacts>,
    pub event_types: Vec<EventTypeFacts>,
    pub features: Vec<FeatureAccess>,
    pub keyring: Option<KeyringInfo>,
    /// A relay is configured (live updates and revocation go through it).
    pub relay_configured: bool,
    /// The advanced connection settings with where each value came from.
    pub settings: Vec<SettingValue>,
}

/// What Quotla does with Calendly, and the scopes each needs.
pub fn features(granted: &Scopes) -> Vec<FeatureAccess> {
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
            FeatureAccess {
                feature: feature.into(),
                available: missing.is_empty(),
                reason: (!missing.is_empty()).then(|| {
                    format!(
                        "Calendly did not grant {}. Reconnect and allow it to use this.",
                        missing.join(", ")
                    )
                }),
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

    #[test]
    fn a_legacy_default_token_unlocks_everything() {
        assert!(features(&Scopes::parse("default"))
            .iter()
            .all(|f| f.available));
    }

    #[test]
    fn missing_scopes_are_named_in_the_reason() {
        let granted = Scopes::parse("users:read event_types:read scheduled_events:read");
        let got = features(&granted);
        let links = got
            .iter()
            .find(|f| f.feature == "Send booking links")
            .expect("feature");
        assert!(!links.available);
        assert!(links
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("scheduling_links:write")));
        let meetings = got
            .iter()
            .find(|f| f.feature == "Show meetings")
            .expect("feature");
        assert!(meetings.available, "read scope is enough to show meetings");
        let live = got
            .iter()
            .find(|f| f.feature == "Live updates")
            .expect("feature");
        assert!(!live.available);
    }

    #[test]
    fn write_scope_implies_read() {
        let got = features(&Scopes::parse("scheduled_events:write"));
        assert!(got
            .iter()
            .find(|f| f.feature == "Show meetings")
            .is_some_and(|f| f.available));
    }
}
