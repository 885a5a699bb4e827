//! What every command opens: the data directory's store and, when a keyring is available,
//! its Calendly connection and sync engine — the same ones the app uses.

use std::path::PathBuf;
use std::sync::Arc;

use quotla_core::calendly::CalendlyConnection;
use quotla_core::sync::SyncEngine;
use quotla_core::Store;
use quotla_secrets::SecretStore;

use crate::error::CliError;

/// The app's bundle identifier, which names its data directory.
const APP_IDENTIFIER: &str = "app.quotla.desktop";

pub struct Context {
    pub store: Store,
    data_dir: PathBuf,
    engine: Option<SyncEngine>,
}

impl Context {
    pub async fn open(data_dir: Option<PathBuf>) -> Result<Context, CliError> {
        let data_dir = match data_dir {
            Some(dir) => dir,
            None => default_data_dir()?,
        };
        let store = Store::open_in(&data_dir).await?;
        Ok(Context {
            store,
            data_dir,
            engine: None,
        })
    }

    /// The sync engine; opens the keyring on first use.
    pub async fn engine(&mut self) -> Result<&SyncEngine, CliError> {
        if self.engine.is_none() {
            let secrets = SecretStore::open(&self.data_dir).map_err(|e| {
                CliError::Other(format!("no system keyring for Calendly's tokens: {e}"))
            })?;
            let connection = Arc::new(CalendlyConnection::new(&self.data_dir, Arc::new(secrets)));
            connection.check_tokens_present(&self.store).await?;
            self.engine = Some(SyncEngine::new(self.store.clone(), connection));
        }
        Ok(self.engine.as_ref().expect("engine was just set"))
    }
}

/// `QUOTLA_DATA_DIR`, else the platform's data directory of the app.
fn default_data_dir() -> Result<PathBuf, CliError> {
    if let Some(dir) = std::env::var_os("QUOTLA_DATA_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from);
    let base = if cfg!(target_os = "macos") {
        home.map(|h| h.join("Library/Application Support"))
    } else if cfg!(windows) {
        std::env::var_os("APPDATA").map(PathBuf::from)
    } else {
        std::env::var_os("XDG_DATA_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| home.map(|h| h.join(".local/share")))
    };
    base.map(|b| b.join(APP_IDENTIFIER)).ok_or_else(|| {
        CliError::Usage(
            "cannot find the data directory; pass --data-dir or set QUOTLA_DATA_DIR".into(),
        )
    })
}
