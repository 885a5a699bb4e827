use quotla_core::model::{
    Id, Invoice, Page, PageRequest, Quote, QuoteFilter, QuoteInput, QuoteSummary,
};
use tauri::{AppHandle, Runtime, State};

use crate::error::AppError;
use crate::events::{changed, Resource};
use crate::state::AppState;

/// One page of the quote list, most recently changed first.
#[tauri::command]
#[specta::specta]
pub async fn list_quotes(
    state: State<'_, AppState>,
    filter: QuoteFilter,
    page: PageRequest,
) -> Result<Page<QuoteSummary>, AppError> {
    Ok(state.store().await.quote_page(&filter, &page).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn get_quote(state: State<'_, AppState>, id: Id) -> Result<Quote, AppError> {
    Ok(state.store().await.get_quote(id).await?)
}

/// Creates a draft; the quote gets its number now.
#[tauri::command]
#[specta::specta]
pub async fn create_quote<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: QuoteInput,
) -> Result<Quote, AppError> {
    let quote = state.store().await.create_quote(&input).await?;
    changed(&app, &[Resource::Quotes]);
    Ok(quote)
}

/// A new draft copied from a quote; with `revise`, it replaces a sent, expired or declined
/// quote and links to it.
#[tauri::command]
#[specta::specta]
pub async fn duplicate_quote<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
    revise: bool,
) -> Result<Quote, AppError> {
    let quote = state.store().await.duplicate_quote(id, revise).await?;
    changed(&app, &[Resource::Quotes]);
    Ok(quote)
}

/// Saves a draft; other statuses are `invalid_state`, a stale version is `conflict`.
#[tauri::command]
#[specta::specta]
pub async fn update_quote<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
    input: QuoteInput,
    expected_version: i64,
) -> Result<Quote, AppError> {
    let quote = state
        .store()
        .await
        .update_quote(id, &input, expected_version)
        .await?;
    changed(&app, &[Resource::Quotes]);
    Ok(quote)
}

#[tauri::command]
#[specta::specta]
pub async fn send_quote<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
    expected_version: i64,
) -> Result<Quote, AppError> {
    let quote = state.store().await.send_quote(id, expected_version).await?;
    changed(&app, &[Resource::Quotes]);
    Ok(quote)
}

#[tauri::command]
#[specta::specta]
pub async fn accept_quote<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
    expected_version: i64,
) -> Result<Quote, AppError> {
    let quote = state
        .store()
        .await
        .accept_quote(id, expected_version)
        .await?;
    changed(&app, &[Resource::Quotes]);
    Ok(quote)
}

#[tauri::command]
#[specta::specta]
pub async fn decline_quote<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
    expected_version: i64,
) -> Result<Quote, AppError> {
    let quote = state
        .store()
        .await
        .decline_quote(id, expected_version)
        .await?;
    changed(&app, &[Resource::Quotes]);
    Ok(quote)
}

/// Turns an accepted quote into a draft invoice (once); both keep the link.
#[tauri::command]
#[specta::specta]
pub async fn convert_quote_to_invoice<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
) -> Result<Invoice, AppError> {
    let invoice = state.store().await.convert_quote_to_invoice(id).await?;
    changed(&app, &[Resource::Quotes, Resource::Invoices]);
    Ok(invoice)
}

/// Deletes a draft quote.
#[tauri::command]
#[specta::specta]
pub async fn delete_quote<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
) -> Result<(), AppError> {
    state.store().await.delete_quote(id).await?;
    changed(&app, &[Resource::Quotes]);
    Ok(())
}
