//! The one place Quotla touches the OS keyring.
//!
//! Tokens (Calendly access + refresh pair, the relay consumer token) are stored by
//! [`SecretHandle`] in the platform store: Keychain on macOS, Credential Manager on Windows,
//! the Secret Service on Linux desktops and the kernel keyutils store where no Secret Service
//! runs (headless machines, CI). keyutils does not survive a reboot, so an account whose
//! tokens vanished asks the user to reconnect. The platform stores are enabled explicitly
//! in the workspace's `keyring` features: without them keyring silently falls back to an
//! in-memory mock that keeps nothing.
//!
//! Entries are namespaced by the data directory, so tests, the demo and `QUOTLA_DATA_DIR`
//! profiles never read or overwrite each other's tokens.

#[cfg(target_os = "linux")]
mod keyutils;

use std::fmt;
use std::path::Path;
use std::sync::mpsc;

use keyring::credential::CredentialBuilder;
use keyring::{Entry, Error as KeyringError};
use sha2::{Digest, Sha256};

/// The secrets Quotla keeps; nothing else can be stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretHandle {
    /// The Calendly token set (access token, refresh token, expiry, scopes) as one JSON value,
    /// so the pair is always replaced together.
    CalendlyTokens,
    /// The bearer token of this desktop's relay inbox.
    RelayConsumerToken,
}

impl SecretHandle {
    fn user(self) -> &'static str {
        match self {
            SecretHandle::CalendlyTokens => "calendly-tokens",
            SecretHandle::RelayConsumerToken => "relay-consumer-token",
        }
    }
}

/// Which platform store holds the secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// freedesktop Secret Service over D-Bus (GNOME Keyring, KWallet, KeePassXC).
    SecretService,
    /// Linux kernel keyutils (session + persistent keyrings); gone after a reboot.
    Keyutils,
    /// macOS Keychain.
    Keychain,
    /// Windows Credential Manager.
    CredentialManager,
}

impl Backend {
    /// Whether secrets in this store outlive a reboot.
    pub fn survives_reboot(self) -> bool {
        !matches!(self, Backend::Keyutils)
    }

    /// A stable name for logs and the UI.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::SecretService => "secret_service",
            Backend::Keyutils => "keyutils",
            Backend::Keychain => "keychain",
            Backend::CredentialManager => "credential_manager",
        }
    }

    /// Parses the names accepted in `QUOTLA_KEYRING_BACKEND`.
    pub fn parse(name: &str) -> Option<Backend> {
        match name {
            "secret_service" | "secret-service" => Some(Backend::SecretService),
            "keyutils" => Some(Backend::Keyutils),
            "keychain" => Some(Backend::Keychain),
            "credential_manager" | "credential-manager" => Some(Backend::CredentialManager),
            _ => None,
        }
    }
}

/// Why the keyring could not be used. Messages never contain secret values.
#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    #[error("the {0} keyring is not available on this platform")]
    Unsupported(&'static str),
    #[error("the system keyring is locked or refused access")]
    NoAccess,
    #[error("the system keyring failed: {0}")]
    Platform(String),
    #[error("a stored secret is not valid text")]
    BadEncoding,
}

impl From<KeyringError> for SecretsError {
    fn from(err: KeyringError) -> Self {
        match err {
            KeyringError::NoStorageAccess(_) => SecretsError::NoAccess,
            KeyringError::BadEncoding(_) => SecretsError::BadEncoding,
            // The platform error text comes from D-Bus or the kernel and names no secret.
            other => SecretsError::Platform(other.to_string()),
        }
    }
}

/// One keyring call, run on the store's thread.
type Job = Box<dyn FnOnce(&CredentialBuilder, &str) + Send>;

/// The keyring, opened for one data directory.
///
/// Every call runs on one dedicated thread: platform stores are blocking and some are
/// thread-sensitive (kernel keyrings hang off per-thread credentials), so the async code
/// around it never calls them from arbitrary runtime threads.
pub struct SecretStore {
    jobs: mpsc::Sender<Job>,
    backend: Backend,
    service: String,
}

impl fmt::Debug for SecretStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretStore")
            .field("backend", &self.backend)
            .field("service", &self.service)
            .finish()
    }
}

impl SecretStore {
    /// Opens the platform's store for `data_dir`: on Linux the Secret Service when one
    /// answers on the session bus, otherwise keyutils. `QUOTLA_KEYRING_BACKEND` forces one.
    pub fn open(data_dir: &Path) -> Result<SecretStore, SecretsError> {
        if let Some(forced) = std::env::var("QUOTLA_KEYRING_BACKEND")
            .ok()
            .as_deref()
            .and_then(Backend::parse)
        {
            return SecretStore::with_backend(forced, data_dir);
        }
        let preferred = platform_default();
        if preferred == Backend::SecretService {
            // Say why: a Secret Service that is activated on the bus but answers late (or
            // locked) lands here too, and the user should be able to tell from the log.
            let why = match SecretStore::with_backend(Backend::SecretService, data_dir) {
                Ok(store) => match store.probe() {
                    Ok(()) => return Ok(store),
                    Err(e) => e.to_string(),
                },
                Err(e) => e.to_string(),
            };
            tracing::warn!(
                reason = %why,
                "the Secret Service did not answer; keeping tokens in kernel keyutils instead"
            );
            return SecretStore::with_backend(Backend::Keyutils, data_dir);
        }
        SecretStore::with_backend(preferred, data_dir)
    }

    /// Opens a specific store (tests use this to exercise each one).
    pub fn with_backend(backend: Backend, data_dir: &Path) -> Result<SecretStore, SecretsError> {
        let builder = builder_for(backend)?;
        let service = namespace(data_dir);
        let (jobs, queue) = mpsc::channel::<Job>();
        let thread_service = service.clone();
        std::thread::Builder::new()
            .name("quotla-keyring".into())
            .spawn(move || {
                for job in queue {
                    job(&*builder, &thread_service);
                }
            })
            .map_err(|e| SecretsError::Platform(format!("keyring thread: {e}")))?;
        Ok(SecretStore {
            jobs,
            backend,
            service,
        })
    }

    /// The store in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Reads a secret; `None` when it was never stored or has been deleted.
    pub fn get(&self, handle: SecretHandle) -> Result<Option<String>, SecretsError> {
        self.run(move |entry| match entry(handle.user())?.get_password() {
            Ok(value) => Ok(Some(value)),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(err) => Err(err.into()),
        })
    }

    /// Stores (or replaces) a secret.
    pub fn set(&self, handle: SecretHandle, value: &str) -> Result<(), SecretsError> {
        let value = value.to_string();
        self.run(move |entry| Ok(entry(handle.user())?.set_password(&value)?))
    }

    /// Removes a secret; removing one that is not there is not an error.
    pub fn delete(&self, handle: SecretHandle) -> Result<(), SecretsError> {
        self.run(
            move |entry| match entry(handle.user())?.delete_credential() {
                Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
                Err(err) => Err(err.into()),
            },
        )
    }

    /// A read that must answer "no entry" when the store works at all.
    fn probe(&self) -> Result<(), SecretsError> {
        self.run(|entry| match entry("probe")?.get_password() {
            Ok(_) | Err(KeyringError::NoEntry) => Ok(()),
            Err(err) => Err(err.into()),
        })
    }

    /// Runs `work` on the keyring thread with a function that opens an entry by user name.
    fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&dyn Fn(&str) -> Result<Entry, SecretsError>) -> Result<T, SecretsError>
            + Send
            + 'static,
    ) -> Result<T, SecretsError> {
        let (reply, answer) = mpsc::sync_channel(1);
        let job: Job = Box::new(move |builder, service| {
            let entry = |user: &str| -> Result<Entry, SecretsError> {
                Ok(Entry::new_with_credential(
                    builder.build(None, service, user)?,
                ))
            };
            let _ = reply.send(work(&entry));
        });
        let stopped = || SecretsError::Platform("the keyring thread stopped".into());
        self.jobs.send(job).map_err(|_| stopped())?;
        answer.recv().map_err(|_| stopped())?
    }
}

/// The keyring service name for a data directory: readable prefix plus a digest of the
/// directory's canonical path, so two profiles never share entries.
pub fn namespace(data_dir: &Path) -> String {
    let canonical = data_dir
        .canonicalize()
        .unwrap_or_else(|_| data_dir.to_path_buf());
    let digest = Sha256::digest(canonical.to_string_lossy().as_bytes());
    format!("app.quotla.desktop/{}", hex::encode(&digest[..8]))
}

fn platform_default() -> Backend {
    if cfg!(target_os = "macos") {
        Backend::Keychain
    } else if cfg!(target_os = "windows") {
        Backend::CredentialManager
    } else {
        Backend::SecretService
    }
}

fn builder_for(backend: Backend) -> Result<Box<CredentialBuilder>, SecretsError> {
    match backend {
        #[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
        Backend::SecretService => Ok(keyring::secret_service::default_credential_builder()),
        #[cfg(target_os = "linux")]
        Backend::Keyutils => Ok(Box::new(keyutils::UserKeyringBuilder)),
        #[cfg(target_os = "macos")]
        Backend::Keychain => Ok(keyring::macos::default_credential_builder()),
        #[cfg(target_os = "windows")]
        Backend::CredentialManager => Ok(keyring::windows::default_credential_builder()),
        #[allow(unreachable_patterns)]
        other => Err(SecretsError::Unsupported(other.as_str())),
    }
}
