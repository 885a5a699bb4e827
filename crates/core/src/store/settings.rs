//! The business profile: one row, created by the first migration.

use super::Store;
use crate::currency;
use crate::error::{CoreError, Result};
use crate::model::BusinessProfile;
use crate::totals::MAX_RATE_MILLI;
use crate::validate::{self, MAX_ADDRESS, MAX_NAME};

#[derive(sqlx::FromRow)]
struct ProfileRow {
    name: String,
    address: Option<String>,
    email: Option<String>,
    default_currency: String,
    default_tax_rate_milli: i64,
}

impl Store {
    pub async fn business_profile(&self) -> Result<BusinessProfile> {
        let r: ProfileRow = sqlx::query_as(
            "SELECT name, address, email, default_currency, default_tax_rate_milli FROM business_profile WHERE id = 1",
        )
        .fetch_one(&self.pool())
        .await?;
        Ok(BusinessProfile {
            name: r.name,
            address: r.address,
            email: r.email,
            default_currency: r.default_currency,
            default_tax_rate_milli: r.default_tax_rate_milli,
        })
    }

    pub async fn update_business_profile(
        &self,
        profile: &BusinessProfile,
    ) -> Result<BusinessProfile> {
        let name = validate::required_text("name", &profile.name, MAX_NAME, "The business name")?;
        let address =
            validate::optional_text("address", profile.address.as_deref(), MAX_ADDRESS, true)?;
        let email = validate::optional_email("email", profile.email.as_deref())?;
        let default_currency = currency::validate("default_currency", &profile.default_currency)?;
        if !(0..=MAX_RATE_MILLI).contains(&profile.default_tax_rate_milli) {
            return Err(CoreError::field(
                "default_tax_rate_milli",
                "the tax rate must be between 0 % and 100 %",
            ));
        }
        sqlx::query(
            "UPDATE business_profile SET name = ?, address = ?, email = ?, default_currency = ?, default_tax_rate_milli = ?
             WHERE id = 1",
        )
        .bind(&name)
        .bind(&address)
        .bind(&email)
        .bind(&default_currency)
        .bind(profile.default_tax_rate_milli)
        .execute(&self.pool())
        .await?;
        self.business_profile().await
    }
}
