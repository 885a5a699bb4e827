//! Backup with `VACUUM INTO` and validated restore.

use std::path::Path;

use super::Store;
use crate::error::{CoreError, Result};
use crate::model::BackupResult;

impl Store {
    pub async fn backup_to(&self, _path: &Path) -> Result<BackupResult> {
        Err(CoreError::InvalidState("not implemented yet".into()))
    }
    pub async fn restore_from(&mut self, _path: &Path) -> Result<()> {
        Err(CoreError::InvalidState("not implemented yet".into()))
    }
}
