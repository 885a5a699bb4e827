//! Invoices: drafts without a number, issued with a gapless number, paid or voided.

use super::Store;
use crate::error::{CoreError, Result};
use crate::model::{Id, Invoice, InvoiceFilter, InvoiceInput, InvoiceSummary};

fn pending() -> CoreError {
    CoreError::InvalidState("not implemented yet".into())
}

impl Store {
    pub async fn list_invoices(&self, _filter: &InvoiceFilter) -> Result<Vec<InvoiceSummary>> {
        Err(pending())
    }
    pub async fn get_invoice(&self, _id: Id) -> Result<Invoice> {
        Err(pending())
    }
    pub async fn create_invoice(&self, _input: &InvoiceInput) -> Result<Invoice> {
        Err(pending())
    }
    pub async fn update_invoice(
        &self,
        _id: Id,
        _input: &InvoiceInput,
        _expected_version: i64,
    ) -> Result<Invoice> {
        Err(pending())
    }
    pub async fn issue_invoice(&self, _id: Id, _expected_version: i64) -> Result<Invoice> {
        Err(pending())
    }
    pub async fn mark_invoice_paid(
        &self,
        _id: Id,
        _paid_on: &str,
        _expected_version: i64,
    ) -> Result<Invoice> {
        Err(pending())
    }
    pub async fn void_invoice(&self, _id: Id, _expected_version: i64) -> Result<Invoice> {
        Err(pending())
    }
    pub async fn delete_invoice(&self, _id: Id) -> Result<()> {
        Err(pending())
    }
}
