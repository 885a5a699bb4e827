//! The business profile with its logo, and the document settings: one row each, created by
//! the migrations.

use base64::Engine;
use quotla_documents::{Logo, LogoFormat};

use super::Store;
use crate::currency;
use crate::error::{CoreError, Result};
use crate::model::{BusinessProfile, DocumentSettings, LogoPreview, PaperSize};
use crate::totals::MAX_RATE_MILLI;
use crate::validate::{self, MAX_ADDRESS, MAX_NAME, MAX_NOTES, MAX_PHONE, MAX_TAX_NUMBER};

/// Longest number prefix (`QUO-`, `2026/INV-`).
const MAX_PREFIX: usize = 12;
/// Longest e-mail subject and body templates.
const MAX_SUBJECT: usize = 200;
const MAX_BODY: usize = 5_000;

#[derive(sqlx::FromRow)]
struct ProfileRow {
    name: String,
    address: Option<String>,
    email: Option<String>,
    default_currency: String,
    default_tax_rate_milli: i64,
    phone: Option<String>,
    tax_number: Option<String>,
    payment_details: Option<String>,
    has_logo: bool,
}

#[derive(sqlx::FromRow)]
struct DocumentSettingsRow {
    payment_terms_days: i64,
    quote_prefix: String,
    invoice_prefix: String,
    next_quote_number: i64,
    next_invoice_number: i64,
    quote_notes: Option<String>,
    invoice_notes: Option<String>,
    paper_size: PaperSize,
    email_subject: String,
    email_body: String,
}

/// A number prefix: printable, no spaces at either end, at most [`MAX_PREFIX`] characters.
fn valid_prefix(field: &str, value: &str) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.chars().count() > MAX_PREFIX {
        return Err(CoreError::field(
            field,
            format!("A number prefix can have at most {MAX_PREFIX} characters."),
        ));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(CoreError::field(
            field,
            "A number prefix cannot contain line breaks or control characters.",
        ));
    }
    Ok(trimmed.to_string())
}

impl Store {
    pub async fn business_profile(&self) -> Result<BusinessProfile> {
        let r: ProfileRow = sqlx::query_as(
            "SELECT name, address, email, default_currency, default_tax_rate_milli, phone, tax_number,
                payment_details, EXISTS (SELECT 1 FROM business_logo) AS has_logo
             FROM business_profile WHERE id = 1",
        )
        .fetch_one(&self.pool())
        .await?;
        Ok(BusinessProfile {
            name: r.name,
            address: r.address,
            email: r.email,
            default_currency: r.default_currency,
            default_tax_rate_milli: r.default_tax_rate_milli,
            phone: r.phone,
            tax_number: r.tax_number,
            payment_details: r.payment_details,
            has_logo: r.has_logo,
        })
    }

    /// Saves the profile; `has_logo` is ignored (the logo has its own commands).
    pub async fn update_business_profile(
        &self,
        profile: &BusinessProfile,
    ) -> Result<BusinessProfile> {
        let name = validate::required_text("name", &profile.name, MAX_NAME, "The business name")?;
        let address =
            validate::optional_text("address", profile.address.as_deref(), MAX_ADDRESS, true)?;
        let email = validate::optional_email("email", profile.email.as_deref())?;
        let phone = validate::optional_text("phone", profile.phone.as_deref(), MAX_PHONE, false)?;
        let tax_number = validate::optional_text(
            "tax_number",
            profile.tax_number.as_deref(),
            MAX_TAX_NUMBER,
            false,
        )?;
        let payment_details = validate::optional_text(
            "payment_details",
            profile.payment_details.as_deref(),
            MAX_ADDRESS,
            true,
        )?;
        let default_currency = currency::validate("default_currency", &profile.default_currency)?;
        if !(0..=MAX_RATE_MILLI).contains(&profile.default_tax_rate_milli) {
            return Err(CoreError::field(
                "default_tax_rate_milli",
                "The tax rate must be between 0 % and 100 %.",
            ));
        }
        sqlx::query(
            "UPDATE business_profile SET name = ?, address = ?, email = ?, default_currency = ?,
                default_tax_rate_milli = ?, phone = ?, tax_number = ?, payment_details = ?
             WHERE id = 1",
        )
        .bind(&name)
        .bind(&address)
        .bind(&email)
        .bind(&default_currency)
        .bind(profile.default_tax_rate_milli)
        .bind(&phone)
        .bind(&tax_number)
        .bind(&payment_details)
        .execute(&self.pool())
        .await?;
        self.business_profile().await
    }

    /// Checks and stores a logo (PNG, JPEG or SVG by content, at most 1 MiB, decodable).
    pub async fn set_business_logo(&self, bytes: Vec<u8>) -> Result<LogoPreview> {
        let logo = Logo::check(bytes).map_err(|e| CoreError::field("logo", e.to_string()))?;
        sqlx::query(
            "INSERT INTO business_logo (id, media_type, bytes) VALUES (1, ?, ?)
             ON CONFLICT (id) DO UPDATE SET media_type = excluded.media_type, bytes = excluded.bytes",
        )
        .bind(logo.format.media_type())
        .bind(&logo.bytes)
        .execute(&self.pool())
        .await?;
        tracing::info!(
            media_type = logo.format.media_type(),
            bytes = logo.bytes.len(),
            "logo set"
        );
        Ok(preview(&logo))
    }

    pub async fn clear_business_logo(&self) -> Result<()> {
        sqlx::query("DELETE FROM business_logo")
            .execute(&self.pool())
            .await?;
        Ok(())
    }

    /// The stored logo, if any.
    pub(crate) async fn business_logo(&self) -> Result<Option<Logo>> {
        let row: Option<(String, Vec<u8>)> =
            sqlx::query_as("SELECT media_type, bytes FROM business_logo WHERE id = 1")
                .fetch_optional(&self.pool())
                .await?;
        Ok(row.and_then(|(media_type, bytes)| {
            LogoFormat::from_media_type(&media_type).map(|format| Logo { format, bytes })
        }))
    }

    pub async fn business_logo_preview(&self) -> Result<Option<LogoPreview>> {
        Ok(self.business_logo().await?.as_ref().map(preview))
    }

    pub async fn document_settings(&self) -> Result<DocumentSettings> {
        let r: DocumentSettingsRow = sqlx::query_as(
            "SELECT d.*,
                (SELECT next_value FROM counters WHERE name = 'quote') AS next_quote_number,
                (SELECT next_value FROM counters WHERE name = 'invoice') AS next_invoice_number
             FROM document_settings d WHERE d.id = 1",
        )
        .fetch_one(&self.pool())
        .await?;
        Ok(DocumentSettings {
            payment_terms_days: r.payment_terms_days,
            quote_prefix: r.quote_prefix,
            invoice_prefix: r.invoice_prefix,
            next_quote_number: r.next_quote_number,
            next_invoice_number: r.next_invoice_number,
            quote_notes: r.quote_notes,
            invoice_notes: r.invoice_notes,
            paper_size: r.paper_size,
            email_subject: r.email_subject,
            email_body: r.email_body,
        })
    }

    /// Saves the document settings. A next number may only go up: lowering it could give a
    /// second document a number already issued.
    pub async fn update_document_settings(
        &self,
        settings: &DocumentSettings,
    ) -> Result<DocumentSettings> {
        if !(0..=365).contains(&settings.payment_terms_days) {
            return Err(CoreError::field(
                "payment_terms_days",
                "Payment terms must be between 0 and 365 days.",
            ));
        }
        let quote_prefix = valid_prefix("quote_prefix", &settings.quote_prefix)?;
        let invoice_prefix = valid_prefix("invoice_prefix", &settings.invoice_prefix)?;
        let quote_notes = validate::optional_text(
            "quote_notes",
            settings.quote_notes.as_deref(),
            MAX_NOTES,
            true,
        )?;
        let invoice_notes = validate::optional_text(
            "invoice_notes",
            settings.invoice_notes.as_deref(),
            MAX_NOTES,
            true,
        )?;
        let email_subject = validate::required_text(
            "email_subject",
            &settings.email_subject,
            MAX_SUBJECT,
            "The e-mail subject",
        )?;
        let email_body =
            validate::optional_text("email_body", Some(&settings.email_body), MAX_BODY, true)?
                .ok_or_else(|| CoreError::field("email_body", "The e-mail text is required."))?;
        let mut tx = self.write_tx().await?;
        for (counter, field, next, what) in [
            (
                "quote",
                "next_quote_number",
                settings.next_quote_number,
                "quote",
            ),
            (
                "invoice",
                "next_invoice_number",
                settings.next_invoice_number,
                "invoice",
            ),
        ] {
            let current: i64 = sqlx::query_scalar("SELECT next_value FROM counters WHERE name = ?")
                .bind(counter)
                .fetch_one(&mut *tx)
                .await?;
            if next < current {
                return Err(CoreError::field(
                    field,
                    format!(
                        "The next {what} number cannot go below {current}: number {} is already taken.",
                        current - 1
                    ),
                ));
            }
            if next > 999_999_999 {
                return Err(CoreError::field(
                    field,
                    "The next number can have at most nine digits.",
                ));
            }
            sqlx::query("UPDATE counters SET next_value = ? WHERE name = ?")
                .bind(next)
                .bind(counter)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "UPDATE document_settings SET payment_terms_days = ?, quote_prefix = ?, invoice_prefix = ?,
                quote_notes = ?, invoice_notes = ?, paper_size = ?, email_subject = ?, email_body = ?
             WHERE id = 1",
        )
        .bind(settings.payment_terms_days)
        .bind(&quote_prefix)
        .bind(&invoice_prefix)
        .bind(&quote_notes)
        .bind(&invoice_notes)
        .bind(settings.paper_size)
        .bind(&email_subject)
        .bind(&email_body)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.document_settings().await
    }
}

fn preview(logo: &Logo) -> LogoPreview {
    let media_type = logo.format.media_type().to_string();
    let data = base64::engine::general_purpose::STANDARD.encode(&logo.bytes);
    LogoPreview {
        data_url: format!("data:{media_type};base64,{data}"),
        media_type,
    }
}
