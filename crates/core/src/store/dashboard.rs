//! The dashboard figures, per currency.

use super::Store;
use crate::error::{CoreError, Result};
use crate::model::Dashboard;

impl Store {
    pub async fn dashboard(&self) -> Result<Dashboard> {
        Err(CoreError::InvalidState("not implemented yet".into()))
    }
}
