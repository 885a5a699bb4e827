//! Quotes: numbered at creation, edited as drafts, sent, decided, converted.

use super::Store;
use crate::error::{CoreError, Result};
use crate::model::{Id, Invoice, Quote, QuoteFilter, QuoteInput, QuoteSummary};

fn pending() -> CoreError {
    CoreError::InvalidState("not implemented yet".into())
}

impl Store {
    pub async fn list_quotes(&self, _filter: &QuoteFilter) -> Result<Vec<QuoteSummary>> {
        Err(pending())
    }
    pub async fn get_quote(&self, _id: Id) -> Result<Quote> {
        Err(pending())
    }
    pub async fn create_quote(&self, _input: &QuoteInput) -> Result<Quote> {
        Err(pending())
    }
    pub async fn update_quote(
        &self,
        _id: Id,
        _input: &QuoteInput,
        _expected_version: i64,
    ) -> Result<Quote> {
        Err(pending())
    }
    pub async fn send_quote(&self, _id: Id, _expected_version: i64) -> Result<Quote> {
        Err(pending())
    }
    pub async fn accept_quote(&self, _id: Id, _expected_version: i64) -> Result<Quote> {
        Err(pending())
    }
    pub async fn decline_quote(&self, _id: Id, _expected_version: i64) -> Result<Quote> {
        Err(pending())
    }
    pub async fn convert_quote_to_invoice(&self, _id: Id) -> Result<Invoice> {
        Err(pending())
    }
    pub async fn delete_quote(&self, _id: Id) -> Result<()> {
        Err(pending())
    }
}
