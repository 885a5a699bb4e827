//! What the app keeps between commands: the store (whose database a restore swaps under
//! every handle), the Calendly connection and the notices waiting for the user.

use std::ffi::OsString;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use quotla_core::calendly::CalendlyConnection;
use quotla_core::notices::Notices;
use quotla_core::store::WorkGuard;
use quotla_core::sync::SyncEngine;
use quotla_core::Store;

use crate::sync_worker::SyncControl;

use crate::error::{AppError, ErrorCode};

/// Managed state.
pub struct AppState {
    store: Store,
    data_dir: PathBuf,
    /// The sync engine over the store and the Calendly connection; `None` when no keyring
    /// could be opened: Calendly then cannot connect, the rest works.
    sync: Option<Arc<SyncEngine>>,
    /// Steers the sync worker (a new round now, a pause while disconnecting).
    sync_control: Arc<SyncControl>,
    notices: Notices,
}

/// The store for one command, holding off a restore until the command is done, so no
/// command sees its database swapped half-way.
pub struct StoreGuard {
    store: Store,
    _work: WorkGuard,
}

impl Deref for StoreGuard {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

impl AppState {
    pub fn new(store: Store, data_dir: PathBuf, calendly: Option<CalendlyConnection>) -> Self {
        let sync = calendly.map(|c| Arc::new(SyncEngine::new(store.clone(), Arc::new(c))));
        AppState {
            store,
            data_dir,
            sync,
            sync_control: Arc::new(SyncControl::default()),
            notices: Notices::default(),
        }
    }

    /// The data directory (database, token lock file).
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The Calendly integration, if a keyring is available.
    pub fn calendly(&self) -> Option<&CalendlyConnection> {
        self.sync.as_deref().map(|s| s.calendly().as_ref())
    }

    /// The sync engine, if a keyring is available.
    pub fn sync(&self) -> Option<&Arc<SyncEngine>> {
        self.sync.as_ref()
    }

    /// The sync engine, or the error that explains why Calendly cannot work here.
    pub fn sync_required(&self) -> Result<&SyncEngine, AppError> {
        self.sync.as_deref().ok_or_else(|| {
            AppError::new(
                ErrorCode::KeyringUnavailable,
                "Quotla found no system keyring to keep Calendly's tokens safe, so Calendly cannot be connected on this computer.",
            )
        })
    }

    /// Steers the sync worker.
    pub fn sync_control(&self) -> &Arc<SyncControl> {
        &self.sync_control
    }

    /// The Calendly integration, or the error that explains why it cannot work here.
    pub fn calendly_required(&self) -> Result<&CalendlyConnection, AppError> {
        self.sync_required().map(|s| s.calendly().as_ref())
    }

    /// Messages waiting for the user.
    pub fn notices(&self) -> &Notices {
        &self.notices
    }

    /// The store for a command that only touches the database.
    pub async fn store(&self) -> StoreGuard {
        StoreGuard {
            _work: self.store.work().await,
            store: self.store.clone(),
        }
    }

    /// A handle for work that waits on the network (Calendly, the relay) and for restore
    /// itself: a slow server must not hold up a restore, and a query that meets the swap
    /// fails cleanly, after which the handle works on the restored database.
    pub fn store_handle(&self) -> Store {
        self.store.clone()
    }
}

/// The data directory: `QUOTLA_DATA_DIR` if set, else the platform's app data directory.
pub fn data_dir(platform_default: Option<PathBuf>) -> Result<PathBuf, AppError> {
    choose_data_dir(std::env::var_os("QUOTLA_DATA_DIR"), platform_default)
}

fn choose_data_dir(
    configured: Option<OsString>,
    platform_default: Option<PathBuf>,
) -> Result<PathBuf, AppError> {
    match configured.filter(|v| !v.is_empty()) {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => platform_default.ok_or_else(|| {
            AppError::new(
                ErrorCode::Io,
                "could not determine the data directory; set QUOTLA_DATA_DIR",
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_overrides_the_platform_directory() {
        let platform = PathBuf::from("/home/u/.local/share/app.quotla.desktop");
        let pick = |configured: Option<&str>| {
            choose_data_dir(configured.map(OsString::from), Some(platform.clone()))
        };
        assert_eq!(
            pick(Some("/tmp/profile")).unwrap(),
            PathBuf::from("/tmp/profile")
        );
        assert_eq!(pick(Some("")).unwrap(), platform);
        assert_eq!(pick(None).unwrap(), platform);
        assert_eq!(choose_data_dir(None, None).unwrap_err().code, ErrorCode::Io);
    }
}
