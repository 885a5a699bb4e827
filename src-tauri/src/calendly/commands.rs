//! IPC commands of the Calendly integration. Each adapts one call of
//! `quotla_core::calendly::CalendlyConnection` and reports what changed.

use quotla_core::calendly::account::EventTypeFacts;
use quotla_core::calendly::connection::DisconnectOutcome;
use quotla_core::calendly::settings::{ConnectionSettings, SettingKey};
use quotla_core::calendly::view::CalendlyView;
use quotla_core::notices::Notice;
use tauri::{AppHandle, Runtime, State};

use crate::error::AppError;
use crate::events::{changed, Resource};
use crate::state::AppState;

/// The Calendly card.
#[tauri::command]
#[specta::specta]
pub async fn calendly_status(state: State<'_, AppState>) -> Result<CalendlyView, AppError> {
    let store = state.store().await;
    Ok(CalendlyView::load(&store, state.calendly()).await?)
}

/// Starts connecting: opens the system browser at Calendly's authorize page.
#[tauri::command]
#[specta::specta]
pub async fn calendly_connect<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<(), AppError> {
    let store = state.store().await;
    let url = state.calendly_required()?.begin(&store).await?;
    super::browser::open(&app, state.data_dir(), &url)?;
    changed(&app, &[Resource::Calendly]);
    Ok(())
}

/// Forgets a connection attempt the user gave up on (e.g. closed the browser).
#[tauri::command]
#[specta::specta]
pub async fn calendly_cancel_connect<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<(), AppError> {
    state.calendly_required()?.cancel_attempts();
    changed(&app, &[Resource::Calendly]);
    Ok(())
}

/// Fetches the account's event types again.
#[tauri::command]
#[specta::specta]
pub async fn calendly_refresh_event_types<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Vec<EventTypeFacts>, AppError> {
    // A handle, not a guard: a slow Calendly must not hold up a restore.
    let store = state.store_handle();
    let result = state.calendly_required()?.refresh_event_types(&store).await;
    // Even a failure may have changed the account (reconnect needed).
    changed(&app, &[Resource::Calendly]);
    Ok(result?)
}

/// Chooses the event type new booking links use.
#[tauri::command]
#[specta::specta]
pub async fn calendly_set_default_event_type<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    uri: Option<String>,
) -> Result<(), AppError> {
    state
        .store()
        .await
        .set_calendly_default_event_type(uri.as_deref())
        .await?;
    changed(&app, &[Resource::Calendly]);
    Ok(())
}

/// Disconnects Calendly: deletes the webhook subscription, revokes Quotla's access through
/// the relay, deletes the relay inbox and removes the tokens and the account's facts from
/// this device. The synced meetings are kept unless `delete_meetings`; clients, quotes and
/// invoices are untouched.
#[tauri::command]
#[specta::specta]
pub async fn calendly_disconnect<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    delete_meetings: bool,
) -> Result<DisconnectOutcome, AppError> {
    let engine = state.sync_required()?;
    // The worker stops first: no round may write into what is being taken apart. The
    // engine works on a store handle, not a guard: the network must not hold up a restore.
    let paused = state.sync_control().pause().await;
    let outcome = engine.disconnect(delete_meetings).await;
    drop(paused);
    changed(&app, &[Resource::Calendly, Resource::Meetings]);
    Ok(outcome?)
}

/// Deletes the meetings of an earlier, different Calendly account that are kept apart from
/// the connected one's.
#[tauri::command]
#[specta::specta]
pub async fn calendly_delete_earlier_meetings<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<u64, AppError> {
    let store = state.store().await;
    let Some(account) = store.calendly_account().await? else {
        return Ok(0);
    };
    let deleted = store.delete_meetings_except(&account.user_uri).await?;
    changed(&app, &[Resource::Meetings]);
    Ok(deleted)
}

/// Checks the connection and brings meetings up to date now.
#[tauri::command]
#[specta::specta]
pub async fn calendly_sync_now<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<(), AppError> {
    state.sync_required()?;
    state.sync_control().kick();
    changed(&app, &[Resource::Calendly]);
    Ok(())
}

/// Switches the whole integration on or off; off hides every Calendly element.
#[tauri::command]
#[specta::specta]
pub async fn calendly_set_enabled<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    enabled: bool,
) -> Result<(), AppError> {
    state.store().await.set_calendly_enabled(enabled).await?;
    changed(&app, &[Resource::Calendly]);
    Ok(())
}

/// Switches desktop notifications for new, moved and canceled meetings on or off.
#[tauri::command]
#[specta::specta]
pub async fn calendly_set_notifications<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    enabled: bool,
) -> Result<(), AppError> {
    state
        .store()
        .await
        .set_meeting_alerts_enabled(enabled)
        .await?;
    changed(&app, &[Resource::Calendly]);
    Ok(())
}

/// Saves (or with `null` clears) one advanced connection setting.
#[tauri::command]
#[specta::specta]
pub async fn calendly_save_setting<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    key: SettingKey,
    value: Option<String>,
) -> Result<(), AppError> {
    ConnectionSettings::save(&*state.store().await, key, value.as_deref()).await?;
    // An attempt started with the old settings could only fail confusingly now.
    if let Some(connection) = state.calendly() {
        connection.cancel_attempts();
    }
    changed(&app, &[Resource::Calendly]);
    Ok(())
}

/// Notices waiting for the user (e.g. the result of a `quotla://` link).
#[tauri::command]
#[specta::specta]
pub fn take_notices(state: State<'_, AppState>) -> Vec<Notice> {
    state.notices().take()
}
