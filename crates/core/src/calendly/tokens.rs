//! Calendly access tokens: read from the OS keyring, refreshed ahead of expiry, one refresh
//! at a time.
//!
//! Calendly's refresh tokens are single use and rotate, so two refreshes racing with the
//! same refresh token end the session. Refreshing is therefore single flight twice over:
//! inside the process (an async mutex every caller waits on) and across processes sharing
//! the data directory (an exclusive lock file, e.g. the app and `quotla-cli`). After taking
//! the lock the keyring is read again — another process may have refreshed meanwhile — and
//! the new pair is persisted before anyone uses it.

use std::fs::{File, OpenOptions};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use calendly::oauth::{OAuthClient, TokenSet};
use calendly::Secret;
use quotla_secrets::{SecretHandle, SecretStore, SecretsError};
use time::OffsetDateTime;
use tokio::sync::Mutex;

/// Refresh when the access token has less than this left.
pub const REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);

/// Why no usable access token could be produced.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// No tokens are stored: never connected, disconnected, or lost (keyutils after a reboot).
    #[error("Calendly is not connected")]
    Missing,
    /// Calendly refused the refresh token: the user must connect again.
    #[error("Calendly needs to be reconnected")]
    ReconnectNeeded,
    /// The keyring could not be used.
    #[error(transparent)]
    Keyring(#[from] SecretsError),
    /// Calendly could not be asked (network, 5xx, rate limit); the stored pair is still good.
    #[error(transparent)]
    Calendly(calendly::Error),
    /// The lock file or the stored value could not be used.
    #[error("token storage failed: {0}")]
    Storage(String),
}

/// Hands out access tokens for one data directory's Calendly account.
pub struct TokenManager {
    secrets: Arc<SecretStore>,
    oauth: OAuthClient,
    lock_path: PathBuf,
    cached: Mutex<Option<TokenSet>>,
    /// Successful refreshes by this process, so callers can log them.
    refreshes: AtomicU64,
}

impl TokenManager {
    /// `lock_path` lives in the data directory, shared by every process using it.
    pub fn new(secrets: Arc<SecretStore>, oauth: OAuthClient, lock_path: PathBuf) -> Self {
        TokenManager {
            secrets,
            oauth,
            lock_path,
            cached: Mutex::new(None),
            refreshes: AtomicU64::new(0),
        }
    }

    /// Stores a freshly obtained token set (after the code exchange).
    pub async fn store(&self, tokens: TokenSet) -> Result<(), TokenError> {
        let mut cached = self.cached.lock().await;
        let _lock = self.lock_file().await?;
        self.write(&tokens).await?;
        *cached = Some(tokens);
        Ok(())
    }

    /// A valid access token, refreshing first if it expires within [`REFRESH_MARGIN`].
    pub async fn access_token(&self) -> Result<Secret, TokenError> {
        let mut cached = self.cached.lock().await;
        let now = OffsetDateTime::now_utc();
        if let Some(tokens) = cached.as_ref() {
            if !tokens.expires_within(now, REFRESH_MARGIN) {
                return Ok(tokens.access_token.clone());
            }
        }
        let _lock = self.lock_file().await?;
        let stored = self.read().await?.ok_or(TokenError::Missing)?;
        if !stored.expires_within(now, REFRESH_MARGIN) {
            let token = stored.access_token.clone();
            *cached = Some(stored);
            return Ok(token);
        }
        self.refresh_locked(&mut cached, &stored).await
    }

    /// Trades `stored`'s refresh token for a new pair and persists it; the caller holds the
    /// in-process mutex and the lock file.
    async fn refresh_locked(
        &self,
        cached: &mut Option<TokenSet>,
        stored: &TokenSet,
    ) -> Result<Secret, TokenError> {
        match self.oauth.refresh(stored).await {
            Ok(fresh) => {
                self.write(&fresh).await?;
                self.refreshes.fetch_add(1, Ordering::Relaxed);
                let token = fresh.access_token.clone();
                *cached = Some(fresh);
                Ok(token)
            }
            Err(err) if err.needs_reconnect() => {
                *cached = None;
                Err(TokenError::ReconnectNeeded)
            }
            Err(err) => Err(TokenError::Calendly(err)),
        }
    }

    /// A new access token after Calendly refused `rejected` (401): refreshes unless another
    /// caller or process already replaced that token meanwhile.
    pub async fn replace_rejected(&self, rejected: &Secret) -> Result<Secret, TokenError> {
        let mut cached = self.cached.lock().await;
        let _lock = self.lock_file().await?;
        let stored = self.read().await?.ok_or(TokenError::Missing)?;
        if stored.access_token.expose() != rejected.expose() {
            let token = stored.access_token.clone();
            *cached = Some(stored);
            return Ok(token);
        }
        self.refresh_locked(&mut cached, &stored).await
    }

    /// How many refreshes this process made.
    pub fn refreshes(&self) -> u64 {
        self.refreshes.load(Ordering::Relaxed)
    }

    /// Removes the tokens from the keyring and memory.
    pub async fn clear(&self) -> Result<(), TokenError> {
        let mut cached = self.cached.lock().await;
        let _lock = self.lock_file().await?;
        let secrets = self.secrets.clone();
        blocking(move || secrets.delete(SecretHandle::CalendlyTokens)).await??;
        *cached = None;
        Ok(())
    }

    async fn read(&self) -> Result<Option<TokenSet>, TokenError> {
        let secrets = self.secrets.clone();
        let Some(json) = blocking(move || secrets.get(SecretHandle::CalendlyTokens)).await?? else {
            return Ok(None);
        };
        // The value is ours; a broken one cannot be repaired, only reconnected.
        serde_json::from_str(&json)
            .map(Some)
            .map_err(|_| TokenError::Storage("stored Calendly tokens are unreadable".into()))
    }

    async fn write(&self, tokens: &TokenSet) -> Result<(), TokenError> {
        let json = serde_json::to_string(tokens)
            .map_err(|_| TokenError::Storage("could not encode Calendly tokens".into()))?;
        let secrets = self.secrets.clone();
        blocking(move || secrets.set(SecretHandle::CalendlyTokens, &json)).await??;
        Ok(())
    }

    /// Takes the data directory's exclusive token lock (blocking until other processes
    /// release it); dropping the file releases it.
    async fn lock_file(&self) -> Result<File, TokenError> {
        let path = self.lock_path.clone();
        blocking(move || {
            let file = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)?;
            file.lock()?;
            Ok::<_, std::io::Error>(file)
        })
        .await?
        .map_err(|err| TokenError::Storage(format!("token lock file: {err}")))
    }
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, TokenError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| TokenError::Storage("keyring task failed".into()))
}
