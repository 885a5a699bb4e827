//! The sync engine: turns Calendly's bookings, reschedules, cancellations and no-shows into
//! meetings attached to the right client, quote or invoice.
//!
//! Two paths feed it. The push path collects webhooks from this desktop's relay inbox and
//! applies each batch durably before acknowledging it ([`push`]). Reconcile lists scheduled
//! events from the API and fetches invitees only where something changed ([`reconcile`]);
//! it heals whatever push missed and is the only path on plans without webhooks. The
//! lifecycle of the inbox and the webhook subscription is in [`lifecycle`]; what a user
//! does to a meeting (cancel, no-show, booking links) in [`actions`]. The rules of applying
//! are pure, in [`rules`]; reading what arrives, in [`incoming`].

pub mod actions;
pub mod alerts;
pub mod incoming;
pub mod lifecycle;
pub mod push;
pub mod reconcile;
pub mod rules;

use std::sync::Arc;

use calendly::Secret;
use quotla_secrets::SecretHandle;
use relay_client::RelayClient;
use serde::Serialize;
use specta::Type;

use crate::calendly::account::{AccountFacts, AccountStatus};
use crate::calendly::{CalendlyConnection, ConnectError};
use crate::store::SyncState;
use crate::Store;

pub use crate::store::{Applied, ApplyReport};
use reconcile::{ReconcileProgress, ReconcileReport};

/// How meetings reach this desktop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SyncMode {
    /// Calendly is not connected.
    Off,
    /// Webhooks through the relay, within a second; reconcile heals gaps.
    Live,
    /// Reconcile only (no relay, or the plan or the granted scopes allow no webhooks).
    Polling,
    /// Something needs the user: reconnect, or the subscription could not be repaired.
    NeedsAttention,
}

/// How sync is doing: what `calendly status` prints and the Integrations card explains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SyncHealth {
    pub mode: SyncMode,
    /// Why the mode is not live, as an error code (e.g. `calendly_plan_required`).
    pub reason: Option<String>,
    pub subscription_state: Option<String>,
    pub last_reconcile_at: Option<String>,
    pub last_push_at: Option<String>,
    pub last_error: Option<String>,
}

impl SyncHealth {
    /// When meetings were last brought up to date, by either path.
    pub fn last_sync(&self) -> Option<String> {
        self.last_reconcile_at
            .clone()
            .max(self.last_push_at.clone())
    }
}

/// The sync engine of one data directory. The app and `quotla-cli` each build one over the
/// same store and connection; applying is idempotent, so two consumers of one inbox at once
/// (the app and a CLI run) never double a meeting.
pub struct SyncEngine {
    store: Store,
    calendly: Arc<CalendlyConnection>,
    /// The inbox and cursor this process last acknowledged: a batch committed by a
    /// process that died before acknowledging is acknowledged by the next one.
    acknowledged: std::sync::Mutex<(String, i64)>,
    /// The relay client last used, with its URL.
    relays: std::sync::Mutex<Option<(String, RelayClient)>>,
}

impl SyncEngine {
    pub fn new(store: Store, calendly: Arc<CalendlyConnection>) -> Self {
        SyncEngine {
            store,
            calendly,
            acknowledged: std::sync::Mutex::new((String::new(), 0)),
            relays: std::sync::Mutex::new(None),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn calendly(&self) -> &Arc<CalendlyConnection> {
        &self.calendly
    }

    /// The connected account, when it can be used.
    async fn account(&self) -> Result<Option<AccountFacts>, ConnectError> {
        Ok(self
            .store
            .calendly_account()
            .await?
            .filter(|a| a.status == AccountStatus::Connected))
    }

    /// The connected account or a typed error.
    async fn require_account(&self) -> Result<AccountFacts, ConnectError> {
        self.account().await?.ok_or(ConnectError::NotConnected)
    }

    /// The relay this desktop's inbox lives at: the one it was registered at, else the
    /// configured one.
    async fn relay(&self, state: &SyncState) -> Result<Option<RelayClient>, ConnectError> {
        let url = match &state.relay_url {
            Some(url) => url.clone(),
            None => match self.calendly.settings(&self.store).await?.relay_url {
                Some(url) => url,
                None => return Ok(None),
            },
        };
        self.relay_at(&url).map(Some)
    }

    /// A client for the relay at `url`, kept between calls: a long poll every few seconds
    /// reuses its connection instead of building a new HTTP client each time.
    fn relay_at(&self, url: &str) -> Result<RelayClient, ConnectError> {
        let mut cached = self.relays.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((at, client)) = cached.as_ref() {
            if at == url {
                return Ok(client.clone());
            }
        }
        let client = RelayClient::new(url).map_err(relay_error)?;
        *cached = Some((url.to_string(), client.clone()));
        Ok(client)
    }

    /// The relay consumer token from the keyring.
    async fn consumer_token(&self) -> Result<Option<Secret>, ConnectError> {
        Ok(self
            .calendly
            .keyring(|s| s.get(SecretHandle::RelayConsumerToken))
            .await?
            .map(Secret::new))
    }

    /// Mode, reason and last runs, for status displays.
    pub async fn status(&self) -> Result<SyncHealth, ConnectError> {
        Ok(health(&self.store).await?)
    }

    /// Keeps a failure in `sync_state` and the sync log, for status displays.
    pub async fn record_error(&self, err: &ConnectError) {
        tracing::warn!(error = %err, "Calendly sync");
        let recorded = self
            .store
            .set_sync_error(Some((&err.code().to_string(), &err.to_string())))
            .await;
        if let Err(e) = recorded {
            tracing::warn!(error = %e, "sync error not recorded");
        }
    }

    /// One round of keeping up, as the app's worker and `quotla-cli sync` run it: check
    /// and repair the push path (a check that fails is recorded and sync polls this
    /// round), then reconcile. Returns whether webhooks are live and what reconcile did;
    /// its failure is recorded too, its success clears the last error. `progress` follows
    /// the reconcile (see [`SyncEngine::reconcile`]).
    pub async fn check_and_reconcile(
        &self,
        progress: impl FnMut(ReconcileProgress),
    ) -> (bool, Result<ReconcileReport, ConnectError>) {
        let live = match self.ensure_push_path().await {
            Ok(path) => path.live,
            Err(err) => {
                self.record_error(&err).await;
                false
            }
        };
        let reconciled = self.reconcile(!live, progress).await;
        // Event types are fetched again each round (one call), so one deleted or switched
        // off in Calendly shows in Settings before a booking link fails on it.
        if reconciled.is_ok() {
            if let Err(err) = self.calendly.refresh_event_types(&self.store).await {
                tracing::debug!(error = %err, "event types not refreshed");
            }
        }
        match &reconciled {
            Ok(_) => {
                if let Err(e) = self.store.set_sync_error(None).await {
                    tracing::warn!(error = %e, "sync error not cleared");
                }
            }
            Err(err) => self.record_error(err).await,
        }
        (live, reconciled)
    }
}

/// Mode, reason and last runs of the store's sync, for status displays.
pub async fn health(store: &Store) -> crate::Result<SyncHealth> {
    let state = store.sync_state().await?;
    let account = store.calendly_account().await?;
    let (mode, reason) = match account {
        None => (SyncMode::Off, None),
        Some(a) if a.status == AccountStatus::ReconnectNeeded => (
            SyncMode::NeedsAttention,
            Some("calendly_reconnect_needed".to_string()),
        ),
        Some(_) => match (&state.subscription_state, &state.polling_reason) {
            (_, Some(reason)) => (SyncMode::Polling, Some(reason.clone())),
            (Some(s), None) if s == "active" && state.inbox_id.is_some() => (SyncMode::Live, None),
            (Some(s), None) => (SyncMode::NeedsAttention, Some(format!("subscription_{s}"))),
            (None, None) => (
                SyncMode::NeedsAttention,
                Some("subscription_missing".to_string()),
            ),
        },
    };
    Ok(SyncHealth {
        mode,
        reason,
        subscription_state: state.subscription_state,
        last_reconcile_at: state.last_reconcile_at,
        last_push_at: state.last_push_at,
        last_error: state
            .last_error_code
            .map(|c| format!("{c}: {}", state.last_error_message.unwrap_or_default())),
    })
}

/// A relay failure as the integration's error.
pub(crate) fn relay_error(err: relay_client::RelayError) -> ConnectError {
    ConnectError::RelayUnavailable(err.to_string())
}
