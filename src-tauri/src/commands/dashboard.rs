use quotla_core::model::Dashboard;
use tauri::State;

use crate::error::AppError;
use crate::state::AppState;

/// Where the money stands, per currency.
#[tauri::command]
#[specta::specta]
pub async fn get_dashboard(state: State<'_, AppState>) -> Result<Dashboard, AppError> {
    Ok(state.store().await.dashboard().await?)
}
