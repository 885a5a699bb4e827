//! The business profile.

use super::Store;
use crate::error::{CoreError, Result};
use crate::model::BusinessProfile;

impl Store {
    pub async fn business_profile(&self) -> Result<BusinessProfile> {
        Err(CoreError::InvalidState("not implemented yet".into()))
    }
    pub async fn update_business_profile(
        &self,
        _profile: &BusinessProfile,
    ) -> Result<BusinessProfile> {
        Err(CoreError::InvalidState("not implemented yet".into()))
    }
}
