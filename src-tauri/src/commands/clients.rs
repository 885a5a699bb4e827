use quotla_core::model::{
    Activity, Client, ClientDetail, ClientFilter, ClientInput, ClientSummary, DeleteResult, Id,
    Page, PageRequest,
};
use tauri::{AppHandle, Runtime, State};

use crate::error::AppError;
use crate::events::{changed, Resource};
use crate::state::AppState;

/// One page of the client list, filtered by a search over name, company and e-mail.
#[tauri::command]
#[specta::specta]
pub async fn list_clients(
    state: State<'_, AppState>,
    filter: ClientFilter,
    page: PageRequest,
) -> Result<Page<ClientSummary>, AppError> {
    Ok(state.store().await.client_page(&filter, &page).await?)
}

/// A client with their quotes, invoices and timeline.
#[tauri::command]
#[specta::specta]
pub async fn get_client(state: State<'_, AppState>, id: Id) -> Result<ClientDetail, AppError> {
    Ok(state.store().await.get_client(id).await?)
}

/// One page of a client's timeline, newest first (the client page holds the first).
#[tauri::command]
#[specta::specta]
pub async fn list_client_activity(
    state: State<'_, AppState>,
    client_id: Id,
    page: PageRequest,
) -> Result<Page<Activity>, AppError> {
    Ok(state
        .store()
        .await
        .client_activity_page(client_id, &page)
        .await?)
}

/// The active client with this e-mail address, if any: who a new prospect already is.
#[tauri::command]
#[specta::specta]
pub async fn find_client_by_email(
    state: State<'_, AppState>,
    email: String,
) -> Result<Option<Client>, AppError> {
    Ok(state.store().await.active_client_by_email(&email).await?)
}

/// Active clients with the same name and e-mail as the form (`except`: the one being
/// edited), so the form can warn before it makes a twin.
#[tauri::command]
#[specta::specta]
pub async fn duplicate_clients(
    state: State<'_, AppState>,
    input: ClientInput,
    except: Option<Id>,
) -> Result<Vec<Client>, AppError> {
    Ok(state
        .store()
        .await
        .duplicate_clients(&input, except)
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn create_client<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: ClientInput,
) -> Result<Client, AppError> {
    let client = state.store().await.create_client(&input).await?;
    changed(&app, &[Resource::Clients]);
    Ok(client)
}

/// Saves the form; fails with `conflict` if someone else saved since `expected_version`.
#[tauri::command]
#[specta::specta]
pub async fn update_client<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
    input: ClientInput,
    expected_version: i64,
) -> Result<Client, AppError> {
    let client = state
        .store()
        .await
        .update_client(id, &input, expected_version)
        .await?;
    changed(&app, &[Resource::Clients]);
    Ok(client)
}

/// Deletes a client without documents; archives one that has any.
#[tauri::command]
#[specta::specta]
pub async fn delete_client<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
) -> Result<DeleteResult, AppError> {
    let result = state.store().await.delete_client(id).await?;
    changed(&app, &[Resource::Clients]);
    Ok(result)
}

#[tauri::command]
#[specta::specta]
pub async fn unarchive_client<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
) -> Result<Client, AppError> {
    let client = state.store().await.unarchive_client(id).await?;
    changed(&app, &[Resource::Clients]);
    Ok(client)
}
