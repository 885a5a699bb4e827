//! Connecting, using and disconnecting the Calendly account.
//!
//! The app holds one [`CalendlyConnection`] per data directory. It starts connection
//! attempts (PKCE + `state`, the browser opens the returned URL), completes them from the
//! `quotla://` callback, hands out API clients with fresh tokens, and disconnects. Tokens
//! stay in the keyring; SQLite gets the account's facts only.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex as SyncMutex};
use std::time::Instant;

use calendly::client::{CalendlyClient, EventTypesQuery};
use calendly::oauth::{OAuthClient, OAuthConfig, Scopes, TokenSet};
use calendly::Secret;
use quotla_secrets::{SecretHandle, SecretStore};
use relay_client::RelayClient;
use tokio::sync::Mutex;

use super::account::{AccountFacts, AccountStatus, EventTypeFacts};
use super::error::ConnectError;
use super::flows::PendingFlows;
use super::settings::ConnectionSettings;
use super::tokens::{TokenError, TokenManager};
use crate::deep_link::OAuthCallback;
use crate::store::SyncLogKind;
use crate::Store;

/// Where to revoke Quotla's access by hand when no relay could do it.
const MANUAL_REVOKE_HINT: &str = "To remove Quotla's access completely, open Calendly → Integrations & apps → Quotla and choose Remove.";

/// What disconnecting did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct DisconnectOutcome {
    /// Quotla's access was revoked at Calendly.
    pub revoked: bool,
    /// What the user should do at Calendly when it was not.
    pub hint: Option<String>,
}

/// One Calendly API call, boxed so callers can pass closures that borrow nothing.
pub type ApiFuture<T> = Pin<Box<dyn Future<Output = Result<T, calendly::Error>> + Send>>;

/// The clients built for one set of connection settings.
struct Session {
    settings: ConnectionSettings,
    oauth: OAuthClient,
    tokens: Arc<TokenManager>,
    api: CalendlyClient,
    /// Refreshes already written to the sync log.
    logged_refreshes: AtomicU64,
}

/// The Calendly integration of one data directory.
pub struct CalendlyConnection {
    secrets: Arc<SecretStore>,
    /// This profile's tag, leading every `state` so callbacks find their way back.
    profile: String,
    lock_path: PathBuf,
    flows: SyncMutex<PendingFlows>,
    session: Mutex<Option<Arc<Session>>>,
    /// A redirect URI of this process's own (the CLI's loopback listener), in place of the
    /// configured one.
    redirect_override: SyncMutex<Option<String>>,
}

impl CalendlyConnection {
    /// Opens the integration for `data_dir` with its keyring store.
    pub fn new(data_dir: &Path, secrets: Arc<SecretStore>) -> Self {
        CalendlyConnection {
            secrets,
            profile: crate::profile::tag(data_dir),
            lock_path: data_dir.join("calendly-tokens.lock"),
            flows: SyncMutex::new(PendingFlows::default()),
            session: Mutex::new(None),
            redirect_override: SyncMutex::new(None),
        }
    }

    /// Uses `redirect_uri` for connection attempts instead of the configured one (RFC 8252
    /// loopback redirects of the CLI).
    pub fn use_redirect(&self, redirect_uri: &str) {
        *self
            .redirect_override
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(redirect_uri.to_string());
    }

    /// The keyring in use (the UI warns when it does not survive a reboot).
    pub fn secrets(&self) -> &SecretStore {
        &self.secrets
    }

    /// Starts a connection attempt and returns the authorize URL for the system browser.
    pub async fn begin(&self, store: &Store) -> Result<url::Url, ConnectError> {
        let session = self.session(store).await?;
        let request = session.oauth.authorize(
            &Scopes::product(),
            &crate::profile::state_prefix(&self.profile),
        );
        let url = request.url.clone();
        self.flows().start(request, Instant::now());
        Ok(url)
    }

    /// True while a connection attempt waits for its callback.
    pub fn attempt_pending(&self) -> bool {
        self.flows().any_waiting(Instant::now())
    }

    /// Forgets pending attempts (the user cancelled in the app).
    pub fn cancel_attempts(&self) {
        self.flows().clear();
    }

    /// Completes an attempt from its callback: checks `state`, exchanges the code, stores
    /// the tokens in the keyring and the account's facts in SQLite.
    pub async fn complete(
        &self,
        store: &Store,
        callback: OAuthCallback,
    ) -> Result<AccountFacts, ConnectError> {
        let state = callback.state().ok_or(ConnectError::LinkRejected(
            "the link does not belong to a connection attempt".into(),
        ))?;
        let request = self
            .flows()
            .take(state, Instant::now())
            .map_err(|err| ConnectError::LinkRejected(err.to_string()))?;
        let code = match callback {
            OAuthCallback::Approved { code, .. } => code,
            OAuthCallback::Failed { error, .. } if error == "access_denied" => {
                return Err(ConnectError::Denied)
            }
            OAuthCallback::Failed { error, .. } => {
                return Err(ConnectError::AuthorizationFailed(error))
            }
        };
        let session = self.session(store).await?;
        let tokens = session
            .oauth
            .exchange_code(&code, &request.pkce_verifier, &request.scopes)
            .await
            .map_err(|err| match err {
                calendly::Error::InvalidGrant { .. } => ConnectError::LinkRejected(
                    "Calendly says the authorization expired or was already used".into(),
                ),
                other => ConnectError::from_calendly(other),
            })?;
        let scopes = tokens.scopes.clone();
        session.tokens.store(tokens).await?;

        match self.fetch_account(store, &session, scopes).await {
            Ok(facts) => {
                let logged = store
                    .sync_log(
                        SyncLogKind::Connected,
                        &format!("connected {}", facts.user_uri),
                    )
                    .await;
                if let Err(err) = logged {
                    tracing::warn!(error = %err, "sync log not written");
                }
                Ok(facts)
            }
            Err(err) => {
                // Without the account's facts the tokens are of no use: do not keep them.
                session.tokens.clear().await.ok();
                Err(err)
            }
        }
    }

    async fn fetch_account(
        &self,
        store: &Store,
        session: &Arc<Session>,
        scopes: Scopes,
    ) -> Result<AccountFacts, ConnectError> {
        let user = Self::call_with(session.clone(), |api| {
            Box::pin(async move { api.current_user().await })
        })
        .await?;
        let facts = AccountFacts {
            user_uri: user.uri.clone(),
            organization_uri: user.current_organization.clone(),
            name: user.name.clone(),
            email: user.email.clone(),
            scheduling_url: user.scheduling_url.clone(),
            timezone: user.timezone.clone(),
            scopes,
            status: AccountStatus::Connected,
            default_event_type_uri: None,
            event_types_fetched_at: None,
            connected_at: String::new(),
        };
        store.save_calendly_account(&facts).await?;
        // Event types are a convenience: a missing scope or an outage must not undo the
        // connection, the user can refresh them later.
        if let Err(err) = self.refresh_event_types(store).await {
            tracing::warn!(error = %err, "event types not fetched after connecting");
        }
        store
            .calendly_account()
            .await?
            .ok_or(ConnectError::NotConnected)
    }

    /// Fetches the user's active event types into the cache; sets the first as default
    /// when none is chosen yet.
    pub async fn refresh_event_types(
        &self,
        store: &Store,
    ) -> Result<Vec<EventTypeFacts>, ConnectError> {
        let account = store
            .calendly_account()
            .await?
            .ok_or(ConnectError::NotConnected)?;
        let query = EventTypesQuery::active_of_user(account.user_uri.clone());
        let types = self
            .call(store, |api| {
                let query = query.clone();
                Box::pin(async move { api.event_types(&query).all().await })
            })
            .await?;
        let facts: Vec<EventTypeFacts> = types
            .into_iter()
            .map(|t| EventTypeFacts {
                uri: t.uri,
                name: t.name.unwrap_or_else(|| "Untitled event type".into()),
                scheduling_url: t.scheduling_url,
                duration_minutes: t.duration.map(i64::from),
                kind: t.kind.map(|k| k.as_str().to_string()),
                active: t.active,
            })
            .collect();
        store.replace_calendly_event_types(&facts).await?;
        if account.default_event_type_uri.is_none() {
            if let Some(first) = facts.first() {
                store
                    .set_calendly_default_event_type(Some(&first.uri))
                    .await?;
            }
        }
        Ok(facts)
    }

    /// Runs one API call with a fresh token. A 401 means the access token was refused
    /// (expired early or rotated elsewhere): it is replaced once and the call retried.
    pub async fn call<T, F>(&self, store: &Store, request: F) -> Result<T, ConnectError>
    where
        F: Fn(CalendlyClient) -> ApiFuture<T>,
    {
        let session = self.session(store).await?;
        let result = Self::call_with(session.clone(), request).await;
        // Each refresh is logged once, by whichever caller sees it first.
        let refreshes = session.tokens.refreshes();
        if session.logged_refreshes.swap(refreshes, Ordering::Relaxed) < refreshes {
            // Best effort: a full log must not turn a call that happened into a failure.
            let logged = store
                .sync_log(
                    SyncLogKind::TokenRefreshed,
                    "Calendly access token refreshed",
                )
                .await;
            if let Err(err) = logged {
                tracing::warn!(error = %err, "sync log not written");
            }
        }
        if matches!(result, Err(ConnectError::ReconnectNeeded)) {
            store
                .set_calendly_status(AccountStatus::ReconnectNeeded)
                .await?;
        }
        result
    }

    async fn call_with<T, F>(session: Arc<Session>, request: F) -> Result<T, ConnectError>
    where
        F: Fn(CalendlyClient) -> ApiFuture<T>,
    {
        // Clones of the client share its token: concurrent calls all use the newest one.
        let token = session.tokens.access_token().await?;
        session.api.set_access_token(token.clone());
        match request(session.api.clone()).await {
            Err(calendly::Error::Unauthenticated { .. }) => {
                let fresh = session.tokens.replace_rejected(&token).await?;
                session.api.set_access_token(fresh);
                request(session.api.clone())
                    .await
                    .map_err(ConnectError::from_calendly)
            }
            other => other.map_err(ConnectError::from_calendly),
        }
    }

    /// At start-up: an account whose tokens are gone (keyutils after a reboot, a wiped
    /// keyring) is shown as "reconnect needed" instead of failing on first use.
    pub async fn check_tokens_present(&self, store: &Store) -> Result<(), ConnectError> {
        let Some(account) = store.calendly_account().await? else {
            return Ok(());
        };
        if account.status == AccountStatus::Connected {
            let present = self
                .keyring(|s| s.get(SecretHandle::CalendlyTokens))
                .await?
                .is_some();
            if !present {
                tracing::warn!("Calendly tokens missing from the keyring; reconnect needed");
                store
                    .set_calendly_status(AccountStatus::ReconnectNeeded)
                    .await?;
            }
        }
        Ok(())
    }

    /// Forgets the connection locally: the Calendly tokens and the relay token leave the
    /// keyring, the account's facts and cached event types leave SQLite. The sync engine
    /// calls it last when disconnecting, after the subscription, the revocation and the
    /// inbox; `revoked` says whether Calendly took Quotla's access back.
    pub async fn forget(
        &self,
        store: &Store,
        revoked: bool,
    ) -> Result<DisconnectOutcome, ConnectError> {
        if let Some(session) = self.session.lock().await.take() {
            session.tokens.clear().await?;
        } else {
            self.keyring(|s| s.delete(SecretHandle::CalendlyTokens))
                .await?;
        }
        self.keyring(|s| s.delete(SecretHandle::RelayConsumerToken))
            .await?;
        self.cancel_attempts();
        store.delete_calendly_account().await?;
        Ok(DisconnectOutcome {
            revoked,
            hint: (!revoked).then(|| MANUAL_REVOKE_HINT.into()),
        })
    }

    /// The settings in force (also used by the caller to reach the relay).
    pub async fn settings(&self, store: &Store) -> Result<ConnectionSettings, ConnectError> {
        let mut settings = ConnectionSettings::resolve(store).await?.0;
        if let Some(redirect) = self
            .redirect_override
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
        {
            settings.redirect_uri = redirect;
        }
        Ok(settings)
    }

    /// The clients for the current settings, rebuilt when the settings changed.
    async fn session(&self, store: &Store) -> Result<Arc<Session>, ConnectError> {
        let settings = self.settings(store).await?;
        let mut current = self.session.lock().await;
        if let Some(session) = current.as_ref() {
            if session.settings == settings {
                return Ok(session.clone());
            }
        }
        let client_id = settings
            .client_id
            .clone()
            .ok_or(ConnectError::NotConfigured)?;
        let config = OAuthConfig::new(client_id, &settings.auth_base, &settings.redirect_uri)
            .map_err(ConnectError::from_calendly)?;
        let oauth = OAuthClient::new(config).map_err(ConnectError::from_calendly)?;
        let api = CalendlyClient::new(&settings.api_base, Secret::new(String::new()))
            .map_err(ConnectError::from_calendly)?;
        let tokens = Arc::new(TokenManager::new(
            self.secrets.clone(),
            oauth.clone(),
            self.lock_path.clone(),
        ));
        let session = Arc::new(Session {
            settings,
            oauth,
            tokens,
            api,
            logged_refreshes: AtomicU64::new(0),
        });
        *current = Some(session.clone());
        Ok(session)
    }

    /// Runs a blocking keyring call off the async runtime.
    pub(crate) async fn keyring<T: Send + 'static>(
        &self,
        call: impl FnOnce(&SecretStore) -> Result<T, quotla_secrets::SecretsError> + Send + 'static,
    ) -> Result<T, ConnectError> {
        let secrets = self.secrets.clone();
        tokio::task::spawn_blocking(move || call(&secrets))
            .await
            .map_err(|_| ConnectError::Internal("keyring task failed".into()))?
            .map_err(|e| TokenError::from(e).into())
    }

    /// Revokes the stored Calendly tokens through the relay (which holds the client secret)
    /// with this desktop's still-bound inbox. True when every token was revoked.
    pub async fn revoke_tokens(&self, relay: &RelayClient, consumer: &Secret) -> bool {
        let Ok(Some(tokens)) = self.keyring(|s| s.get(SecretHandle::CalendlyTokens)).await else {
            return false;
        };
        let Ok(tokens) = serde_json::from_str::<TokenSet>(&tokens) else {
            return false;
        };
        let mut revoked = true;
        for token in tokens.refresh_token.iter().chain([&tokens.access_token]) {
            if let Err(err) = relay.revoke(consumer, token).await {
                tracing::warn!(error = %err, "could not revoke a Calendly token through the relay");
                revoked = false;
            }
        }
        revoked
    }

    fn flows(&self) -> std::sync::MutexGuard<'_, PendingFlows> {
        self.flows.lock().unwrap_or_else(|e| e.into_inner())
    }
}
