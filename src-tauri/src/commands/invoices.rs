use quotla_core::model::{
    Id, Invoice, InvoiceFilter, InvoiceInput, InvoiceSummary, Page, PageRequest,
};
use tauri::{AppHandle, Runtime, State};

use crate::error::AppError;
use crate::events::{changed, Resource};
use crate::state::AppState;

/// One page of the invoice list, most recently changed first.
#[tauri::command]
#[specta::specta]
pub async fn list_invoices(
    state: State<'_, AppState>,
    filter: InvoiceFilter,
    page: PageRequest,
) -> Result<Page<InvoiceSummary>, AppError> {
    Ok(state.store().await.invoice_page(&filter, &page).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn get_invoice(state: State<'_, AppState>, id: Id) -> Result<Invoice, AppError> {
    Ok(state.store().await.get_invoice(id).await?)
}

/// Creates a draft invoice; it has no number until issued.
#[tauri::command]
#[specta::specta]
pub async fn create_invoice<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: InvoiceInput,
) -> Result<Invoice, AppError> {
    let invoice = state.store().await.create_invoice(&input).await?;
    changed(&app, &[Resource::Invoices]);
    Ok(invoice)
}

/// Saves a draft; issued invoices are locked (`invalid_state`).
#[tauri::command]
#[specta::specta]
pub async fn update_invoice<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
    input: InvoiceInput,
    expected_version: i64,
) -> Result<Invoice, AppError> {
    let invoice = state
        .store()
        .await
        .update_invoice(id, &input, expected_version)
        .await?;
    changed(&app, &[Resource::Invoices]);
    Ok(invoice)
}

/// Records that an issued invoice was sent to the client (the user confirmed it).
#[tauri::command]
#[specta::specta]
pub async fn mark_invoice_sent<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
    expected_version: i64,
) -> Result<Invoice, AppError> {
    let invoice = state
        .store()
        .await
        .mark_invoice_sent(id, expected_version)
        .await?;
    changed(&app, &[Resource::Invoices]);
    Ok(invoice)
}

/// A new draft copied from an invoice (a voided one, to write it again), dated today.
#[tauri::command]
#[specta::specta]
pub async fn duplicate_invoice<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
) -> Result<Invoice, AppError> {
    let invoice = state.store().await.duplicate_invoice(id).await?;
    changed(&app, &[Resource::Invoices]);
    Ok(invoice)
}

/// Issues a draft: assigns the next gapless number.
#[tauri::command]
#[specta::specta]
pub async fn issue_invoice<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
    expected_version: i64,
) -> Result<Invoice, AppError> {
    let invoice = state
        .store()
        .await
        .issue_invoice(id, expected_version)
        .await?;
    changed(&app, &[Resource::Invoices]);
    Ok(invoice)
}

/// Records payment on `paid_on` (`YYYY-MM-DD`).
#[tauri::command]
#[specta::specta]
pub async fn mark_invoice_paid<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
    paid_on: String,
    expected_version: i64,
) -> Result<Invoice, AppError> {
    let invoice = state
        .store()
        .await
        .mark_invoice_paid(id, &paid_on, expected_version)
        .await?;
    changed(&app, &[Resource::Invoices]);
    Ok(invoice)
}

/// Voids an issued invoice; it keeps its number.
#[tauri::command]
#[specta::specta]
pub async fn void_invoice<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
    expected_version: i64,
) -> Result<Invoice, AppError> {
    let invoice = state
        .store()
        .await
        .void_invoice(id, expected_version)
        .await?;
    changed(&app, &[Resource::Invoices]);
    Ok(invoice)
}

/// Deletes a draft invoice.
#[tauri::command]
#[specta::specta]
pub async fn delete_invoice<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
) -> Result<(), AppError> {
    state.store().await.delete_invoice(id).await?;
    changed(&app, &[Resource::Invoices]);
    Ok(())
}
