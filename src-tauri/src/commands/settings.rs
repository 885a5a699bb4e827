use std::path::PathBuf;

use quotla_core::currency::Currency;
use quotla_core::model::{
    BackupResult, BackupSummary, BusinessProfile, DocumentSettings, LogoPreview,
};
use quotla_core::zone::AppContext;
use tauri::{AppHandle, Runtime, State};

use crate::error::{AppError, ErrorCode};
use crate::events::{changed, Resource};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn get_business_profile(state: State<'_, AppState>) -> Result<BusinessProfile, AppError> {
    Ok(state.store().await.business_profile().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn update_business_profile<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    profile: BusinessProfile,
) -> Result<BusinessProfile, AppError> {
    let profile = state
        .store()
        .await
        .update_business_profile(&profile)
        .await?;
    changed(&app, &[Resource::Settings]);
    Ok(profile)
}

/// Reads the logo file the user picked (size checked before reading), checks it and stores it.
#[tauri::command]
#[specta::specta]
pub async fn set_business_logo<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
) -> Result<LogoPreview, AppError> {
    let path = absolute_path(&path)?;
    let unreadable = |e: std::io::Error| AppError {
        code: ErrorCode::Validation,
        message: format!("The logo file could not be read: {e}"),
        field: Some("logo".into()),
    };
    let size = std::fs::metadata(&path).map_err(unreadable)?.len();
    if size > quotla_documents::logo::MAX_LOGO_BYTES as u64 {
        return Err(AppError {
            code: ErrorCode::Validation,
            message: format!(
                "The logo is too large: at most {} KB, and this file has {} KB.",
                quotla_documents::logo::MAX_LOGO_BYTES / 1024,
                size.div_ceil(1024)
            ),
            field: Some("logo".into()),
        });
    }
    let bytes = std::fs::read(&path).map_err(unreadable)?;
    let preview = state.store().await.set_business_logo(bytes).await?;
    changed(&app, &[Resource::Settings]);
    Ok(preview)
}

#[tauri::command]
#[specta::specta]
pub async fn clear_business_logo<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<(), AppError> {
    state.store().await.clear_business_logo().await?;
    changed(&app, &[Resource::Settings]);
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn get_business_logo(
    state: State<'_, AppState>,
) -> Result<Option<LogoPreview>, AppError> {
    Ok(state.store().await.business_logo_preview().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn get_document_settings(
    state: State<'_, AppState>,
) -> Result<DocumentSettings, AppError> {
    Ok(state.store().await.document_settings().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn update_document_settings<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    settings: DocumentSettings,
) -> Result<DocumentSettings, AppError> {
    let saved = state
        .store()
        .await
        .update_document_settings(&settings)
        .await?;
    changed(&app, &[Resource::Settings]);
    Ok(saved)
}

/// The user's time zone and today's date in it; the UI formats every instant with them.
#[tauri::command]
#[specta::specta]
pub async fn get_app_context(state: State<'_, AppState>) -> Result<AppContext, AppError> {
    Ok(state.store().await.app_context())
}

/// Chooses the time zone (`null`: back to `TZ` or the system's); every screen refetches.
#[tauri::command]
#[specta::specta]
pub async fn set_time_zone<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    zone: Option<String>,
) -> Result<AppContext, AppError> {
    let context = state.store().await.set_time_zone(zone.as_deref()).await?;
    changed(&app, &Resource::ALL);
    Ok(context)
}

/// The ISO 4217 currencies Quotla accepts, with their minor units.
#[tauri::command]
#[specta::specta]
pub fn list_currencies() -> Vec<Currency> {
    quotla_core::currency::all()
}

/// An absolute path chosen in a file dialog; relative paths would depend on the working dir.
pub(crate) fn absolute_path(path: &str) -> Result<PathBuf, AppError> {
    let path = PathBuf::from(path);
    if path.as_os_str().is_empty() || !path.is_absolute() {
        return Err(AppError {
            code: ErrorCode::Validation,
            message: "choose a file with the file dialog (an absolute path is needed)".into(),
            field: Some("path".into()),
        });
    }
    Ok(path)
}

/// Writes a consistent copy of the whole database to `path` while the app keeps running.
#[tauri::command]
#[specta::specta]
pub async fn backup_database(
    state: State<'_, AppState>,
    path: String,
) -> Result<BackupResult, AppError> {
    let path = absolute_path(&path)?;
    Ok(state.store().await.backup_to(&path).await?)
}

/// Checks a backup and says what it holds, so the user confirms a restore knowing it.
#[tauri::command]
#[specta::specta]
pub async fn inspect_backup(
    state: State<'_, AppState>,
    path: String,
) -> Result<BackupSummary, AppError> {
    let path = absolute_path(&path)?;
    Ok(state.store().await.inspect_backup(&path).await?)
}

/// Replaces the database with a validated backup; the old one stays until the swap succeeded.
#[tauri::command]
#[specta::specta]
pub async fn restore_database<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
) -> Result<(), AppError> {
    let path = absolute_path(&path)?;
    state.store_handle().restore_from(&path).await?;
    changed(&app, &Resource::ALL);
    Ok(())
}
